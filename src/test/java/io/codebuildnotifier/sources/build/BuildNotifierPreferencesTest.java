package io.codebuildnotifier.sources.build;

import static io.codebuildnotifier.sources.build.BuildStatus.FAILED;
import static io.codebuildnotifier.sources.build.BuildStatus.SUCCEEDED;
import static io.codebuildnotifier.sources.build.NotifierFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.testkit.MemoryPreferences;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * People's preferences in build notifications: a mute keeps the person's DM back, their own strategy decides their
 * DM (more or less often than the default), the channel's post is the default's as ever. On in-memory fakes; Ada is
 * U1, Grace U2, {@code main} also goes to {@code #builds}, the default strategy is {@code status_change}.
 */
class BuildNotifierPreferencesTest {
    private final MemoryPreferences preferences = new MemoryPreferences();
    private final NotifierFixture world = new NotifierFixture().preferences(preferences);

    private static Preference muting(String chatId, String subject, Optional<java.time.Instant> until) {
        return new Preference(chatId, List.of(new Preference.Mute(subject, until)), Optional.empty());
    }

    private static Preference strategy(String chatId, NotifyStrategy strategy) {
        return new Preference(chatId, List.of(), Optional.of(strategy));
    }

    @Test
    void aPersonWhoMutedTheProjectGetsNoDirectMessage() {
        preferences.with(muting("U1", "widgets", Optional.empty()));

        Outcome.Recorded outcome = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.build("b1", FAILED, "refs/heads/main", 10)));

        assertEquals(List.of("U2", "#builds"), world.messenger.destinations(), "Grace and the channel, not Ada");
        assertTrue(outcome.decision().notifies());
        Marker marker = world.marker(world.builds.find("widgets:b1", world.deadline).orElseThrow()).orElseThrow();
        assertEquals(Marker.State.DONE, marker.state());
        assertFalse(marker.delivered().contains("dm:U1"), "nothing owed to a muted person");
    }

    @Test
    void aMuteOfAnotherProjectChangesNothing() {
        preferences.with(muting("U1", "gadgets", Optional.empty()));

        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));

        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }

    @Test
    void muteAllSilencesEveryProjectButNotTheChannel() {
        preferences.with(muting("U1", Preference.ALL, Optional.empty()))
                .with(muting("U2", Preference.ALL, Optional.of(NOW.plus(Duration.ofHours(1)))));

        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));

        assertEquals(List.of("#builds"), world.messenger.destinations());
    }

    @Test
    void aMuteThatEndedNoLongerCounts() {
        preferences.with(muting("U1", "widgets", Optional.of(NOW.minusSeconds(1))));

        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));

        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }

    @Test
    void anOwnStrategyMoreTalkativeThanTheDefaultGetsTheDirectMessageAlone() {
        preferences.with(strategy("U1", NotifyStrategy.EVERY_BUILD));
        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));
        int before = world.messenger.posts().size();

        Outcome.Recorded same = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.build("b2", FAILED, "refs/heads/main", 20)));

        assertEquals(List.of("U1"), world.messenger.destinations().subList(before, world.messenger.posts().size()),
                "Ada's own every_build; not Grace, not the channel (status_change: unchanged)");
        assertInstanceOf(Decision.Notify.class, same.decision());
        assertTrue(same.decision().reason().contains("own strategy"), same.decision().reason());
        assertTrue(same.notification().isPresent());
        Marker marker = world.marker(world.builds.find("widgets:b2", world.deadline).orElseThrow()).orElseThrow();
        assertEquals(Marker.State.DONE, marker.state());
        assertEquals(java.util.Set.of("dm:U1"), marker.delivered());
    }

    @Test
    void anOwnStrategyLessTalkativeThanTheDefaultKeepsTheDirectMessageBack() {
        world.strategy(NotifyStrategy.EVERY_BUILD);
        preferences.with(strategy("U1", NotifyStrategy.STATUS_CHANGE));
        world.handle(world.build("b1", SUCCEEDED, "refs/heads/main", 10));
        int before = world.messenger.posts().size();

        world.handle(world.build("b2", SUCCEEDED, "refs/heads/main", 20));

        assertEquals(List.of("U2", "#builds"), world.messenger.destinations().subList(before,
                world.messenger.posts().size()), "the channel and Grace as every_build says; Ada's status is unchanged");
    }

    @Test
    void whenNobodysStrategyWantsItNothingIsSent() {
        preferences.with(strategy("U1", NotifyStrategy.FAIL_OR_STATUS_CHANGE));
        world.handle(world.build("b1", SUCCEEDED, "refs/heads/main", 10));
        int before = world.messenger.posts().size();

        Outcome.Recorded quiet = assertInstanceOf(Outcome.Recorded.class,
                world.handle(world.build("b2", SUCCEEDED, "refs/heads/main", 20)));

        assertEquals(before, world.messenger.posts().size());
        assertEquals(new Decision.Quiet("status_change: status unchanged"), quiet.decision());
        assertTrue(quiet.notification().isEmpty());
        assertEquals(Marker.State.DONE, world.marker(world.builds.find("widgets:b2", world.deadline).orElseThrow())
                .orElseThrow().state());
    }

    @Test
    void aPullRequestHasNoChannelWhateverTheStrategies() {
        preferences.with(strategy("U2", NotifyStrategy.EVERY_BUILD));
        world.handle(world.build("b1", FAILED, "pr/7", 10));
        int before = world.messenger.posts().size();

        world.handle(world.build("b2", FAILED, "pr/7", 20));

        assertEquals(List.of("U2"), world.messenger.destinations().subList(before, world.messenger.posts().size()));
    }

    @Test
    void eachPersonsPreferenceIsReadOnceByTheInvocation() {
        world.handle(world.build("b1", FAILED, "refs/heads/main", 10));
        world.handle(world.build("b2", SUCCEEDED, "refs/heads/main", 20));

        assertEquals(2, preferences.reads(), "Ada's and Grace's, once each");
    }

    @Test
    void aPreferenceThatCannotBeReadFailsTheEventForARetryAndLosesNothing() {
        preferences.failing(1);
        Build build = world.build("b1", FAILED, "refs/heads/main", 10);

        assertThrows(TransientFailure.class, () -> world.handle(build));
        assertTrue(world.messenger.posts().isEmpty());
        assertFalse(world.marker(build).orElseThrow().finished(), "the claim is released, not finished");

        world.handle(build, "inv-2");
        assertEquals(List.of("U1", "U2", "#builds"), world.messenger.destinations());
    }

    @Test
    void withoutPreferencesAQuietBuildIsWrittenFinishedAsBefore() {
        NotifierFixture plain = new NotifierFixture();
        plain.handle(plain.build("b1", FAILED, "refs/heads/main", 10));
        Build quiet = plain.build("b2", FAILED, "refs/heads/main", 20);

        plain.handle(quiet);

        assertEquals(Marker.State.DONE, plain.marker(quiet).orElseThrow().state());
        assertEquals(3, plain.messenger.posts().size());
    }
}
