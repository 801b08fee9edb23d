package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox.SqsBatch;
import io.codebuildnotifier.sandbox.Sandbox.SqsCounts;
import io.codebuildnotifier.sandbox.Sandbox.SqsMessage;
import io.codebuildnotifier.sandbox.Sandbox.SqsQueueSettings;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * SQS FIFO queues ({@code AmazonSQS}, AWS JSON 1.0 as the AWS SDK v2 speaks it, recorded as {@code sqs}):
 * SendMessage and SendMessageBatch (and GetQueueAttributes' message counts), validated as SQS validates them, and the queues' state for a test or the
 * burst benchmark to consume as Lambda's FIFO event source mapping would ({@link #receive}, {@link #complete}).
 *
 * <p>A queue is named by the last path segment of its URL. A URL whose name ends in {@code .fifo} names a queue
 * that exists (it is made, with {@link SqsQueueSettings#DEFAULTS}, when first used, or beforehand by
 * {@link #queue}); any other answers {@code QueueDoesNotExist}: standard queues are not modelled.
 *
 * <p>As SQS does: every message needs a {@code MessageGroupId} and, unless the queue has content-based
 * deduplication, a {@code MessageDeduplicationId}; a message whose deduplication id was accepted in the last five
 * minutes is answered successful (with the first one's message id) but not queued again. Each message group is
 * kept in order; a group with a message in flight gives no other message until that one is deleted, or its
 * visibility timeout (counted from its receipt) runs out. A message received {@code maxReceiveCount} times that
 * becomes visible again moves to the queue's dead letters instead. Thread-safe; times are read on one clock
 * ({@link System#nanoTime} unless {@linkplain #clock given}).
 */
final class FakeSqs extends AwsJsonService {

    static final String JSON_1_0 = "application/x-amz-json-1.0";
    static final Duration DEDUPLICATION_WINDOW = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 10;
    /** SQS's limit for one message, and for all of a batch's messages together. */
    static final int MAX_PAYLOAD = 262_144;
    private static final Pattern ENTRY_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    /** Group and deduplication ids: up to 128 of the ASCII letters, digits and punctuation. */
    private static final Pattern TOKEN = Pattern.compile("[!-~]{1,128}");

    /** One message as the queue keeps it. */
    private static final class Message {
        final String id;
        final String body;
        final String group;
        final String deduplicationId;
        final String sequenceNumber;
        final long sentMillis;
        final long sentNanos;
        int receiveCount;
        long firstReceiveMillis;
        /** The receipt handle of its current receipt, {@code null} while it is visible. */
        String receiptHandle;
        long invisibleUntilNanos;

        Message(String id, String body, String group, String deduplicationId, String sequenceNumber, long sentMillis,
                long sentNanos) {
            this.id = id;
            this.body = body;
            this.group = group;
            this.deduplicationId = deduplicationId;
            this.sequenceNumber = sequenceNumber;
            this.sentMillis = sentMillis;
            this.sentNanos = sentNanos;
        }

        boolean inFlight() {
            return receiptHandle != null;
        }

        SqsMessage snapshot() {
            return new SqsMessage(id, receiptHandle, body, group, deduplicationId, sequenceNumber, receiveCount,
                    sentMillis, firstReceiveMillis, sentNanos);
        }
    }

    /** An accepted deduplication id: until when it counts, and what the first message was answered. */
    private record Accepted(long untilNanos, String messageId, String sequenceNumber) {
    }

    private static final class Queue {
        final String name;
        SqsQueueSettings settings;
        /** Each message group's messages in order, the groups in the order they were first used. */
        final Map<String, ArrayDeque<Message>> groups = new LinkedHashMap<>();
        final List<Message> deadLetters = new ArrayList<>();
        final Map<String, Accepted> deduplication = new HashMap<>();
        long sequence;
        long enqueued;
        long deduplicated;
        long staleCompletions;

        Queue(String name, SqsQueueSettings settings) {
            this.name = name;
            this.settings = settings;
        }
    }

    /** An injected per-entry failure of SendMessageBatch (see {@link #failNextEntries}). */
    private record EntryFault(String code, boolean senderFault) {
    }

    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final ArrayDeque<EntryFault> entryFaults = new ArrayDeque<>();
    private LongSupplier nanoTime = System::nanoTime;
    private long messages;
    private long receipts;
    private long batches;

    FakeSqs(CallRecorder recorder) {
        super("AmazonSQS", "sqs", recorder);
    }

    @Override
    String contentType() {
        return JSON_1_0;
    }

    // ------------------------------------------------------------------ set-up

    /** The clock visibility timeouts and deduplication windows are read on, in nanoseconds. */
    synchronized void clock(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Makes the FIFO queue {@code name} (ending in .fifo) with these settings, or gives an existing one them. */
    synchronized void queue(String name, SqsQueueSettings settings) {
        if (!name.endsWith(".fifo") || !Pattern.matches("[A-Za-z0-9_-]{1,75}\\.fifo", name)) {
            throw new IllegalArgumentException("a FIFO queue's name is up to 80 letters, digits, - and _ ending in "
                    + ".fifo: " + name);
        }
        queues.computeIfAbsent(name, n -> new Queue(n, settings)).settings = Objects.requireNonNull(settings);
    }

    /** The next {@code count} entries of SendMessageBatch (any queue) fail with this error code. */
    synchronized void failNextEntries(int count, String code, boolean senderFault) {
        for (int i = 0; i < count; i++) {
            entryFaults.add(new EntryFault(code, senderFault));
        }
    }

    synchronized void clearEntryFaults() {
        entryFaults.clear();
    }

    // ------------------------------------------------------------------ the wire

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return switch (operation) {
            case "SendMessage" -> sendMessage(request);
            case "SendMessageBatch" -> sendMessageBatch(request);
            case "GetQueueAttributes" -> getQueueAttributes(request);
            default -> sqsError(400, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                    "The sandbox's SQS does not support " + operation + ".");
        };
    }

    /**
     * GetQueueAttributes of a queue: {@code ApproximateNumberOfMessages} (visible) and
     * {@code ApproximateNumberOfMessagesNotVisible} (in flight), exact here; the others are not kept.
     */
    private Reply getQueueAttributes(JsonNode request) {
        Queue queue = queue(request);
        if (queue == null) {
            return noSuchQueue();
        }
        SqsCounts counts = counts(request.path("QueueUrl").asText());
        ObjectNode attributes = Json.object();
        java.util.Set<String> asked = new java.util.HashSet<>();
        request.path("AttributeNames").forEach(n -> asked.add(n.asText()));
        if (asked.contains("All") || asked.contains("ApproximateNumberOfMessages")) {
            attributes.put("ApproximateNumberOfMessages", Integer.toString(counts.visible()));
        }
        if (asked.contains("All") || asked.contains("ApproximateNumberOfMessagesNotVisible")) {
            attributes.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(counts.inFlight()));
        }
        ObjectNode response = Json.object();
        response.set("Attributes", attributes);
        return reply(response);
    }

    private Reply sendMessage(JsonNode request) {
        Queue queue = queue(request);
        if (queue == null) {
            return noSuchQueue();
        }
        Optional<Reply> unsupported = unsupported(request);
        if (unsupported.isPresent()) {
            return unsupported.get();
        }
        Entry entry = Entry.of(request, null);
        Optional<Failure> invalid = validate(queue, entry);
        if (invalid.isPresent()) {
            Failure failure = invalid.get();
            // MissingParameter, InvalidParameterValue and the like are SQS's common errors: no AWS.SimpleQueueService. prefix
            return sqsError(400, failure.code(), failure.code(), failure.message());
        }
        Accepted accepted = enqueue(queue, entry);
        ObjectNode response = Json.object().put("MessageId", accepted.messageId())
                .put("MD5OfMessageBody", md5(entry.body())).put("SequenceNumber", accepted.sequenceNumber());
        return reply(response);
    }

    private Reply sendMessageBatch(JsonNode request) {
        Queue queue = queue(request);
        if (queue == null) {
            return noSuchQueue();
        }
        JsonNode entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty()) {
            return sqsError(400, "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest",
                    "There should be at least one SendMessageBatchRequestEntry in the request.");
        }
        if (entries.size() > MAX_ENTRIES) {
            return sqsError(400, "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
                    "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
        }
        Set<String> ids = new HashSet<>();
        long payload = 0;
        for (JsonNode entry : entries) {
            String id = entry.path("Id").asText("");
            if (!ENTRY_ID.matcher(id).matches()) {
                return sqsError(400, "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId",
                        "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                                + "It can be at most 80 letters long.");
            }
            if (!ids.add(id)) {
                return sqsError(400, "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                        "Id " + id + " repeated.");
            }
            Optional<Reply> unsupported = unsupported(entry);
            if (unsupported.isPresent()) {
                return unsupported.get();
            }
            payload += entry.path("MessageBody").asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        if (payload > MAX_PAYLOAD) {
            return sqsError(400, "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong",
                    "Batch requests cannot be longer than 262144 bytes. You have sent " + payload + " bytes.");
        }
        ObjectNode response = Json.object();
        ArrayNode successful = response.putArray("Successful");
        ArrayNode failed = response.putArray("Failed");
        for (JsonNode node : entries) {
            Entry entry = Entry.of(node, node.path("Id").asText());
            EntryFault injected = entryFaults.poll();
            Optional<Failure> failure = injected != null
                    ? Optional.of(new Failure(injected.code(), injected.senderFault(), "injected by the sandbox"))
                    : validate(queue, entry);
            if (failure.isPresent()) {
                failed.addObject().put("Id", entry.id()).put("SenderFault", failure.get().senderFault())
                        .put("Code", failure.get().code()).put("Message", failure.get().message());
                continue;
            }
            Accepted accepted = enqueue(queue, entry);
            successful.addObject().put("Id", entry.id()).put("MessageId", accepted.messageId())
                    .put("MD5OfMessageBody", md5(entry.body())).put("SequenceNumber", accepted.sequenceNumber());
        }
        return reply(response);
    }

    /** One message to send, as a request (SendMessage) or a batch entry gives it. */
    private record Entry(String id, String body, String group, String deduplicationId, boolean delayed) {
        static Entry of(JsonNode node, String id) {
            return new Entry(id, text(node, "MessageBody"), text(node, "MessageGroupId"),
                    text(node, "MessageDeduplicationId"), node.hasNonNull("DelaySeconds")
                            && node.path("DelaySeconds").asInt() != 0);
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    private record Failure(String code, boolean senderFault, String message) {
    }

    private static Optional<Failure> validate(Queue queue, Entry entry) {
        if (entry.body() == null || entry.body().isEmpty()) {
            return Optional.of(new Failure("MissingParameter", true,
                    "The request must contain the parameter MessageBody."));
        }
        if (entry.body().getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD) {
            return Optional.of(new Failure("InvalidParameterValue", true,
                    "One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes."));
        }
        if (!validCharacters(entry.body())) {
            return Optional.of(new Failure("InvalidMessageContents", true,
                    "Invalid binary character in the message body."));
        }
        if (entry.delayed()) {
            return Optional.of(new Failure("InvalidParameterValue", true, "Value for parameter DelaySeconds is "
                    + "invalid. Reason: The request include parameter that is not valid for this queue type."));
        }
        if (entry.group() == null) {
            return Optional.of(new Failure("MissingParameter", true,
                    "The request must contain the parameter MessageGroupId."));
        }
        if (!TOKEN.matcher(entry.group()).matches()) {
            return Optional.of(new Failure("InvalidParameterValue", true,
                    "Value " + entry.group() + " for parameter MessageGroupId is invalid. Reason: MessageGroupId can "
                            + "only include alphanumeric and punctuation characters. 1 to 128 in length."));
        }
        if (entry.deduplicationId() == null && !queue.settings.contentBasedDeduplication()) {
            return Optional.of(new Failure("InvalidParameterValue", true, "The queue should either have "
                    + "ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly"));
        }
        if (entry.deduplicationId() != null && !TOKEN.matcher(entry.deduplicationId()).matches()) {
            return Optional.of(new Failure("InvalidParameterValue", true,
                    "Value " + entry.deduplicationId() + " for parameter MessageDeduplicationId is invalid. Reason: "
                            + "MessageDeduplicationId can only include alphanumeric and punctuation characters. "
                            + "1 to 128 in length."));
        }
        return Optional.empty();
    }

    /** The characters SQS allows in a body: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF. */
    private static boolean validCharacters(String body) {
        return body.codePoints().allMatch(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF));
    }

    /** Message attributes, system attributes and per-queue options the notifier never sends are not modelled. */
    private static Optional<Reply> unsupported(JsonNode request) {
        for (String field : List.of("MessageAttributes", "MessageSystemAttributes")) {
            if (request.has(field) && !request.get(field).isEmpty()) {
                return Optional.of(sqsError(400, "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation",
                        "The sandbox's SQS does not model " + field + "."));
            }
        }
        return Optional.empty();
    }

    private Accepted enqueue(Queue queue, Entry entry) {
        long now = nanoTime.getAsLong();
        queue.deduplication.values().removeIf(a -> a.untilNanos() - now <= 0);
        String deduplicationId = entry.deduplicationId() != null ? entry.deduplicationId() : sha256(entry.body());
        Accepted earlier = queue.deduplication.get(deduplicationId);
        if (earlier != null) {
            queue.deduplicated++;
            return earlier;
        }
        String id = UUID.nameUUIDFromBytes((queue.name + " " + (++messages)).getBytes(StandardCharsets.UTF_8))
                .toString();
        // SQS's sequence numbers are large, increasing and 20 digits or so
        String sequence = String.format(java.util.Locale.ROOT, "%020d", 10_000_000_000_000_000L + (++queue.sequence));
        Message message = new Message(id, entry.body(), entry.group(), deduplicationId, sequence,
                System.currentTimeMillis(), now);
        queue.groups.computeIfAbsent(entry.group(), g -> new ArrayDeque<>()).add(message);
        queue.enqueued++;
        Accepted accepted = new Accepted(now + DEDUPLICATION_WINDOW.toNanos(), id, sequence);
        queue.deduplication.put(deduplicationId, accepted);
        notifyAll();
        return accepted;
    }

    private Queue queue(JsonNode request) {
        String url = request.path("QueueUrl").asText("");
        String name;
        try {
            String path = URI.create(url).getPath();
            name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (queues.containsKey(name)) {
            return queues.get(name);
        }
        if (!Pattern.matches("[A-Za-z0-9_-]{1,75}\\.fifo", name)) {
            return null;
        }
        return queues.computeIfAbsent(name, n -> new Queue(n, SqsQueueSettings.DEFAULTS));
    }

    private Queue known(String queueUrl) {
        String path = URI.create(queueUrl).getPath();
        String name = path == null ? queueUrl : path.substring(path.lastIndexOf('/') + 1);
        Queue queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("no queue " + name + " in the sandbox's SQS");
        }
        return queue;
    }

    private Reply reply(ObjectNode body) {
        return new Reply(200, JSON_1_0, body.toString(), requestId());
    }

    /**
     * An SQS error in JSON 1.0: {@code __type} {@code com.amazonaws.sqs#TYPE}, and the query protocol's code in
     * {@code x-amzn-query-error}, which the SDK reports as the error code (SQS is "awsQueryCompatible").
     */
    private static Reply sqsError(int status, String type, String queryCode, String message) {
        ObjectNode body = Json.object().put("__type", "com.amazonaws.sqs#" + type).put("message", message);
        Map<String, String> headers = new LinkedHashMap<>(requestId());
        headers.put("x-amzn-query-error", queryCode + ";Sender");
        return new Reply(status, JSON_1_0, body.toString(), headers);
    }

    private static Reply noSuchQueue() {
        return sqsError(400, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist.");
    }

    static String md5(String body) {
        return digest("MD5", body);
    }

    private static String sha256(String body) {
        return digest("SHA-256", body);
    }

    private static String digest(String algorithm, String body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the consumer (Lambda's event source mapping)

    /**
     * Takes up to {@code max} visible messages, as Lambda's FIFO event source mapping receives them: from the groups
     * with no message in flight, oldest group first, each group's in order from its head; waits up to {@code wait}
     * for one. The messages are in flight from now until {@link #complete}d or their visibility timeout runs out.
     */
    synchronized Optional<SqsBatch> receive(String queueUrl, int max, Duration wait) throws InterruptedException {
        if (max < 1 || max > MAX_ENTRIES) {
            throw new IllegalArgumentException("a receive takes 1 to 10 messages");
        }
        Queue queue = known(queueUrl);
        long waitUntil = nanoTime.getAsLong() + wait.toNanos();
        while (true) {
            long now = nanoTime.getAsLong();
            sweep(queue, now);
            List<ArrayDeque<Message>> ready = queue.groups.values().stream()
                    .filter(g -> !g.isEmpty() && !g.peekFirst().inFlight())
                    .sorted(Comparator.comparing(g -> g.peekFirst().sequenceNumber))
                    .toList();
            if (!ready.isEmpty()) {
                List<SqsMessage> taken = new ArrayList<>();
                long batch = ++batches;
                for (ArrayDeque<Message> group : ready) {
                    for (Message message : group) {
                        if (taken.size() == max) {
                            break;
                        }
                        message.receiveCount++;
                        message.firstReceiveMillis = message.firstReceiveMillis == 0 ? System.currentTimeMillis()
                                : message.firstReceiveMillis;
                        message.receiptHandle = "AQEB" + message.id + "-" + batch + "-" + (++receipts);
                        message.invisibleUntilNanos = now + queue.settings.visibilityTimeout().toNanos();
                        taken.add(message.snapshot());
                    }
                }
                return Optional.of(new SqsBatch(queueUrl, batch, taken));
            }
            long left = waitUntil - now;
            if (left <= 0) {
                return Optional.empty();
            }
            // woken by a send or a completion; a visibility timeout running out is noticed within 20 ms
            long slice = Math.min(left, Duration.ofMillis(20).toNanos());
            wait(Math.max(1, slice / 1_000_000));
        }
    }

    /**
     * Ends a batch as Lambda's event source mapping does with the function's {@code batchItemFailures}: the messages
     * not named are deleted; a failed one and every later one of its group in the batch stay in flight until their
     * visibility timeout runs out (then they are visible again, or dead letters). A message whose receipt is no longer
     * current (its visibility timeout ran out and it was received again) is left as it is.
     */
    synchronized void complete(SqsBatch batch, Collection<String> failedMessageIds) {
        Queue queue = known(batch.queueUrl());
        Set<String> failedGroups = new HashSet<>();
        for (SqsMessage taken : batch.messages()) {
            ArrayDeque<Message> group = queue.groups.get(taken.messageGroupId());
            Message message = group == null ? null : group.stream().filter(m -> m.id.equals(taken.messageId()))
                    .findFirst().orElse(null);
            if (message == null || !Objects.equals(message.receiptHandle, taken.receiptHandle())) {
                queue.staleCompletions++;
                continue;
            }
            if (failedGroups.contains(taken.messageGroupId()) || failedMessageIds.contains(taken.messageId())) {
                failedGroups.add(taken.messageGroupId());
                continue; // in flight until its visibility timeout runs out
            }
            group.remove(message);
            if (group.isEmpty()) {
                queue.groups.remove(taken.messageGroupId());
            }
        }
        notifyAll();
    }

    /** Messages whose visibility timeout ran out are visible again, or dead letters if received often enough. */
    private static void sweep(Queue queue, long now) {
        for (Iterator<Map.Entry<String, ArrayDeque<Message>>> groups = queue.groups.entrySet().iterator();
             groups.hasNext(); ) {
            ArrayDeque<Message> group = groups.next().getValue();
            for (Iterator<Message> it = group.iterator(); it.hasNext(); ) {
                Message message = it.next();
                if (message.inFlight() && message.invisibleUntilNanos - now <= 0) {
                    message.receiptHandle = null;
                    if (message.receiveCount >= queue.settings.maxReceiveCount()) {
                        it.remove();
                        queue.deadLetters.add(message);
                    }
                }
            }
            if (group.isEmpty()) {
                groups.remove();
            }
        }
    }

    synchronized SqsCounts counts(String queueUrl) {
        Queue queue = known(queueUrl);
        sweep(queue, nanoTime.getAsLong());
        int visible = 0;
        int inFlight = 0;
        for (ArrayDeque<Message> group : queue.groups.values()) {
            for (Message message : group) {
                if (message.inFlight()) {
                    inFlight++;
                } else {
                    visible++;
                }
            }
        }
        return new SqsCounts(visible, inFlight, queue.deadLetters.size(), queue.enqueued, queue.deduplicated,
                queue.staleCompletions);
    }

    /** Every message the queue holds (visible or in flight), in the order they were sent. */
    synchronized List<SqsMessage> messages(String queueUrl) {
        Queue queue = known(queueUrl);
        sweep(queue, nanoTime.getAsLong());
        return queue.groups.values().stream().flatMap(ArrayDeque::stream)
                .sorted(Comparator.comparing(m -> m.sequenceNumber)).map(Message::snapshot).toList();
    }

    synchronized List<SqsMessage> deadLetters(String queueUrl) {
        Queue queue = known(queueUrl);
        sweep(queue, nanoTime.getAsLong());
        return queue.deadLetters.stream().map(Message::snapshot).toList();
    }
}
