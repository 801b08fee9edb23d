package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.DeliveryQueue;
import io.codebuildnotifier.notification.Outgoing;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The delivery queue in AWS: an SQS FIFO queue whose message group is the destination (a channel,
 * or the person a direct message is for), so that each destination's messages are sent in order
 * and at its own pace while the others go on; deduplicated by the message's delivery key, so that
 * a retried invocation queues nothing twice within SQS's five-minute window (the sender's notes
 * cover the rest). Ten messages per {@code SendMessageBatch}.
 */
public final class SqsDeliveryQueue implements DeliveryQueue {
    static final int BATCH = 10;
    static final int MAX_GROUP = 128;

    private final SqsClient client;
    private final String queueUrl;

    public SqsDeliveryQueue(SqsClient client, URI queueUrl) {
        this.client = client;
        this.queueUrl = queueUrl.toString();
    }

    @Override
    public List<Delivery> enqueue(List<Outgoing> messages, Deadline deadline) {
        List<Delivery> queued = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<Outgoing> chunk = messages.subList(from, Math.min(messages.size(), from + BATCH));
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Outgoing message = chunk.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody(QueuedMessages.encode(message))
                        .messageGroupId(group(message.destination()))
                        .messageDeduplicationId(message.deliveryKey()).build());
            }
            SendMessageBatchResponse response;
            try {
                response = client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)
                        .overrideConfiguration(AwsCalls.within(deadline, "SQS SendMessageBatch")));
            } catch (SdkException e) {
                throw AwsErrors.classify("SQS SendMessageBatch", e);
            }
            if (response.hasFailed() && !response.failed().isEmpty()) {
                BatchResultErrorEntry first = response.failed().get(0);
                throw new TransientFailure("SQS SendMessageBatch could not queue " + response.failed().size() + " of "
                        + entries.size() + " messages (" + first.code() + ")");
            }
            chunk.forEach(message -> queued.add(Delivery.queued(message)));
        }
        return queued;
    }

    /**
     * A message group or deduplication id (this queue's and {@link SqsWorkQueue}'s): SQS takes letters, digits and
     * ASCII punctuation, at most 128; anything else becomes {@code _}, and nothing at all {@code _}.
     */
    static String group(String value) {
        StringBuilder group = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            group.append(c > 32 && c < 127 ? c : '_');
            if (group.length() == MAX_GROUP) {
                break;
            }
        }
        return group.isEmpty() ? "_" : group.toString();
    }
}
