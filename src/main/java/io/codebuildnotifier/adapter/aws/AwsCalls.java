package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * Bounds every AWS call by the invocation's deadline: the whole call (the SDK's own retries
 * included) must end before the deadline less a margin, and one attempt takes at most a few
 * seconds. A call that cannot start in time is not started: the invocation fails with a message
 * and Lambda retries it, instead of Lambda stopping it half-way.
 */
final class AwsCalls {
    /** One attempt of a call that normally takes milliseconds. */
    static final Duration ATTEMPT = Duration.ofSeconds(5);
    /** A whole call, retries included, when the invocation has plenty of time. */
    static final Duration CALL = Duration.ofSeconds(20);

    private AwsCalls() {
    }

    static AwsRequestOverrideConfiguration within(Deadline deadline, String what) {
        Duration call = deadline.attemptTimeout(CALL, what);
        Duration attempt = call.compareTo(ATTEMPT) < 0 ? call : ATTEMPT;
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(call).apiCallAttemptTimeout(attempt).build();
    }
}
