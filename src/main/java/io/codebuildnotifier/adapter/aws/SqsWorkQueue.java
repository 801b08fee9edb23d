package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A work queue in AWS: an SQS FIFO queue that one function sends work to and reads back through its event source
 * mapping (the interactions function's {@code InteractionsQueue}: what is left of a request from Slack after its
 * answer). Each message is one piece of work; its group keeps one requester's work in order, its deduplication id
 * makes a second send of the same work within SQS's five minutes (a retried request) queue nothing.
 */
public final class SqsWorkQueue {
    private final SqsClient client;
    private final String queueUrl;

    public SqsWorkQueue(SqsClient client, URI queueUrl) {
        this.client = Objects.requireNonNull(client, "client");
        this.queueUrl = queueUrl.toString();
    }

    /**
     * Queues one piece of work.
     *
     * @param body            the work, as its reader decodes it (at most 256 KiB)
     * @param group           whose work it is: kept in order with the same group's
     * @param deduplicationId the same for every send of the same work
     * @throws io.codebuildnotifier.kernel.TransientFailure when SQS fails or throttles (the caller answers so that
     *         the work is asked for again)
     * @throws io.codebuildnotifier.kernel.MisconfigurationFailure when access is denied or the queue is missing
     */
    public void send(String body, String group, String deduplicationId, Deadline deadline) {
        try {
            client.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)
                    .messageGroupId(SqsDeliveryQueue.group(group))
                    .messageDeduplicationId(SqsDeliveryQueue.group(deduplicationId))
                    .overrideConfiguration(AwsCalls.within(deadline, "SQS SendMessage")));
        } catch (SdkException e) {
            throw AwsErrors.classify("SQS SendMessage", e);
        }
    }
}
