package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sources.pipeline.RunHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Each pipeline's latest finished run in the history table, one item per pipeline: {@code source_id} =
 * {@code pipeline:NAME} (a CodeBuild project name has no colon, and a pipeline run's marker is
 * {@code pipeline:NAME/EXECUTION}), {@code version_key} = {@value #VERSION_KEY}, with {@code execution_id},
 * {@code status}, {@code finished_at} (epoch ms), the run before it as {@code previous_execution_id},
 * {@code previous_status} and {@code previous_finished_at}, and {@code expires_at} (epoch seconds, the table's TTL
 * attribute: a pipeline that has not run for {@link #KEPT} starts afresh). Written with a conditional PutItem on the
 * execution read before, so two runs recorded at once never lose one.
 */
public final class DynamoRunHistory implements RunHistory {
    static final String PREFIX = "pipeline:";
    static final String VERSION_KEY = "latest_run";
    static final Duration KEPT = Duration.ofDays(400);
    /** Writes tried when another run is recorded at the same time. */
    static final int ATTEMPTS = 3;

    private final DynamoDbClient client;
    private final String table;

    public DynamoRunHistory(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String pipeline) {
        return Map.of("source_id", DynamoHistory.s(PREFIX + pipeline), "version_key", DynamoHistory.s(VERSION_KEY));
    }

    @Override
    public Optional<Latest> latest(String pipeline, Deadline deadline) {
        return Items.latest(client, table, key(pipeline), deadline)
                .flatMap(item -> run(item, "").map(run -> new Latest(run, run(item, "previous_"))));
    }

    private static Optional<Run> run(Map<String, AttributeValue> item, String prefix) {
        String id = Items.text(item, prefix + "execution_id");
        String status = Items.text(item, prefix + "status");
        if (id.isEmpty() || status.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Run(id, status, Instant.ofEpochMilli(Items.number(item, prefix + "finished_at"))));
    }

    @Override
    public boolean record(String pipeline, Run run, Deadline deadline) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Latest> latest = latest(pipeline, deadline);
            if (latest.isPresent()) {
                Run current = latest.get().run();
                if (current.executionId().equals(run.executionId())) {
                    return true;
                }
                if (current.finishedAt().isAfter(run.finishedAt())) {
                    return false;
                }
            }
            Map<String, AttributeValue> item = new HashMap<>(key(pipeline));
            put(item, "", run);
            latest.ifPresent(l -> put(item, "previous_", l.run()));
            item.put(Markers.TTL_ATTRIBUTE, DynamoHistory.n(run.finishedAt().plus(KEPT).getEpochSecond()));
            String condition = latest.isEmpty() ? "attribute_not_exists(#id)" : "#id = :read";
            Map<String, AttributeValue> values = latest.isEmpty() ? null
                    : Map.of(":read", DynamoHistory.s(latest.get().run().executionId()));
            try {
                client.putItem(r -> r.tableName(table).item(item).conditionExpression(condition)
                        .expressionAttributeNames(Map.of("#id", "execution_id")).expressionAttributeValues(values)
                        .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                // another run was recorded meanwhile: read again
            } catch (SdkException e) {
                throw AwsErrors.classify("DynamoDB PutItem on " + table, e);
            }
        }
        throw new TransientFailure("the latest run of pipeline " + pipeline + " kept changing while it was recorded");
    }

    private static void put(Map<String, AttributeValue> item, String prefix, Run run) {
        item.put(prefix + "execution_id", DynamoHistory.s(run.executionId()));
        item.put(prefix + "status", DynamoHistory.s(run.status()));
        item.put(prefix + "finished_at", DynamoHistory.n(run.finishedAt().toEpochMilli()));
    }
}
