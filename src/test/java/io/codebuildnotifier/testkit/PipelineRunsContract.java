package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.PipelineRuns;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PipelineRuns} does: a start per client token (any token of ours, however long or odd), the
 * latest runs newest first, a console page per execution; a pipeline that does not exist is permanent.
 */
public abstract class PipelineRunsContract {
    protected static final String WEB = "web-release";
    protected static final String API = "api-release";

    /** Runs of the pipelines {@link #WEB} and {@link #API}, neither run yet. */
    protected abstract PipelineRuns newRuns();

    private PipelineRuns runs;

    @BeforeEach
    void open() {
        runs = newRuns();
    }

    @Test
    void aStartGivesAnExecutionThatIsListedFirst() {
        String id = runs.start(WEB, "nonce-1", deadline());
        assertFalse(id.isBlank());
        List<PipelineRuns.Run> latest = runs.latest(WEB, 5, deadline());
        assertEquals(id, latest.getFirst().executionId());
        assertFalse(latest.getFirst().status().isBlank());
    }

    @Test
    void theSameClientTokenStartsOnce() {
        String first = runs.start(WEB, "nonce-2", deadline());
        assertEquals(first, runs.start(WEB, "nonce-2", deadline()));
        assertEquals(1, runs.latest(WEB, 10, deadline()).size());
    }

    @Test
    void anyTokenOfOursIsTaken() {
        String odd = "Ev0.1793000000:trigger/x y+z" + "q".repeat(300);
        String first = runs.start(API, odd, deadline());
        assertEquals(first, runs.start(API, odd, deadline()));
        assertNotEquals(first, runs.start(API, odd + "2", deadline()));
    }

    @Test
    void theLatestAreNewestFirstAndAsManyAsAsked() {
        String a = runs.start(WEB, "nonce-a", deadline());
        String b = runs.start(WEB, "nonce-b", deadline());
        String c = runs.start(WEB, "nonce-c", deadline());
        assertEquals(List.of(c, b), runs.latest(WEB, 2, deadline()).stream().map(PipelineRuns.Run::executionId)
                .toList());
        assertEquals(List.of(c, b, a), runs.latest(WEB, 10, deadline()).stream().map(PipelineRuns.Run::executionId)
                .toList());
        assertEquals(List.of(), runs.latest(API, 10, deadline()), "each pipeline its own");
        assertEquals(List.of(), runs.latest(WEB, 0, deadline()));
    }

    @Test
    void aPipelineThatDoesNotExistIsPermanent() {
        assertThrows(PermanentFailure.class, () -> runs.start("nothing", "nonce-3", deadline()));
        assertThrows(PermanentFailure.class, () -> runs.latest("nothing", 5, deadline()));
    }

    @Test
    void anExecutionHasAConsolePage() {
        String url = runs.executionUrl(WEB, "1234-abcd");
        assertTrue(url.startsWith("https://"), url);
        assertTrue(url.contains(WEB) && url.contains("1234-abcd"), url);
    }

    @Test
    void nothingIsStartedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> runs.start(WEB, "nonce-4", ContractFixtures.spent()));
        assertEquals(List.of(), runs.latest(WEB, 5, deadline()));
    }
}
