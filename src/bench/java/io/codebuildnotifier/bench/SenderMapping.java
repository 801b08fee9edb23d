package io.codebuildnotifier.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Lambda's SQS event source mapping for the sender on a FIFO queue: {@code concurrency} pollers (the mapping's
 * MaximumConcurrency), each with an instance of the sender function of its own, receive batches of up to
 * {@code batchSize} (one batch in flight per message group, {@link Sandbox#sqsReceive}), invoke the handler with the
 * SQS event Lambda sends and a context giving it the function's timeout, and end the batch with the
 * {@code batchItemFailures} it answered ({@link Sandbox#sqsComplete}); a failed invocation, or an answer naming a
 * message not in the batch, fails the whole batch, as Lambda does.
 */
final class SenderMapping implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the invocations came to. */
    record Stats(int invocations, int messages, int reportedFailures, int failedInvocations, int instances,
                 long longestInvocationMillis, int outlivedVisibility, Totals totals, List<String> failures) {
    }

    /** The sender's own account of its batches (its log lines): sent, superseded, already sent, back to the queue. */
    record Totals(int sent, int superseded, int alreadySent, int backToQueue, int dropped) {
        Totals plus(Totals o) {
            return new Totals(sent + o.sent, superseded + o.superseded, alreadySent + o.alreadySent,
                    backToQueue + o.backToQueue, dropped + o.dropped);
        }
    }

    private static final java.util.regex.Pattern SUMMARY = java.util.regex.Pattern.compile(
            "batch of \\d+: (\\d+) sent, (\\d+) superseded, (\\d+) already sent, (\\d+) back to the queue"
                    + "(?:, (\\d+) dropped)?");

    private final Sandbox sandbox;
    private final String queueUrl;
    private final Supplier<RequestStreamHandler> newInstance;
    private final int batchSize;
    private final Duration timeout;
    private final Duration visibility;
    private final PrintStream log;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger messages = new AtomicInteger();
    private final AtomicInteger reported = new AtomicInteger();
    private final AtomicInteger failedInvocations = new AtomicInteger();
    private final AtomicInteger instances = new AtomicInteger();
    private final AtomicInteger outlived = new AtomicInteger();
    private final AtomicLong longest = new AtomicLong();
    private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Totals totals = new Totals(0, 0, 0, 0, 0);

    SenderMapping(Sandbox sandbox, String queueUrl, Supplier<RequestStreamHandler> newInstance, int concurrency,
                  int batchSize, Duration timeout, Duration visibility, PrintStream log) {
        this.sandbox = sandbox;
        this.queueUrl = queueUrl;
        this.newInstance = newInstance;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.visibility = visibility;
        this.log = log;
        for (int i = 0; i < concurrency; i++) {
            Thread poller = new Thread(this::poll, "sender-poller-" + (i + 1));
            poller.setDaemon(true);
            pollers.add(poller);
        }
    }

    void start() {
        pollers.forEach(Thread::start);
    }

    /** No invocation is running. */
    boolean idle() {
        return busy.get() == 0;
    }

    private void poll() {
        RequestStreamHandler instance = null;
        while (running) {
            Optional<Sandbox.SqsBatch> received;
            try {
                received = sandbox.sqsReceive(queueUrl, batchSize, Duration.ofMillis(100));
            } catch (RuntimeException e) {
                failures.add("poller: " + e);
                continue;
            }
            if (received.isEmpty()) {
                continue;
            }
            // a received batch is in flight in the queue's counts until it is completed: busy covers the rest
            busy.incrementAndGet();
            try {
                if (instance == null) {
                    instances.incrementAndGet();
                    instance = newInstance.get();
                }
                invoke(instance, received.get());
            } catch (RuntimeException e) {
                failures.add("poller: " + e);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    private void invoke(RequestStreamHandler instance, Sandbox.SqsBatch batch) {
        invocations.incrementAndGet();
        messages.addAndGet(batch.messages().size());
        String requestId = "sender-" + batch.id();
        TestLambdaContext context = new TestLambdaContext(requestId, (int) timeout.toMillis());
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Set<String> ids = new HashSet<>();
        batch.messages().forEach(m -> ids.add(m.messageId()));
        Set<String> failed;
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            instance.handleRequest(new ByteArrayInputStream(event(batch).getBytes(StandardCharsets.UTF_8)), output,
                    context);
            failed = new HashSet<>();
            for (JsonNode failure : JSON.readTree(output.toByteArray()).path("batchItemFailures")) {
                failed.add(failure.path("itemIdentifier").asText(""));
            }
            if (!ids.containsAll(failed)) {
                failures.add("answer names messages not in the batch: " + failed);
                failed = ids;
            }
            reported.addAndGet(failed.size());
        } catch (Throwable e) {
            thrown = e;
            failedInvocations.incrementAndGet();
            failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            failed = ids;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        longest.accumulateAndGet(millis, Math::max);
        if (millis > visibility.toMillis()) {
            outlived.incrementAndGet();
        }
        synchronized (log) {
            context.logged().forEach(line -> log.print(line.endsWith("\n") ? line : line + "\n"));
            log.println("[" + requestId + " on " + Thread.currentThread().getName() + ": " + batch.messages().size()
                    + " messages of " + batch.messages().stream().map(Sandbox.SqsMessage::messageGroupId).distinct()
                    .toList() + (thrown == null ? "" : " failed: " + thrown) + ", " + millis + " ms]");
        }
        for (String line : context.logged()) {
            java.util.regex.Matcher m = SUMMARY.matcher(line);
            if (m.find()) {
                Totals batchTotals = new Totals(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                        m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
                synchronized (this) {
                    totals = totals.plus(batchTotals);
                }
            }
        }
        sandbox.sqsComplete(batch, failed);
    }

    /** The event Lambda invokes the function with for a batch of a FIFO queue. */
    static String event(Sandbox.SqsBatch batch) {
        String name = batch.queueUrl().substring(batch.queueUrl().lastIndexOf('/') + 1);
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Sandbox.SqsMessage m : batch.messages()) {
            ObjectNode record = records.addObject().put("messageId", m.messageId())
                    .put("receiptHandle", m.receiptHandle()).put("body", m.body());
            record.putObject("attributes").put("ApproximateReceiveCount", Integer.toString(m.receiveCount()))
                    .put("SentTimestamp", Long.toString(m.sentTimestampMillis()))
                    .put("SequenceNumber", m.sequenceNumber()).put("MessageGroupId", m.messageGroupId())
                    .put("SenderId", "AROAEXAMPLE:codebuild-notifier-events")
                    .put("MessageDeduplicationId", m.messageDeduplicationId())
                    .put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceiveTimestampMillis()));
            record.putObject("messageAttributes");
            record.put("md5OfBody", md5(m.body())).put("eventSource", "aws:sqs")
                    .put("eventSourceARN", "arn:aws:sqs:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":" + name)
                    .put("awsRegion", Sandbox.REGION);
        }
        return event.toString();
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Stats stats() {
        return new Stats(invocations.get(), messages.get(), reported.get(), failedInvocations.get(), instances.get(),
                longest.get(), outlived.get(), totals, List.copyOf(failures));
    }

    /** Stops polling; an invocation under way is finished first (up to the function's timeout). */
    @Override
    public void close() {
        running = false;
        for (Thread poller : pollers) {
            try {
                poller.join(timeout.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
