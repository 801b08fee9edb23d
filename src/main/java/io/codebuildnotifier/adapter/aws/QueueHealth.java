package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.Health;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.sources.build.ReconcileLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The notifier's health from what it keeps: the reconciliation's last run ({@link ReconcileLog}, in the history
 * table) and the failures waiting in the stack's dead-letter and failure queues ({@code ApproximateNumberOfMessages}
 * of each, by SQS {@code GetQueueAttributes}; the function's role needs {@code sqs:GetQueueAttributes} on them).
 *
 * <p>A display, never a reason to fail: a queue that cannot be read is left out of the report (and one line says
 * why), and a last run that cannot be read reads as unknown.
 */
public final class QueueHealth implements Health {
    private final SqsClient client;
    private final Map<String, String> queues;
    private final ReconcileLog reconciliations;
    private final Consumer<String> log;

    /**
     * @param queues          the queues to count, by the name the report shows ({@code FailedInvocationsQueue}) to
     *                        their URL, in the order to show them
     * @param reconciliations where the reconciler notes its runs
     */
    public QueueHealth(SqsClient sqs, Map<String, String> queues, ReconcileLog reconciliations) {
        this(sqs, queues, reconciliations, System.out::println);
    }

    QueueHealth(SqsClient sqs, Map<String, String> queues, ReconcileLog reconciliations, Consumer<String> log) {
        this.client = sqs;
        this.queues = new LinkedHashMap<>(queues);
        this.reconciliations = reconciliations;
        this.log = log;
    }

    @Override
    public Report read(Deadline deadline) {
        Optional<ReconcileLog.Run> last;
        try {
            last = reconciliations.last(deadline);
        } catch (NotifierFailure e) {
            log.accept(LogText.oneLine("codebuild-notifier: health: the last reconciliation could not be read: "
                    + LogText.clip(String.valueOf(e.getMessage()), 300)));
            last = Optional.empty();
        }
        Map<String, Integer> waiting = new LinkedHashMap<>();
        queues.forEach((name, url) -> depth(name, url, deadline).ifPresent(n -> waiting.put(name, n)));
        return new Report(last.map(ReconcileLog.Run::at), last.map(ReconcileLog.Run::recovered).orElse(0), waiting);
    }

    private Optional<Integer> depth(String name, String url, Deadline deadline) {
        try {
            String n = client.getQueueAttributes(r -> r.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .overrideConfiguration(AwsCalls.within(deadline, "SQS GetQueueAttributes")))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return n == null ? Optional.empty() : Optional.of(Integer.parseInt(n.trim()));
        } catch (SdkException e) {
            RuntimeException failure = AwsErrors.classify("SQS GetQueueAttributes on " + name,
                    "sqs:GetQueueAttributes", "the queue " + name, "grant it to the function's role", e);
            log.accept(LogText.oneLine("codebuild-notifier: health: " + name + " left out: "
                    + LogText.clip(String.valueOf(failure.getMessage()), 300)));
            return Optional.empty();
        } catch (NotifierFailure | NumberFormatException e) {
            log.accept(LogText.oneLine("codebuild-notifier: health: " + name + " left out: "
                    + LogText.clip(String.valueOf(e.getMessage()), 300)));
            return Optional.empty();
        }
    }
}
