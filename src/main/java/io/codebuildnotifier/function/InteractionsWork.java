package io.codebuildnotifier.function;

import io.codebuildnotifier.interactions.Ack;
import io.codebuildnotifier.interactions.Request;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;

/**
 * What the interactions handler asks of the core, in two steps: {@link #acknowledge} within Slack's three seconds
 * (no AWS call; at most opening a dialog), then, in another invocation when there is a queue, {@link #complete}.
 * The core's {@code interactions.Interactions} is one; tests give a stub.
 */
public interface InteractionsWork {

    /** The answer at once, and whether work remains. Fast: the chat waits for it. */
    Ack acknowledge(Request request, Deadline deadline);

    /**
     * The rest of the work, once per request id however often it is delivered.
     *
     * @throws io.codebuildnotifier.kernel.TransientFailure when it should be tried again (the queue redelivers)
     */
    void complete(Request request, Invocation invocation);
}
