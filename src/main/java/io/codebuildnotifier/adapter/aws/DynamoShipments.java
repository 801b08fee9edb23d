package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each target's last shipment in the history table, one item per target: {@code source_id} =
 * {@code shipped:TARGET} ({@code shipped:APPLICATION/GROUP}), {@code version_key} = {@value #VERSION_KEY}, with
 * {@code shipped_at} (epoch ms), {@code shipped_by} (a deployment id), {@code heads} (a list of
 * {@code REPOSITORY_URL COMMIT} strings) and {@code expires_at} (epoch seconds, the table's TTL attribute; an
 * expired item reads as none). Written by one conditional UpdateItem that only moves forwards.
 */
public final class DynamoShipments implements Shipments {
    static final String PREFIX = "shipped:";
    static final String VERSION_KEY = "shipment";

    private final DynamoDbClient client;
    private final String table;

    public DynamoShipments(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String target) {
        return Map.of("source_id", DynamoHistory.s(PREFIX + target), "version_key", DynamoHistory.s(VERSION_KEY));
    }

    @Override
    public Optional<Shipment> last(String target, Deadline deadline) {
        Map<String, AttributeValue> item = Items.latest(client, table, key(target), deadline).orElse(Map.of());
        if (item.isEmpty() || !item.containsKey("shipped_at")
                || Items.number(item, Markers.TTL_ATTRIBUTE) <= deadline.clock().instant().getEpochSecond()) {
            return Optional.empty();
        }
        List<Head> heads = new ArrayList<>();
        AttributeValue listed = item.get("heads");
        if (listed != null && listed.hasL()) {
            for (AttributeValue entry : listed.l()) {
                String text = entry.s() == null ? "" : entry.s();
                int space = text.lastIndexOf(' ');
                if (space > 0 && space < text.length() - 1) {
                    heads.add(new Head(text.substring(0, space), text.substring(space + 1)));
                }
            }
        }
        return Optional.of(new Shipment(Instant.ofEpochMilli(Items.number(item, "shipped_at")),
                Items.text(item, "shipped_by"), heads));
    }

    @Override
    public boolean record(String target, Shipment shipment, Instant expiresAt, Deadline deadline) {
        List<AttributeValue> heads = shipment.heads().stream()
                .map(h -> DynamoHistory.s(h.repository() + " " + h.commit())).toList();
        try {
            client.updateItem(r -> r.tableName(table).key(key(target))
                    .updateExpression("SET #at = :at, #by = :by, #heads = :heads, #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#at) OR #at < :at OR #ttl <= :now")
                    .expressionAttributeNames(Map.of("#at", "shipped_at", "#by", "shipped_by", "#heads", "heads",
                            "#ttl", Markers.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(
                            ":at", DynamoHistory.n(shipment.at().toEpochMilli()),
                            ":by", DynamoHistory.s(shipment.by()),
                            ":heads", AttributeValue.fromL(heads),
                            ":ttl", DynamoHistory.n(expiresAt.getEpochSecond()),
                            ":now", DynamoHistory.n(deadline.clock().instant().getEpochSecond())))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }
}
