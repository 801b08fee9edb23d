package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import java.util.HashMap;
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
 * {@code source_id} = the notification key ({@code build:PROJECT:UUID} for a build, as it always
 * was), {@code version_key} = {@code notification}, with {@code build_id} (the subject),
 * {@code state}, {@code owner}, {@code lease_until} (epoch ms), {@code delivered} (a string set of
 * targets), {@code message_refs} (a string set of {@code CHANNEL/TS TARGET}: where each message
 * landed) and {@code expires_at} (epoch seconds, the table's TTL attribute).
 */
final class Markers {
    static final String VERSION_KEY = "notification";
    static final String TTL_ATTRIBUTE = "expires_at";

    private Markers() {
    }

    static final String REFS_ATTRIBUTE = "message_refs";
    /** {@code rev:TARGET}: the revision a target was last sent, when above 1 (a rollup's updates). */
    static final String REVISION_PREFIX = "rev:";
    /** {@code owed:TARGET}: the newest revision queued for a target, when above 1. */
    static final String OWED_PREFIX = "owed:";

    static Map<String, AttributeValue> key(NotificationKey key) {
        return Map.of("source_id", DynamoHistory.s(key.value()), "version_key", DynamoHistory.s(VERSION_KEY));
    }

    /** Claims a marker: none yet, or an unfinished one that is ours or whose lease ran out. */
    static Update claim(String table, Claim claim) {
        String state = (claim.finished() ? Marker.State.DONE : Marker.State.CLAIMED).name().toLowerCase(Locale.ROOT);
        return Update.builder().tableName(table).key(key(claim.key()))
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
                        ":build", DynamoHistory.s(claim.subject()),
                        ":ttl", DynamoHistory.n(claim.expiresAt().getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    static Optional<Marker> read(DynamoDbClient client, String table, NotificationKey key, Deadline deadline) {
        try {
            Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).key(key(key))
                    .consistentRead(true).overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem on " + table)))
                    .item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(key, item));
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, e);
        }
    }

    /** @param key the notification the item was read for (an item missing its key attributes keeps it) */
    static Marker fromItem(NotificationKey key, Map<String, AttributeValue> item) {
        Marker.State state;
        try {
            state = Marker.State.valueOf(Items.text(item, "state").toUpperCase(Locale.ROOT));
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
        Map<String, MessageRef> refs = new HashMap<>();
        AttributeValue noted = item.get(REFS_ATTRIBUTE);
        if (noted != null && noted.hasSs()) {
            for (String entry : noted.ss()) {
                int space = entry.indexOf(' ');
                if (space > 0) {
                    MessageRef.decode(entry.substring(0, space)).ifPresent(ref -> refs.put(entry.substring(space + 1), ref));
                }
            }
        }
        return new Marker(key, Items.text(item, "build_id"), state,
                Items.text(item, "owner"), Instant.ofEpochMilli(lease), sent, refs, numbers(item, REVISION_PREFIX),
                numbers(item, OWED_PREFIX));
    }

    /** The numeric attributes named PREFIX + target, by target. */
    private static Map<String, Long> numbers(Map<String, AttributeValue> item, String prefix) {
        Map<String, Long> found = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(prefix) && value.n() != null) {
                try {
                    found.put(name.substring(prefix.length()), Long.parseLong(value.n()));
                } catch (NumberFormatException ignored) {
                    // unreadable: as if never noted
                }
            }
        });
        return found;
    }

    /** One {@code message_refs} entry. */
    static String refEntry(String target, MessageRef ref) {
        return ref.encoded() + " " + target;
    }

}
