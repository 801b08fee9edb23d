package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** Notification markers in the history table (see {@link Markers}). */
public final class DynamoLedger implements Ledger {
    private final DynamoDbClient client;
    private final String table;

    public DynamoLedger(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Optional<Marker> claim(Claim claim, Deadline deadline) {
        Update update = Markers.claim(table, claim);
        try {
            client.updateItem(r -> r.tableName(table).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression())
                    .expressionAttributeNames(update.expressionAttributeNames())
                    .expressionAttributeValues(update.expressionAttributeValues())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table)));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            Optional<Marker> held = old == null || old.isEmpty() ? find(claim.key(), deadline)
                    : Optional.of(Markers.fromItem(claim.key(), old));
            if (held.isEmpty()) {
                throw new io.codebuildnotifier.kernel.TransientFailure("the claim on " + claim.key()
                        + " was refused by a marker that is gone");
            }
            return held;
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }

    @Override
    public Optional<Marker> find(NotificationKey key, Deadline deadline) {
        return Markers.read(client, table, key, deadline);
    }

    @Override
    public Map<NotificationKey, Marker> findAll(Collection<NotificationKey> keys, Deadline deadline) {
        Map<NotificationKey, Marker> found = new HashMap<>();
        List<NotificationKey> ids = new ArrayList<>(new HashSet<>(keys));
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> batch = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(Markers::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(batch)
                    .consistentRead(true).build());
            for (int round = 0; !request.isEmpty() && round < 10; round++) {
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response;
                try {
                    response = client.batchGetItem(r -> r.requestItems(pending)
                            .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB BatchGetItem on " + table)));
                } catch (SdkException e) {
                    throw AwsErrors.classify("DynamoDB BatchGetItem on " + table, e);
                }
                response.responses().getOrDefault(table, List.of()).forEach(item -> {
                    AttributeValue id = item.get("source_id");
                    if (id != null && id.s() != null) {
                        NotificationKey key = new NotificationKey(id.s());
                        found.put(key, Markers.fromItem(key, item));
                    }
                });
                request = response.unprocessedKeys();
            }
        }
        return found;
    }

    @Override
    public void delivered(NotificationKey key, String targetKey, long revision, Optional<MessageRef> ref,
                          Deadline deadline) {
        Map<String, String> names = new HashMap<>(Map.of("#delivered", "delivered"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":target", AttributeValue.fromSs(List.of(targetKey))));
        StringBuilder add = new StringBuilder(" ADD #delivered :target");
        if (ref.isPresent()) {
            names.put("#refs", Markers.REFS_ATTRIBUTE);
            values.put(":ref", AttributeValue.fromSs(List.of(Markers.refEntry(targetKey, ref.get()))));
            add.append(", #refs :ref");
        }
        String set = "";
        String condition = null;
        if (revision > 1) {
            names.put("#rev", Markers.REVISION_PREFIX + targetKey);
            values.put(":revision", DynamoHistory.n(revision));
            set = "SET #rev = :revision";
            condition = "attribute_not_exists(#rev) OR #rev < :revision";
        }
        update(key, (set + add).trim(), condition, names, values, deadline);
    }

    @Override
    public void owe(NotificationKey key, Collection<String> targetKeys, long revision, Deadline deadline) {
        if (revision <= 1 || targetKeys.isEmpty()) {
            return;
        }
        Map<String, String> names = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (String target : new java.util.TreeSet<>(targetKeys)) {
            names.put("#o" + i, Markers.OWED_PREFIX + target);
            sets.add("#o" + i + " = :revision");
            i++;
        }
        update(key, "SET " + String.join(", ", sets), null, names, Map.of(":revision", DynamoHistory.n(revision)),
                deadline);
    }

    @Override
    public void finish(NotificationKey key, Deadline deadline) {
        update(key, "SET #state = :done", null, Map.of("#state", "state"),
                Map.of(":done", AttributeValue.fromS("done")), deadline);
    }

    @Override
    public void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline deadline) {
        update(key, "SET #state = :skipped, #build = :build, #ttl = :ttl", "attribute_not_exists(#state)",
                Map.of("#state", "state", "#build", "build_id", "#ttl", Markers.TTL_ATTRIBUTE),
                Map.of(":skipped", AttributeValue.fromS("skipped"), ":build", AttributeValue.fromS(subject),
                        ":ttl", DynamoHistory.n(expiresAt.getEpochSecond())), deadline);
    }

    @Override
    public void release(NotificationKey key, String owner, Deadline deadline) {
        update(key, "SET #lease = :zero", "#state = :claimed AND #owner = :owner",
                Map.of("#lease", "lease_until", "#state", "state", "#owner", "owner"),
                Map.of(":zero", DynamoHistory.n(0), ":claimed", AttributeValue.fromS("claimed"),
                        ":owner", AttributeValue.fromS(owner)), deadline);
    }

    private void update(NotificationKey key, String expression, String condition, Map<String, String> names,
                        Map<String, AttributeValue> values, Deadline deadline) {
        try {
            client.updateItem(r -> r.tableName(table).key(Markers.key(key)).updateExpression(expression)
                    .conditionExpression(condition).expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table)));
        } catch (ConditionalCheckFailedException e) {
            // someone else's marker, or already in that state: nothing to do
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }
}
