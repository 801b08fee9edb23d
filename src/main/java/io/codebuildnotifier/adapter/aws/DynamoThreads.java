package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Threads;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Threads in the history table: {@code source_id} = {@code thread:CONVERSATION} (or
 * {@code thread:sha256:HEX} of it when the conversation is longer than {@value #MAX_ID_BYTES} bytes),
 * {@code version_key} = the target ({@code dm:U…}, {@code channel:…}), with {@code channel} and
 * {@code ts} (the parent), {@code shown_key}, {@code shown_revision} and {@code shown_at} (epoch ms:
 * what the parent shows) and {@code expires_at} (epoch seconds, the table's TTL attribute; an expired
 * item is ignored until DynamoDB removes it). Each write is one conditional UpdateItem.
 */
public final class DynamoThreads implements Threads {
    static final String PREFIX = "thread:";
    /** Above this, the conversation is hashed: a partition key holds at most 2,048 bytes. */
    static final int MAX_ID_BYTES = 1024;

    private final DynamoDbClient client;
    private final String table;

    public DynamoThreads(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String target, String conversation) {
        String id = PREFIX + conversation;
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            id = PREFIX + "sha256:" + sha256(conversation);
        }
        return Map.of("source_id", DynamoHistory.s(id), "version_key", DynamoHistory.s(target));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public Optional<Thread> find(String target, String conversation, Instant now, Deadline deadline) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(key(target, conversation)).consistentRead(true)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem on " + table))).item();
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, e);
        }
        if (item == null || item.isEmpty() || Items.number(item, Markers.TTL_ATTRIBUTE) <= now.getEpochSecond()) {
            return Optional.empty();
        }
        String channel = Items.text(item, "channel");
        String ts = Items.text(item, "ts");
        String shownKey = Items.text(item, "shown_key");
        if (channel.isEmpty() || ts.isEmpty() || shownKey.indexOf(':') <= 0) {
            return Optional.empty(); // unreadable: as if none
        }
        return Optional.of(new Thread(new MessageRef(channel, ts), new Shown(new NotificationKey(shownKey),
                Items.number(item, "shown_revision"), Instant.ofEpochMilli(Items.number(item, "shown_at")))));
    }

    @Override
    public boolean start(String target, String conversation, Thread thread, Instant expiresAt, Deadline deadline) {
        Map<String, AttributeValue> values = values(thread, expiresAt);
        values.put(":now", DynamoHistory.n(thread.shown().at().getEpochSecond()));
        return write(target, conversation, SET_ALL, "attribute_not_exists(#ts) OR #ttl <= :now", NAMES, values,
                deadline);
    }

    @Override
    public boolean restart(String target, String conversation, MessageRef vanished, Thread thread, Instant expiresAt,
                           Deadline deadline) {
        Map<String, AttributeValue> values = values(thread, expiresAt);
        values.put(":oldChannel", DynamoHistory.s(vanished.channel()));
        values.put(":oldTs", DynamoHistory.s(vanished.ts()));
        return write(target, conversation, SET_ALL, "#channel = :oldChannel AND #ts = :oldTs", NAMES, values,
                deadline);
    }

    @Override
    public boolean show(String target, String conversation, MessageRef parent, Shown shown, Instant expiresAt,
                        Deadline deadline) {
        Map<String, AttributeValue> values = values(new Thread(parent, shown), expiresAt);
        return write(target, conversation,
                "SET #shownKey = :shownKey, #shownRevision = :shownRevision, #shownAt = :shownAt, #ttl = :ttl",
                "#channel = :channel AND #ts = :ts AND (attribute_not_exists(#shownAt) OR #shownAt <= :shownAt)",
                NAMES, values, deadline);
    }

    @Override
    public boolean revise(String target, String conversation, MessageRef parent, NotificationKey key, long revision,
                          Deadline deadline) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":channel", DynamoHistory.s(parent.channel()),
                ":ts", DynamoHistory.s(parent.ts()), ":shownKey", DynamoHistory.s(key.value()),
                ":shownRevision", DynamoHistory.n(revision)));
        return write(target, conversation, "SET #shownRevision = :shownRevision",
                "#channel = :channel AND #ts = :ts AND #shownKey = :shownKey AND #shownRevision < :shownRevision",
                Map.of("#channel", "channel", "#ts", "ts", "#shownKey", "shown_key",
                        "#shownRevision", "shown_revision"), values, deadline);
    }

    private static final String SET_ALL = "SET #channel = :channel, #ts = :ts, #shownKey = :shownKey, "
            + "#shownRevision = :shownRevision, #shownAt = :shownAt, #ttl = :ttl";
    private static final Map<String, String> NAMES = Map.of("#channel", "channel", "#ts", "ts",
            "#shownKey", "shown_key", "#shownRevision", "shown_revision", "#shownAt", "shown_at",
            "#ttl", Markers.TTL_ATTRIBUTE);

    private static Map<String, AttributeValue> values(Thread thread, Instant expiresAt) {
        return new HashMap<>(Map.of(
                ":channel", DynamoHistory.s(thread.parent().channel()),
                ":ts", DynamoHistory.s(thread.parent().ts()),
                ":shownKey", DynamoHistory.s(thread.shown().key().value()),
                ":shownRevision", DynamoHistory.n(thread.shown().revision()),
                ":shownAt", DynamoHistory.n(thread.shown().at().toEpochMilli()),
                ":ttl", DynamoHistory.n(expiresAt.getEpochSecond())));
    }

    /** One conditional UpdateItem; false when its condition did not hold. */
    private boolean write(String target, String conversation, String expression, String condition,
                          Map<String, String> names, Map<String, AttributeValue> values, Deadline deadline) {
        // only the names the expressions use: DynamoDB refuses unused ones
        Map<String, String> used = new HashMap<>();
        names.forEach((placeholder, name) -> {
            if (expression.contains(placeholder) || condition.contains(placeholder)) {
                used.put(placeholder, name);
            }
        });
        Map<String, AttributeValue> usedValues = new HashMap<>();
        values.forEach((placeholder, value) -> {
            if (expression.contains(placeholder) || condition.contains(placeholder)) {
                usedValues.put(placeholder, value);
            }
        });
        try {
            client.updateItem(r -> r.tableName(table).key(key(target, conversation)).updateExpression(expression)
                    .conditionExpression(condition).expressionAttributeNames(used).expressionAttributeValues(usedValues)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }

}
