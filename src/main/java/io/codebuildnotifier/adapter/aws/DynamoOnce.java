package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.kernel.Deadline;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The chat requests acted on, one item each in the history table: {@code source_id} = {@code interaction:} and the
 * hex SHA-256 of the request id (so that no id of the chat's is kept as it came), {@code version_key} =
 * {@code interaction}, {@code claimed_at} (epoch seconds) and {@code expires_at} (the table's TTL: a day later).
 * A claim is one conditional {@code PutItem}: where there is no item, or only one whose day is over (DynamoDB's
 * TTL deletes late); a release deletes the item.
 */
public final class DynamoOnce implements Once {
    static final String PREFIX = "interaction:";
    static final String VERSION_KEY = "interaction";
    /** How long a request is remembered: Slack retries within minutes, SQS redelivers within hours. */
    static final Duration KEPT = Duration.ofDays(1);

    private final DynamoDbClient client;
    private final String table;

    public DynamoOnce(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static String sourceId(String requestId) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(requestId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Map<String, AttributeValue> key(String requestId) {
        return Map.of("source_id", AttributeValue.fromS(sourceId(requestId)),
                "version_key", AttributeValue.fromS(VERSION_KEY));
    }

    @Override
    public boolean claim(String requestId, Deadline deadline) {
        long now = deadline.clock().instant().getEpochSecond();
        Map<String, AttributeValue> item = new java.util.HashMap<>(key(requestId));
        item.put("claimed_at", DynamoHistory.n(now));
        item.put(Markers.TTL_ATTRIBUTE, DynamoHistory.n(now + KEPT.toSeconds()));
        try {
            client.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(source_id) OR #ttl < :now")
                    .expressionAttributeNames(Map.of("#ttl", Markers.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":now", DynamoHistory.n(now)))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB PutItem on " + table, "dynamodb:PutItem", "the table " + table,
                    "grant it to the interactions function's role", e);
        }
    }

    @Override
    public void release(String requestId, Deadline deadline) {
        try {
            client.deleteItem(r -> r.tableName(table).key(key(requestId))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB DeleteItem on " + table)));
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB DeleteItem on " + table, "dynamodb:DeleteItem", "the table " + table,
                    "grant it to the interactions function's role", e);
        }
    }
}
