package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.NotifyStrategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyPolicyTest {

    /** The previous build of the PR or branch: none, a pass, or a failure. */
    enum Previous {
        FIRST(Optional.empty()), PASSED(Optional.of(true)), FAILED(Optional.of(false));

        final Optional<Boolean> passed;

        Previous(Optional<Boolean> passed) {
            this.passed = passed;
        }
    }

    @ParameterizedTest(name = "{0}: {1} then {2} -> notify={3}")
    @CsvSource({
            // strategy,           previous, current,   notifies
            "EVERY_BUILD,           FIRST,  SUCCEEDED, true",
            "EVERY_BUILD,           FIRST,  FAILED,    true",
            "EVERY_BUILD,           FIRST,  FAULT,     true",
            "EVERY_BUILD,           FIRST,  TIMED_OUT, true",
            "EVERY_BUILD,           PASSED, SUCCEEDED, true",
            "EVERY_BUILD,           PASSED, FAILED,    true",
            "EVERY_BUILD,           PASSED, FAULT,     true",
            "EVERY_BUILD,           PASSED, TIMED_OUT, true",
            "EVERY_BUILD,           FAILED, SUCCEEDED, true",
            "EVERY_BUILD,           FAILED, FAILED,    true",
            "EVERY_BUILD,           FAILED, FAULT,     true",
            "EVERY_BUILD,           FAILED, TIMED_OUT, true",

            "STATUS_CHANGE,         FIRST,  SUCCEEDED, true",
            "STATUS_CHANGE,         FIRST,  FAILED,    true",
            "STATUS_CHANGE,         FIRST,  FAULT,     true",
            "STATUS_CHANGE,         FIRST,  TIMED_OUT, true",
            "STATUS_CHANGE,         PASSED, SUCCEEDED, false",
            "STATUS_CHANGE,         PASSED, FAILED,    true",
            "STATUS_CHANGE,         PASSED, FAULT,     true",
            "STATUS_CHANGE,         PASSED, TIMED_OUT, true",
            "STATUS_CHANGE,         FAILED, SUCCEEDED, true",
            "STATUS_CHANGE,         FAILED, FAILED,    false",
            "STATUS_CHANGE,         FAILED, FAULT,     false",
            "STATUS_CHANGE,         FAILED, TIMED_OUT, false",

            "FAIL_OR_STATUS_CHANGE, FIRST,  SUCCEEDED, true",
            "FAIL_OR_STATUS_CHANGE, FIRST,  FAILED,    true",
            "FAIL_OR_STATUS_CHANGE, FIRST,  FAULT,     true",
            "FAIL_OR_STATUS_CHANGE, FIRST,  TIMED_OUT, true",
            "FAIL_OR_STATUS_CHANGE, PASSED, SUCCEEDED, false",
            "FAIL_OR_STATUS_CHANGE, PASSED, FAILED,    true",
            "FAIL_OR_STATUS_CHANGE, PASSED, FAULT,     true",
            "FAIL_OR_STATUS_CHANGE, PASSED, TIMED_OUT, true",
            "FAIL_OR_STATUS_CHANGE, FAILED, SUCCEEDED, true",
            "FAIL_OR_STATUS_CHANGE, FAILED, FAILED,    true",
            "FAIL_OR_STATUS_CHANGE, FAILED, FAULT,     true",
            "FAIL_OR_STATUS_CHANGE, FAILED, TIMED_OUT, true",
    })
    void truthTable(NotifyStrategy strategy, Previous previous, BuildStatus current, boolean notifies) {
        Decision decision = new StrategyPolicy(strategy, Map.of()).decide(current, previous.passed, Optional.empty());
        assertEquals(notifies, decision.notifies(), decision.reason());
        assertEquals(notifies, decision instanceof Decision.Notify);
    }

    @Test
    void failedThenTimedOutIsNotAChange() {
        Decision decision = new StrategyPolicy(NotifyStrategy.STATUS_CHANGE, Map.of())
                .decide(BuildStatus.TIMED_OUT, Optional.of(false), Optional.empty());
        assertEquals(new Decision.Quiet("status_change: status unchanged"), decision);
    }

    @Test
    void firstBuildCountsAsAChange() {
        Decision decision = new StrategyPolicy(NotifyStrategy.STATUS_CHANGE, Map.of())
                .decide(BuildStatus.SUCCEEDED, Optional.empty(), Optional.of("main"));
        assertEquals(new Decision.Notify("status_change: first build"), decision);
    }

    @Test
    void overrideAppliesOnlyToItsBranch() {
        StrategyPolicy policy = new StrategyPolicy(NotifyStrategy.FAIL_OR_STATUS_CHANGE,
                Map.of("master", NotifyStrategy.EVERY_BUILD));
        Optional<Boolean> previousPassed = Optional.of(true);

        assertTrue(policy.decide(BuildStatus.SUCCEEDED, previousPassed, Optional.of("master")).notifies());
        assertFalse(policy.decide(BuildStatus.SUCCEEDED, previousPassed, Optional.of("main")).notifies());
        assertFalse(policy.decide(BuildStatus.SUCCEEDED, previousPassed, Optional.of("master-2")).notifies());
        assertFalse(policy.decide(BuildStatus.SUCCEEDED, previousPassed, Optional.empty()).notifies());
    }

    @Test
    void strategyForFallsBackToTheDefault() {
        StrategyPolicy policy = new StrategyPolicy(NotifyStrategy.STATUS_CHANGE,
                Map.of("feature-x", NotifyStrategy.EVERY_BUILD));
        assertEquals(NotifyStrategy.EVERY_BUILD, policy.strategyFor(Optional.of("feature-x")));
        assertEquals(NotifyStrategy.STATUS_CHANGE, policy.strategyFor(Optional.of("main")));
        assertEquals(NotifyStrategy.STATUS_CHANGE, policy.strategyFor(Optional.empty()));
    }

    @Test
    void parseOverrides() {
        Map<String, NotifyStrategy> expected = new LinkedHashMap<>();
        expected.put("master", NotifyStrategy.EVERY_BUILD);
        expected.put("feature-x", NotifyStrategy.STATUS_CHANGE);

        assertEquals(expected, StrategyPolicy.parseOverrides("master:every_build,feature-x:status_change"));
        assertEquals(expected, StrategyPolicy.parseOverrides(" master : every_build , feature-x:STATUS_CHANGE ,"));
    }

    @Test
    void parseOverridesKeepsSlashesInBranchNames() {
        assertEquals(Map.of("release/1.x", NotifyStrategy.FAIL_OR_STATUS_CHANGE),
                StrategyPolicy.parseOverrides("release/1.x:fail_or_status_change"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", "   ", ",", " , "})
    void emptyOverrideListsAreEmpty(String spec) {
        assertEquals(Map.of(), StrategyPolicy.parseOverrides(spec));
    }

    @Test
    void nullOverrideListIsEmpty() {
        assertEquals(Map.of(), StrategyPolicy.parseOverrides(null));
    }

    @ParameterizedTest(name = "''{0}'' is rejected naming ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "master                          | master",
            "master:                         | master:",
            ":every_build                    | :every_build",
            "master:sometimes                | sometimes",
            "main:every_build,master:often   | often",
            "main:every_build,develop        | develop",
    })
    void parseOverridesRejectsMalformedEntriesNamingTheBadPart(String spec, String badPart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StrategyPolicy.parseOverrides(spec));
        assertTrue(e.getMessage().contains("'" + badPart + "'"), e.getMessage());
    }

    @Test
    void unknownStrategyMessageListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StrategyPolicy.parseOverrides("master:sometimes"));
        assertTrue(e.getMessage().contains("every_build, status_change, fail_or_status_change"), e.getMessage());
        assertTrue(e.getMessage().contains("master"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "every_build,             EVERY_BUILD",
            "status_change,           STATUS_CHANGE",
            "' Fail_Or_Status_Change ', FAIL_OR_STATUS_CHANGE",
    })
    void strategyIds(String text, NotifyStrategy strategy) {
        assertEquals(Optional.of(strategy), NotifyStrategy.parse(text));
        assertEquals(strategy, NotifyStrategy.parse(strategy.id()).orElseThrow());
    }

    @Test
    void unknownStrategyId() {
        assertEquals(Optional.empty(), NotifyStrategy.parse("sometimes"));
        assertEquals(Optional.empty(), NotifyStrategy.parse(null));
    }
}
