package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.delivery.Ledger;
import io.codebuildnotifier.delivery.Marker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Notification markers in the history table (see {@link Markers}). */
public final class DynamoLedger implements Ledger {
    private final DynamoDbClient client;
    private final String table;

    public DynamoLedger(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Optional<Marker> find(String buildId) {
        return Markers.read(client, table, buildId);
    }

    @Override
    public Set<String> known(Collection<String> buildIds) {
        Set<String> known = new HashSet<>();
        List<String> ids = new ArrayList<>(new HashSet<>(buildIds));
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(Markers::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("build_id").consistentRead(true).build());
            for (int round = 0; !request.isEmpty() && round < 10; round++) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response;
                try {
                    response = client.batchGetItem(r -> r.requestItems(pending));
                } catch (SdkException e) {
                    throw AwsErrors.classify("DynamoDB BatchGetItem on " + table, e);
                }
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    AttributeValue id = item.get("build_id");
                    if (id != null && id.s() != null) {
                        known.add(id.s());
                    }
                });
                request = response.unprocessedKeys();
            }
        }
        return known;
    }

    @Override
    public void delivered(String buildId, String targetKey, boolean last) {
        if (last) {
            update(buildId, "SET #state = :done ADD #delivered :target", null,
                    Map.of("#delivered", "delivered", "#state", "state"),
                    Map.of(":target", AttributeValue.fromSs(List.of(targetKey)), ":done", AttributeValue.fromS("done")));
        } else {
            update(buildId, "ADD #delivered :target", null, Map.of("#delivered", "delivered"),
                    Map.of(":target", AttributeValue.fromSs(List.of(targetKey))));
        }
    }

    @Override
    public void finish(String buildId) {
        update(buildId, "SET #state = :done", null, Map.of("#state", "state"),
                Map.of(":done", AttributeValue.fromS("done")));
    }

    @Override
    public void skipped(String buildId, Instant expiresAt) {
        update(buildId, "SET #state = :skipped, #build = :build, #ttl = :ttl", "attribute_not_exists(#state)",
                Map.of("#state", "state", "#build", "build_id", "#ttl", Markers.TTL_ATTRIBUTE),
                Map.of(":skipped", AttributeValue.fromS("skipped"), ":build", AttributeValue.fromS(buildId),
                        ":ttl", DynamoHistory.n(expiresAt.getEpochSecond())));
    }

    @Override
    public void release(String buildId, String owner) {
        update(buildId, "SET #lease = :zero", "#state = :claimed AND #owner = :owner",
                Map.of("#lease", "lease_until", "#state", "state", "#owner", "owner"),
                Map.of(":zero", DynamoHistory.n(0), ":claimed", AttributeValue.fromS("claimed"),
                        ":owner", AttributeValue.fromS(owner)));
    }

    private void update(String buildId, String expression, String condition, Map<String, String> names,
                        Map<String, AttributeValue> values) {
        try {
            client.updateItem(r -> r.tableName(table).key(Markers.key(buildId)).updateExpression(expression)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // someone else's marker, or already in that state: nothing to do
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }
}
