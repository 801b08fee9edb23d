package io.codebuildnotifier.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.ChannelRoutes.Kind;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelRoutesTest {

    @Test
    void rulesAreReadInOrderAndTheFirstMatchWins() {
        ChannelRoutes routes = new ChannelRoutes(ChannelRoutes.parse(
                "build:webapp-*=#webapp-ci,build:*=#ci, deploy:shop/prod=#releases"), Optional.of("#builds"));

        assertEquals(Optional.of("#webapp-ci"), routes.channelFor(Kind.BUILD, "webapp-api"));
        assertEquals(Optional.of("#ci"), routes.channelFor(Kind.BUILD, "billing"));
        assertEquals(Optional.of("#releases"), routes.channelFor(Kind.DEPLOY, "shop/prod"));
        assertEquals(Optional.of("#builds"), routes.channelFor(Kind.DEPLOY, "shop/dev"), "the catch-all");
        assertEquals(Optional.of("#builds"), routes.channelFor(Kind.PUSH, "widgets"));
    }

    @Test
    void starMatchesAnyRunOfCharactersAndNothingElseIsSpecial() {
        ChannelRoutes routes = new ChannelRoutes(ChannelRoutes.parse("build:a.*-ci=C0123ABCD,build:*x*=ci"),
                Optional.empty());

        assertEquals(Optional.of("C0123ABCD"), routes.channelFor(Kind.BUILD, "a.b-ci"));
        assertEquals(Optional.of("C0123ABCD"), routes.channelFor(Kind.BUILD, "a.-ci"));
        assertEquals(Optional.empty(), routes.channelFor(Kind.BUILD, "ab-ci"), "a dot is a dot");
        assertEquals(Optional.of("ci"), routes.channelFor(Kind.BUILD, "xx"));
        assertEquals(Optional.empty(), routes.channelFor(Kind.BUILD, "abc"));
        assertEquals(Optional.empty(), routes.channelFor(Kind.PIPELINE, "xx"), "a rule is for its kind only");
    }

    @Test
    void everyKindLaterSourcesUseIsKnown() {
        assertEquals(5, ChannelRoutes.parse("build:a=#a,approval:b=#b,pipeline:c=#c,deploy:d/e=#d,push:f=#f").size());
        assertEquals(List.of(), ChannelRoutes.parse(" , "));
    }

    @Test
    void aMalformedRuleSaysWhichAndWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelRoutes.parse("build:a=#a,webapp=#b"))
                .getMessage().contains("'webapp=#b' is not KIND:PATTERN=CHANNEL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelRoutes.parse("deploys:a=#a"))
                .getMessage().contains("the kind 'deploys' is not one of [build, approval, pipeline, deploy, push]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ChannelRoutes.parse("build:a=#a b"))
                .getMessage().contains("is not a channel name or id"));
        assertThrows(IllegalArgumentException.class, () -> ChannelRoutes.parse("build:=#a"));
        assertThrows(IllegalArgumentException.class, () -> ChannelRoutes.parse("build:a="));
    }
}
