package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.interactions.BuildRetries;
import io.codebuildnotifier.interactions.BuildRetries.Retried;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BuildRetries} does: a retry starts a new build of the same project, one per token; a build that
 * does not exist is permanent; nothing starts without time left.
 */
public abstract class BuildRetriesContract {
    /** Finished builds of project {@code widgets-ci} (numbers 1 and 2) and {@code gadgets-ci} (number 7). */
    protected static final String WIDGETS_1 = "widgets-ci:11111111-1111-4111-8111-111111111111";
    protected static final String WIDGETS_2 = "widgets-ci:22222222-2222-4222-8222-222222222222";
    protected static final String GADGETS_7 = "gadgets-ci:77777777-7777-4777-8777-777777777777";

    /** Retries where the builds {@link #WIDGETS_1} (#1), {@link #WIDGETS_2} (#2) and {@link #GADGETS_7} (#7) finished. */
    protected abstract BuildRetries newRetries();

    private BuildRetries retries;

    @BeforeEach
    void open() {
        retries = newRetries();
    }

    @Test
    void aRetryStartsANewBuildOfTheSameProjectNumberedNext() {
        Retried retried = retries.retry(WIDGETS_1, "token-1", deadline());
        assertNotEquals(WIDGETS_1, retried.buildId());
        assertTrue(retried.buildId().startsWith("widgets-ci:"), retried.buildId());
        assertEquals(3, retried.buildNumber(), "numbered after the project's latest");
        assertTrue(retried.url().startsWith("https://"), retried.url());
    }

    @Test
    void theSameTokenStartsOneBuild() {
        Retried first = retries.retry(WIDGETS_2, "token-2", deadline());
        assertEquals(first, retries.retry(WIDGETS_2, "token-2", deadline()));
    }

    @Test
    void anotherTokenStartsAnotherBuild() {
        Retried first = retries.retry(GADGETS_7, "token-3", deadline());
        Retried second = retries.retry(GADGETS_7, "token-4", deadline());
        assertNotEquals(first.buildId(), second.buildId());
        assertEquals(first.buildNumber() + 1, second.buildNumber());
    }

    @Test
    void aBuildThatDoesNotExistIsPermanent() {
        assertThrows(PermanentFailure.class, () -> retries.retry("widgets-ci:99999999-9999-4999-8999-999999999999",
                "token-6", deadline()));
        assertThrows(PermanentFailure.class, () -> retries.retry("nothing-ci:99999999-9999-4999-8999-999999999999",
                "token-7", deadline()));
    }

    @Test
    void nothingIsStartedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> retries.retry(WIDGETS_1, "token-8", ContractFixtures.spent()));
        Retried retried = retries.retry(WIDGETS_1, "token-8", deadline());
        assertEquals(3, retried.buildNumber(), "the spent call started nothing");
    }
}
