package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.sources.pipeline.RunHistory;
import io.codebuildnotifier.sources.pipeline.RunHistory.Latest;
import io.codebuildnotifier.sources.pipeline.RunHistory.Run;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunHistory} keeps: per pipeline, the latest run and the one before it; a run recorded again
 * changes nothing; an older run's late record is refused; pipelines are apart.
 */
public abstract class RunHistoryContract {
    protected abstract RunHistory newHistory();

    private RunHistory history;

    @BeforeEach
    void open() {
        history = newHistory();
    }

    static final Instant T0 = Instant.parse("2026-11-03T10:00:00Z");
    static final Run FAILED = new Run("0d8f2b4c-1e3a-4c5b-8d7e-9f0a1b2c3d4e", "FAILED", T0);
    static final Run PASSED = new Run("1e9a3c5d-2f4b-4d6c-9e8f-0a1b2c3d4e5f", "SUCCEEDED", T0.plusSeconds(600));
    static final Run PASSED_AGAIN = new Run("2f0b4d6e-3a5c-4e7d-8f9a-1b2c3d4e5f60", "SUCCEEDED", T0.plusSeconds(1200));

    @Test
    void aPipelineWithNoRunHasNone() {
        assertEquals(Optional.empty(), history.latest("web-release", deadline()));
    }

    @Test
    void theLatestRunKeepsTheOneBeforeIt() {
        assertTrue(history.record("web-release", FAILED, deadline()));
        assertEquals(Optional.of(new Latest(FAILED, Optional.empty())), history.latest("web-release", deadline()));

        assertTrue(history.record("web-release", PASSED, deadline()));
        assertEquals(Optional.of(new Latest(PASSED, Optional.of(FAILED))), history.latest("web-release", deadline()));

        assertTrue(history.record("web-release", PASSED_AGAIN, deadline()));
        assertEquals(Optional.of(new Latest(PASSED_AGAIN, Optional.of(PASSED))),
                history.latest("web-release", deadline()));
    }

    @Test
    void recordingTheLatestAgainChangesNothing() {
        history.record("web-release", FAILED, deadline());
        history.record("web-release", PASSED, deadline());

        assertTrue(history.record("web-release", PASSED, deadline()));
        assertEquals(Optional.of(new Latest(PASSED, Optional.of(FAILED))), history.latest("web-release", deadline()),
                "a retry still sees the run before it");
    }

    @Test
    void anOlderRunIsNotRecordedOverALaterOne() {
        history.record("web-release", PASSED, deadline());

        assertFalse(history.record("web-release", FAILED, deadline()));
        assertEquals(Optional.of(new Latest(PASSED, Optional.empty())), history.latest("web-release", deadline()));
    }

    @Test
    void pipelinesAreApart() {
        history.record("web-release", FAILED, deadline());
        history.record("api-release", PASSED, deadline());

        assertEquals(FAILED, history.latest("web-release", deadline()).orElseThrow().run());
        assertEquals(PASSED, history.latest("api-release", deadline()).orElseThrow().run());
    }
}
