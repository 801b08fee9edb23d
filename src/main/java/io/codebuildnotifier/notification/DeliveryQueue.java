package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;
import java.util.List;

/**
 * Where owed messages wait for the sender: paced per destination (one group per channel or person,
 * in order), each exactly once by its {@link Outgoing#deliveryKey()}. In AWS an SQS FIFO queue
 * and the sender function; locally the sender itself, at once.
 */
public interface DeliveryQueue {

    /**
     * Hands the messages over, in order.
     *
     * @return what became of each as far as this step knows: queued, or (delivered at once) sent
     * @throws io.codebuildnotifier.kernel.TransientFailure when the queue (or, at once, the chat) is unavailable
     */
    List<Delivery> enqueue(List<Outgoing> messages, Deadline deadline);
}
