package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notices;
import io.codebuildnotifier.notification.NotificationKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Admin notices sent, one item per address and day in the history table: {@code source_id} =
 * {@code notice:EMAIL} (lowercase; {@code notice:sha256:HEX} of it for an address too long for a key, which
 * a commit may carry), {@code version_key} = the day ({@code 2026-11-03}), with
 * {@code notice_for} (the key of the notification that reports it) and {@code expires_at} (the
 * table's TTL: two days after the day began). Written with one conditional {@code PutItem}: where
 * there is no item yet, or where it names the same notification (a retry).
 */
public final class DynamoNotices implements Notices {
    /** How long an address's day is remembered, from the day's start: the day and a margin. */
    static final Duration KEPT = Duration.ofDays(2);

    private final DynamoDbClient client;
    private final String table;

    public DynamoNotices(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Partition keys are at most 2,048 bytes; an address is kept whole up to this many. */
    static final int MAX_KEY_BYTES = 1_024;

    static String sourceId(String email) {
        String lower = email.toLowerCase(Locale.ROOT);
        String id = "notice:" + lower;
        if (id.getBytes(StandardCharsets.UTF_8).length <= MAX_KEY_BYTES) {
            return id;
        }
        try {
            return "notice:sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(lower.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean firstToday(String email, LocalDate day, NotificationKey about, Deadline deadline) {
        Map<String, AttributeValue> item = Map.of(
                "source_id", AttributeValue.fromS(sourceId(email)),
                "version_key", AttributeValue.fromS(day.toString()),
                "notice_for", AttributeValue.fromS(about.value()),
                Markers.TTL_ATTRIBUTE, DynamoHistory.n(day.atStartOfDay().toInstant(ZoneOffset.UTC).plus(KEPT)
                        .getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(source_id) OR notice_for = :for")
                    .expressionAttributeValues(Map.of(":for", AttributeValue.fromS(about.value())))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB PutItem on " + table, e);
        }
    }
}
