package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The build history in the original tool's DynamoDB table:
 * <ul>
 *   <li>one item per build: {@code source_id} = {@code PROJECT:SOURCE_REF},
 *       {@code version_key} = {@code FIRSTSTART_CURRENTSTART};</li>
 *   <li>one branch entry per PR or branch: {@code source_id} = {@code PROJECT},
 *       {@code version_key} = MD5 of the source ref, holding the latest build's status;</li>
 *   <li>for whitelisted branches, one project summary per repository: {@code source_id} =
 *       {@code project_summary}, {@code version_key} = MD5 of the repository URL, with a
 *       {@code projects} map of each project's latest status.</li>
 * </ul>
 * All three are written in one transaction, with the build's notification marker ({@link Markers}).
 */
public final class DynamoHistory implements History {
    static final String COMMIT_INDEX = "commit_hash_index";
    static final String PROJECT_SUMMARY = "project_summary";

    private final DynamoDbClient client;
    private final String table;

    public DynamoHistory(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public List<HistoryEntry> entriesOf(String sourceId, Deadline deadline) {
        return query(QueryRequest.builder().tableName(table)
                .keyConditionExpression("source_id = :s")
                .expressionAttributeValues(Map.of(":s", s(sourceId)))
                .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB Query on " + table))
                .build());
    }

    @Override
    public List<HistoryEntry> entriesWithCommit(String commitHash, Deadline deadline) {
        return query(QueryRequest.builder().tableName(table).indexName(COMMIT_INDEX)
                .keyConditionExpression("commit_hash = :c")
                .expressionAttributeValues(Map.of(":c", s(commitHash)))
                .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB Query on " + table))
                .build());
    }

    private List<HistoryEntry> query(QueryRequest request) {
        List<HistoryEntry> entries = new ArrayList<>();
        try {
            client.queryPaginator(request).items().forEach(item -> entries.add(fromItem(item)));
        } catch (ResourceNotFoundException e) {
            throw missingTable(e);
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB Query on " + table, e);
        }
        return entries;
    }

    @Override
    public Result record(Record record, Deadline deadline) {
        boolean updateBranchEntry = true;
        boolean updateSummary = record.whitelisted();
        boolean summaryExists = true;
        int summaryFlips = 0;
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> writes = new ArrayList<>();
            HistoryEntry entry = record.entry();
            writes.add(put(toItem(entry)));
            record.replaces().ifPresent(key -> writes.add(delete(entry.sourceId(), key)));
            for (Rekey rekey : record.rekeys()) {
                if (!rekey.versionKey().equals(rekey.entry().versionKey())) {
                    writes.add(delete(rekey.entry().sourceId(), rekey.entry().versionKey()));
                }
                writes.add(put(toItem(withKey(rekey.entry(), rekey.versionKey()))));
            }
            int markerAt = writes.size();
            writes.add(TransactWriteItem.builder().update(Markers.claim(table, record.claim())).build());
            int branchAt = updateBranchEntry ? writes.size() : -1;
            if (updateBranchEntry) {
                writes.add(TransactWriteItem.builder().update(branchEntry(entry)).build());
            }
            int summaryAt = updateSummary ? writes.size() : -1;
            if (updateSummary) {
                writes.add(TransactWriteItem.builder().update(projectSummary(entry, summaryExists)).build());
            }
            try {
                client.transactWriteItems(r -> r.transactItems(writes)
                        .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB TransactWriteItems on " + table)));
                return new Result.Claimed();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failedCondition(reasons, markerAt)) {
                    Map<String, AttributeValue> old = reasons.get(markerAt).item();
                    Optional<Marker> marker = old == null || old.isEmpty()
                            ? Markers.read(client, table, record.claim().key(), deadline)
                            : Optional.of(Markers.fromItem(record.claim().key(), old));
                    if (marker.isPresent()) {
                        return new Result.Refused(marker.get());
                    }
                } else if (failedCondition(reasons, branchAt)) {
                    updateBranchEntry = false; // a newer build is already the branch's latest
                    continue;
                } else if (failedCondition(reasons, summaryAt)) {
                    if (summaryFlips++ < 2) {
                        summaryExists = !summaryExists;
                    } else {
                        updateSummary = false; // a newer build is already the project's latest
                    }
                    continue;
                }
                if (attempt >= 4 || !conflict(reasons)) {
                    throw AwsErrors.classify("DynamoDB TransactWriteItems on " + table, e);
                }
                pause(attempt);
            } catch (ResourceNotFoundException e) {
                throw missingTable(e);
            } catch (SdkException e) {
                throw AwsErrors.classify("DynamoDB TransactWriteItems on " + table, e);
            }
        }
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build();
    }

    private TransactWriteItem delete(String sourceId, String versionKey) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table)
                .key(Map.of("source_id", s(sourceId), "version_key", s(versionKey)))).build();
    }

    private static HistoryEntry withKey(HistoryEntry e, String versionKey) {
        return e.withVersionKey(versionKey);
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return index >= 0 && index < reasons.size() && "ConditionalCheckFailed".equals(code(reasons.get(index)));
    }

    private static boolean conflict(List<CancellationReason> reasons) {
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(code(r)));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt + new java.util.Random().nextInt(50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String code(CancellationReason reason) {
        return reason == null || reason.code() == null ? "" : reason.code();
    }

    private Update branchEntry(HistoryEntry entry) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        if (!entry.branchName().isEmpty()) {
            values.put("branch_name", s(entry.branchName()));
        }
        values.put("build_id", s(entry.buildId()));
        values.put("commit_hash", s(entry.projectCode()));
        values.put("git_repo_url", s(entry.gitRepoUrl()));
        values.put("source_ref", s(entry.sourceRef()));
        values.put("status", s(entry.status()));
        values.put("timestamp", n(entry.startTime() / 1000));
        values.put("start_time", n(entry.startTime()));
        return setAll(Map.of("source_id", s(entry.projectCode()), "version_key", s(md5(entry.sourceRef()))), values)
                .toBuilder()
                .conditionExpression("attribute_not_exists(#start_time) OR #start_time <= :start_time")
                .build();
    }

    private Update projectSummary(HistoryEntry entry, boolean exists) {
        Map<String, AttributeValue> status = Map.of(
                "build_id", s(entry.buildId()),
                "status", s(entry.status()),
                "timestamp", n(entry.startTime() / 1000),
                "start_time", n(entry.startTime()));
        Map<String, String> names = new LinkedHashMap<>(Map.of(
                "#commit_hash", "commit_hash", "#git_repo_url", "git_repo_url",
                "#timestamp", "timestamp", "#projects", "projects"));
        Map<String, AttributeValue> values = new LinkedHashMap<>(Map.of(
                ":commit_hash", s(PROJECT_SUMMARY),
                ":git_repo_url", s(entry.gitRepoUrl()),
                ":timestamp", n(entry.startTime() / 1000)));
        String projects;
        String condition;
        if (exists) {
            names.put("#project_code", entry.projectCode());
            names.put("#start_time", "start_time");
            values.put(":build_status", AttributeValue.fromM(status));
            values.put(":start_time", n(entry.startTime()));
            projects = "#projects.#project_code";
            condition = "attribute_exists(#projects) AND (attribute_not_exists(#projects.#project_code) "
                    + "OR attribute_not_exists(#projects.#project_code.#start_time) "
                    + "OR #projects.#project_code.#start_time <= :start_time)";
        } else {
            values.put(":build_status", AttributeValue.fromM(Map.of(entry.projectCode(), AttributeValue.fromM(status))));
            projects = "#projects";
            condition = "attribute_not_exists(#projects)";
        }
        return Update.builder().tableName(table)
                .key(Map.of("source_id", s(PROJECT_SUMMARY), "version_key", s(md5(entry.gitRepoUrl()))))
                .updateExpression("SET #commit_hash = :commit_hash, #timestamp = :timestamp, "
                        + "#git_repo_url = :git_repo_url, " + projects + " = :build_status")
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    private Update setAll(Map<String, AttributeValue> key, Map<String, AttributeValue> values) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> placeholders = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        values.forEach((name, value) -> {
            names.put("#" + name, name);
            placeholders.put(":" + name, value);
            sets.add("#" + name + " = :" + name);
        });
        return Update.builder().tableName(table).key(key)
                .updateExpression("SET " + String.join(", ", sets))
                .expressionAttributeNames(names)
                .expressionAttributeValues(placeholders)
                .build();
    }

    static Map<String, AttributeValue> toItem(HistoryEntry e) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("source_id", s(e.sourceId()));
        item.put("version_key", s(e.versionKey()));
        item.put("author_email", s(e.authorEmail()));
        item.put("author_name", s(e.authorName()));
        item.put("build_id", s(e.buildId()));
        item.put("commit_hash", s(e.commitHash()));
        item.put("commit_subject", s(e.commitSubject()));
        item.put("committer_email", s(e.committerEmail()));
        item.put("committer_name", s(e.committerName()));
        item.put("git_repo_url", s(e.gitRepoUrl()));
        item.put("project_code", s(e.projectCode()));
        item.put("start_time", n(e.startTime()));
        item.put("status", s(e.status()));
        item.put("source_ref", s(e.sourceRef()));
        if (!e.branchName().isEmpty()) {
            item.put("branch_name", s(e.branchName()));
        }
        // not the original's: what the build's messages use
        if (!e.failedTests().isEmpty()) {
            item.put("failed_tests", AttributeValue.fromL(e.failedTests().stream().map(AttributeValue::fromS).toList()));
        }
        if (e.flaky()) {
            item.put("flaky", AttributeValue.fromBool(true));
        }
        if (e.endTime() > 0) {
            item.put("end_time", n(e.endTime()));
        }
        if (e.buildNumber() > 0) {
            item.put("build_number", n(e.buildNumber()));
        }
        return item;
    }

    static HistoryEntry fromItem(Map<String, AttributeValue> item) {
        return new HistoryEntry(Items.text(item, "source_id"), Items.text(item, "version_key"),
                Items.text(item, "source_ref"), Items.text(item, "branch_name"), Items.text(item, "project_code"),
                Items.text(item, "build_id"), Items.text(item, "commit_hash"), Items.text(item, "status"),
                Items.number(item, "start_time"), Items.text(item, "author_name"), Items.text(item, "author_email"),
                Items.text(item, "committer_name"), Items.text(item, "committer_email"),
                Items.text(item, "commit_subject"), Items.text(item, "git_repo_url"), strings(item, "failed_tests"),
                item.containsKey("flaky") && Boolean.TRUE.equals(item.get("flaky").bool()),
                Items.number(item, "end_time"), Items.number(item, "build_number"));
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || !v.hasL()) {
            return List.of();
        }
        return v.l().stream().map(AttributeValue::s).filter(java.util.Objects::nonNull).toList();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String md5(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private MisconfigurationFailure missingTable(Exception e) {
        return new MisconfigurationFailure("DynamoDB table '" + table + "' (CBN_DYNAMO_TABLE) or its "
                + COMMIT_INDEX + " index does not exist in this region", e);
    }
}
