package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an item's attributes leniently (a missing or malformed one reads as empty or 0, never fails), and
 * reads and writes the table's cache items, which never fail either: what cannot be read or written is
 * asked of its source again.
 */
final class Items {
    private Items() {
    }

    /** A string attribute, or {@code ""}. */
    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }

    /** A number attribute (whole, or written as a decimal by another tool), or 0. */
    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.n() == null) {
            return 0;
        }
        try {
            return Long.parseLong(v.n());
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(v.n());
            } catch (NumberFormatException notANumber) {
                return 0;
            }
        }
    }

    /**
     * An item read consistently (the latest write, as a notifier's own records must be), empty when there is none.
     * A failure is classified as every read of the table's records is ({@link AwsErrors#classify}).
     */
    static Optional<Map<String, AttributeValue>> latest(DynamoDbClient client, String table,
                                                        Map<String, AttributeValue> key, Deadline deadline) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem on " + table))).item();
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, e);
        }
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** A cache item, unless it is missing, expired by {@code now} ({@code expires_at}), or cannot be read. */
    static Optional<Map<String, AttributeValue>> unexpired(DynamoDbClient client, String table,
                                                           Map<String, AttributeValue> key, Instant now,
                                                           Deadline deadline) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(key)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem"))).item();
        } catch (SdkException | TransientFailure e) {
            return Optional.empty();
        }
        if (item == null || item.isEmpty() || number(item, Markers.TTL_ATTRIBUTE) <= now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(item);
    }

    /** Writes a cache item that expires at {@code expiresAt}; one that cannot be written is left out. */
    static void keep(DynamoDbClient client, String table, Map<String, AttributeValue> item, Instant expiresAt,
                     Deadline deadline) {
        Map<String, AttributeValue> kept = new LinkedHashMap<>(item);
        kept.put(Markers.TTL_ATTRIBUTE, DynamoHistory.n(expiresAt.getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(table).item(kept)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem")));
        } catch (SdkException | TransientFailure e) {
            // a cache: the next cold instance asks again
        }
    }
}
