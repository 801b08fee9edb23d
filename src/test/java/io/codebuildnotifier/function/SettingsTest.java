package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.NotifyStrategy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

    private static Settings settings(String... variablesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < variablesAndValues.length; i += 2) {
            env.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        return Settings.from(env);
    }

    @Test
    void defaults() {
        Settings s = Settings.from(Map.of());

        assertEquals(List.of("main", "master"), s.policy().whitelistBranches());
        assertEquals(NotifyStrategy.FAIL_OR_STATUS_CHANGE, s.policy().strategies().defaultStrategy());
        assertEquals(Map.of(), s.policy().strategies().overrides());
        assertEquals("codebuild-history", s.wiring().historyTable());
        assertEquals("slack/codebuild", s.wiring().slackSecretName());
        assertEquals(URI.create("https://slack.com/api/"), s.wiring().slackApiUrl());
        assertEquals(URI.create("https://api.github.com"), s.wiring().githubApiUrl());
        assertEquals(Optional.empty(), s.policy().channel());
        assertEquals(Optional.empty(), s.wiring().region());
        assertEquals(Optional.empty(), s.wiring().aliasTable());
        assertEquals(List.of(), s.slackAdmins());
    }

    @Test
    void everyOptionIsRead() {
        Settings s = settings(
                "CBN_ADDITIONAL_CHANNEL", "#builds",
                "CBN_AWS_REGION", "eu-west-1",
                "CBN_DEFAULT_NOTIFY_STRATEGY", "every_build",
                "CBN_DYNAMO_TABLE", "history",
                "CBN_OVERRIDE_NOTIFY_STRATEGY", "master:status_change",
                "CBN_SLACK_ADMIN_USERNAMES", "U123,ops@example.com",
                "CBN_SLACK_ALIAS_TABLE", "aliases",
                "CBN_SLACK_SECRET_NAME", "my/secret",
                "CBN_WHITELIST_BRANCHES", "trunk",
                "CBN_SLACK_API_URL", "http://localhost:9000/api/",
                "CBN_GITHUB_API_URL", "https://git.example.com/api/v3");

        assertEquals(Optional.of("#builds"), s.policy().channel());
        assertEquals(Optional.of("eu-west-1"), s.wiring().region());
        assertEquals(NotifyStrategy.EVERY_BUILD, s.policy().strategies().defaultStrategy());
        assertEquals(Map.of("master", NotifyStrategy.STATUS_CHANGE), s.policy().strategies().overrides());
        assertEquals("history", s.wiring().historyTable());
        assertEquals(List.of("U123", "ops@example.com"), s.slackAdmins());
        assertEquals(Optional.of("aliases"), s.wiring().aliasTable());
        assertEquals("my/secret", s.wiring().slackSecretName());
        assertEquals(List.of("trunk"), s.policy().whitelistBranches());
        assertEquals(URI.create("http://localhost:9000/api/"), s.wiring().slackApiUrl());
        assertEquals(URI.create("https://git.example.com/api/v3"), s.wiring().githubApiUrl());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Option.class)
    void emptyAndBlankValuesCountAsUnset(Option option) {
        Settings defaults = Settings.from(Map.of());
        assertEquals(defaults, settings(option.variable(), ""));
        assertEquals(defaults, settings(option.variable(), "  "));
    }

    @ParameterizedTest
    @EnumSource(Option.class)
    void everyOptionIsACbnVariable(Option option) {
        assertTrue(option.variable().startsWith("CBN_"), option.variable());
    }

    @Test
    void commaListsAreTrimmed() {
        Settings s = settings(
                "CBN_WHITELIST_BRANCHES", " main , release/1.x,,develop , ",
                "CBN_SLACK_ADMIN_USERNAMES", " alice ,  U123 ,");
        assertEquals(List.of("main", "release/1.x", "develop"), s.policy().whitelistBranches());
        assertEquals(List.of("alice", "U123"), s.slackAdmins());
        assertTrue(s.policy().isWhitelisted("release/1.x"));
        assertFalse(s.policy().isWhitelisted("feature/x"));
        assertFalse(s.policy().isWhitelisted("master"));
    }

    @Test
    void valuesAreTrimmed() {
        Settings s = settings("CBN_DYNAMO_TABLE", "  history  ", "CBN_DEFAULT_NOTIFY_STRATEGY", " status_change ");
        assertEquals("history", s.wiring().historyTable());
        assertEquals(NotifyStrategy.STATUS_CHANGE, s.policy().strategies().defaultStrategy());
    }

    @Test
    void apiUrlsAreNormalised() {
        Settings s = settings(
                "CBN_SLACK_API_URL", "http://localhost:9000/api",
                "CBN_GITHUB_API_URL", "http://localhost:9001/");
        assertEquals(URI.create("http://localhost:9000/api/"), s.wiring().slackApiUrl());
        assertEquals(URI.create("http://localhost:9001"), s.wiring().githubApiUrl());
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
            "CBN_DEFAULT_NOTIFY_STRATEGY  | sometimes",
            "CBN_OVERRIDE_NOTIFY_STRATEGY | master",
            "CBN_OVERRIDE_NOTIFY_STRATEGY | master:",
            "CBN_OVERRIDE_NOTIFY_STRATEGY | :every_build",
            "CBN_OVERRIDE_NOTIFY_STRATEGY | master:sometimes",
            "CBN_SLACK_API_URL            | not a url",
            "CBN_SLACK_API_URL            | slack.com/api",
            "CBN_SLACK_API_URL            | ftp://slack.com/api/",
            "CBN_GITHUB_API_URL           | api.github.com",
            "CBN_GITHUB_API_URL           | https://",
    })
    void badValuesFailNamingTheVariable(String variable, String value) {
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class, () -> settings(variable, value));
        assertTrue(failure.getMessage().startsWith(variable + ": "), failure.getMessage());
    }

    @Test
    void badStrategyMessageSaysWhatIsAllowed() {
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> settings("CBN_DEFAULT_NOTIFY_STRATEGY", "sometimes"));
        assertTrue(failure.getMessage().contains("'sometimes'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("every_build, status_change, fail_or_status_change"),
                failure.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"master", "master:", ":every_build", "master:sometimes"})
    void malformedOverrideMessageNamesTheEntry(String override) {
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> settings("CBN_OVERRIDE_NOTIFY_STRATEGY", override));
        String badPart = override.equals("master:sometimes") ? "sometimes" : override;
        assertTrue(failure.getMessage().contains("'" + badPart + "'"), failure.getMessage());
    }

    // ---- who may act from Slack (the interactions function) ---------------

    @Test
    void interactivityDefaults() {
        Settings.Interactivity i = Settings.from(Map.of()).interactivity();
        assertEquals(List.of(), i.approvers(), "nobody approves from Slack unless named");
        assertEquals(io.codebuildnotifier.interactions.Rules.RetryBy.AUTHORS, i.retryBy());
        assertFalse(i.allowSelfApproval());
        assertEquals(Optional.empty(), i.queueUrl());
        assertEquals(Settings.Interactivity.DEFAULTS, i);
    }

    @Test
    void interactivityIsRead() {
        Settings.Interactivity i = settings(
                "CBN_APPROVERS", " U0JANE0001, W0ENT00002 ,lead@example.com,@release-managers,",
                "CBN_RETRY_BY", "Anyone",
                "CBN_ALLOW_SELF_APPROVAL", "true",
                "CBN_INTERACTIONS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/interactions.fifo")
                .interactivity();
        assertEquals(List.of("U0JANE0001", "W0ENT00002", "lead@example.com", "@release-managers"), i.approvers());
        assertEquals(io.codebuildnotifier.interactions.Rules.RetryBy.ANYONE, i.retryBy());
        assertTrue(i.allowSelfApproval());
        assertEquals(Optional.of(URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/interactions.fifo")),
                i.queueUrl());
        assertEquals(io.codebuildnotifier.interactions.Rules.RetryBy.NOBODY, settings("CBN_RETRY_BY", "nobody").interactivity().retryBy());
        assertEquals(io.codebuildnotifier.interactions.Rules.RetryBy.AUTHORS, settings("CBN_RETRY_BY", "authors").interactivity().retryBy());
    }

    /** `sam local invoke` passes the queue's logical id: the work is then done in the same invocation. */
    @Test
    void aLogicalIdForTheInteractionsQueueMeansNoQueue() {
        assertEquals(Optional.empty(), settings("CBN_INTERACTIONS_QUEUE_URL", "InteractionsQueue").interactivity()
                .queueUrl());
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
            "CBN_RETRY_BY                 | approvers",
            "CBN_RETRY_BY                 | all",
            "CBN_ALLOW_SELF_APPROVAL      | yes",
            "CBN_APPROVERS                | jane",
            "CBN_APPROVERS                | U0JANE0001 U0JOHN0002",
            "CBN_APPROVERS                | @",
            "CBN_APPROVERS                | release managers",
            "CBN_APPROVERS                | u0jane0001",
            "CBN_INTERACTIONS_QUEUE_URL   | https://sqs.eu-west-1.amazonaws.com/123456789012/interactions",
            "CBN_INTERACTIONS_QUEUE_URL   | sqs/interactions.fifo",
            "CBN_DELIVERY_QUEUE_URL       | https://sqs.eu-west-1.amazonaws.com/123456789012/delivery",
    })
    void badInteractivityValuesFailNamingTheVariable(String variable, String value) {
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class, () -> settings(variable, value));
        assertTrue(failure.getMessage().startsWith(variable + ": "), failure.getMessage());
        assertTrue(failure.getMessage().contains(value.trim()), failure.getMessage());
    }

    @Test
    void aBadRetryByNamesWhatIsAllowed() {
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> settings("CBN_RETRY_BY", "approvers"));
        assertTrue(failure.getMessage().contains("authors, anyone, nobody"), failure.getMessage());
    }
}
