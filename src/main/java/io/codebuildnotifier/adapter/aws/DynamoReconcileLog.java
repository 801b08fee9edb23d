package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sources.build.ReconcileLog;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The reconciliation's last run, one item in the history table: {@code source_id} = {@code reconcile:last},
 * {@code version_key} = {@code last}, with {@code ran_at} (epoch milliseconds), {@code finished} and
 * {@code recovered}. Each run overwrites it. Writing is best effort (a run that cannot be noted is not retried for
 * it); reading fails as the table's other reads do.
 */
public final class DynamoReconcileLog implements ReconcileLog {
    static final String SOURCE_ID = "reconcile:last";
    static final String VERSION_KEY = "last";

    private final DynamoDbClient client;
    private final String table;

    public DynamoReconcileLog(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    private static Map<String, AttributeValue> key() {
        return Map.of("source_id", DynamoHistory.s(SOURCE_ID), "version_key", DynamoHistory.s(VERSION_KEY));
    }

    @Override
    public void ran(Run run, Deadline deadline) {
        Map<String, AttributeValue> item = new java.util.LinkedHashMap<>(key());
        item.put("ran_at", DynamoHistory.n(run.at().toEpochMilli()));
        item.put("finished", DynamoHistory.n(run.finished()));
        item.put("recovered", DynamoHistory.n(run.recovered()));
        try {
            // a run that started earlier (an overlapping one) does not overwrite a later one's note
            client.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(ran_at) OR ran_at <= :at")
                    .expressionAttributeValues(Map.of(":at", DynamoHistory.n(run.at().toEpochMilli())))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
        } catch (SdkException | TransientFailure e) {
            // best effort: the conditional check failing included (a later run was noted)
        }
    }

    @Override
    public Optional<Run> last(Deadline deadline) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table).key(key())
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem on " + table))).item();
        } catch (ResourceNotFoundException e) {
            throw new io.codebuildnotifier.kernel.MisconfigurationFailure("DynamoDB table '" + table
                    + "' (CBN_DYNAMO_TABLE) does not exist in this region", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, "dynamodb:GetItem", "the table " + table,
                    "grant it to the function's role", e);
        }
        if (item == null || item.isEmpty() || Items.number(item, "ran_at") <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Run(Instant.ofEpochMilli(Items.number(item, "ran_at")),
                (int) Math.max(0, Items.number(item, "finished")), (int) Math.max(0, Items.number(item, "recovered"))));
    }
}
