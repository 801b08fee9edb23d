package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.delivery.Claim;
import io.codebuildnotifier.delivery.Marker;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Notification markers, kept in the history table beside the original's items:
 * {@code source_id} = {@code build:PROJECT:UUID}, {@code version_key} = {@code notification},
 * with {@code state}, {@code owner}, {@code lease_until} (epoch ms), {@code delivered} (a string
 * set) and {@code expires_at} (epoch seconds, the table's TTL attribute).
 */
final class Markers {
    static final String VERSION_KEY = "notification";
    static final String TTL_ATTRIBUTE = "expires_at";

    private Markers() {
    }

    static Map<String, AttributeValue> key(String buildId) {
        return Map.of("source_id", DynamoHistory.s("build:" + buildId), "version_key", DynamoHistory.s(VERSION_KEY));
    }

    /** Claims a marker: none yet, or an unfinished one that is ours or whose lease ran out. */
    static Update claim(String table, Claim claim) {
        String state = (claim.finished() ? Marker.State.DONE : Marker.State.CLAIMED).name().toLowerCase(Locale.ROOT);
        return Update.builder().tableName(table).key(key(claim.buildId()))
                .updateExpression("SET #state = :state, #owner = :owner, #lease = :lease, #build = :build, #ttl = :ttl")
                .conditionExpression("attribute_not_exists(#state) OR (#state = :claimed AND (#owner = :owner OR "
                        + "#lease < :now))")
                .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner", "#lease", "lease_until",
                        "#build", "build_id", "#ttl", TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(
                        ":state", DynamoHistory.s(state),
                        ":claimed", DynamoHistory.s("claimed"),
                        ":owner", DynamoHistory.s(claim.owner()),
                        ":lease", DynamoHistory.n(claim.leaseUntil().toEpochMilli()),
                        ":now", DynamoHistory.n(claim.now().toEpochMilli()),
                        ":build", DynamoHistory.s(claim.buildId()),
                        ":ttl", DynamoHistory.n(claim.expiresAt().getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    static Optional<Marker> read(DynamoDbClient client, String table, String buildId) {
        try {
            Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(key(buildId))
                    .consistentRead(true)).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, e);
        }
    }

    static Marker fromItem(Map<String, AttributeValue> item) {
        Marker.State state;
        try {
            state = Marker.State.valueOf(text(item, "state").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            state = Marker.State.CLAIMED;
        }
        AttributeValue delivered = item.get("delivered");
        Set<String> sent = delivered == null || !delivered.hasSs() ? Set.of() : new HashSet<>(delivered.ss());
        long lease = 0;
        try {
            lease = item.get("lease_until") == null ? 0 : Long.parseLong(item.get("lease_until").n());
        } catch (NumberFormatException ignored) {
            // an unreadable lease counts as run out
        }
        return new Marker(text(item, "build_id"), state, text(item, "owner"), Instant.ofEpochMilli(lease), sent);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }
}
