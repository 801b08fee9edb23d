package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.sources.build.Rollups;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Commit rollups in the history table, as notification markers of their own ({@code source_id} =
 * {@code commit:REPOSITORY_URL@SHA}, {@code version_key} = {@code notification}, so that the sender's
 * delivery notes land on the same item), with {@code p:PROJECT} = {@code STATUS|START_MS|BUILD_ID|URL[|DETAIL]}
 * and {@code b:PROJECT} = its build id per project, {@code revision}, {@code followers} (a string set of targets), {@code opened_at}
 * (epoch ms) and the TTL. Each change is one conditional UpdateItem that returns the new state.
 */
public final class DynamoRollups implements Rollups {
    static final String ENTRY_PREFIX = "p:";
    /** {@code b:PROJECT}: the build of the project in the rollup (another build of it is a rebuild). */
    static final String BUILD_PREFIX = "b:";
    /** {@code s:PROJECT}: a project seen starting to build the commit (its build id). */
    static final String STARTED_PREFIX = "s:";
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient client;
    private final String table;

    public DynamoRollups(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Rollup record(NotificationKey key, String subject, Entry entry, Set<String> followers, Instant now,
                         Instant openedAfter, Instant expiresAt, Deadline deadline) {
        for (int attempt = 1; ; attempt++) {
            Written written = update(key, subject, entry, followers, now, openedAfter, expiresAt, deadline);
            if (written.rollup().isPresent()) {
                return written.rollup().get();
            }
            Map<String, AttributeValue> old = written.old();
            boolean closed = Items.number(old, "opened_at") < openedAfter.toEpochMilli();
            AttributeValue oldBuild = old.get(BUILD_PREFIX + entry.project());
            Entry oldEntry = read(key, old).entries().stream().filter(e -> e.project().equals(entry.project()))
                    .findFirst().orElse(null);
            boolean rebuilt = oldBuild != null && !entry.buildId().equals(oldBuild.s())
                    && (oldEntry == null || oldEntry.startMillis() < entry.startMillis());
            if (!(closed || rebuilt) || attempt >= ATTEMPTS) {
                return read(key, old); // nothing changed, or an older build of a project already in it
            }
            Optional<Rollup> restarted = restart(key, subject, entry, followers, now, expiresAt, old, deadline);
            if (restarted.isPresent()) {
                return restarted.get();
            }
        }
    }

    /** What a conditional write found: the rollup written, or the item as it was. */
    private record Written(Optional<Rollup> rollup, Map<String, AttributeValue> old) {
    }

    private Written update(NotificationKey key, String subject, Entry entry,
                                                         Set<String> followers, Instant now, Instant openedAfter,
                                                         Instant expiresAt, Deadline deadline) {
        Map<String, String> names = new HashMap<>(Map.of("#p", ENTRY_PREFIX + entry.project(),
                "#b", BUILD_PREFIX + entry.project(), "#state", "state",
                "#subject", "build_id", "#opened", "opened_at", "#ttl", Markers.TTL_ATTRIBUTE, "#revision", "revision"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":entry", DynamoHistory.s(encode(entry)),
                ":done", DynamoHistory.s("done"), ":subject", DynamoHistory.s(subject),
                ":now", DynamoHistory.n(now.toEpochMilli()), ":ttl", DynamoHistory.n(expiresAt.getEpochSecond()),
                ":one", DynamoHistory.n(1), ":after", DynamoHistory.n(openedAfter.toEpochMilli()),
                ":build", DynamoHistory.s(entry.buildId())));
        StringBuilder changed = new StringBuilder("attribute_not_exists(#p) OR #p <> :entry");
        int i = 0;
        for (String follower : new TreeSet<>(followers)) {
            values.put(":f" + i, DynamoHistory.s(follower));
            changed.append(" OR NOT contains(#followers, :f").append(i).append(')');
            i++;
        }
        String add = " ADD #revision :one";
        if (!followers.isEmpty()) {
            names.put("#followers", "followers");
            values.put(":followers", AttributeValue.fromSs(List.copyOf(followers)));
            add += ", #followers :followers";
        }
        String expression = "SET #p = :entry, #b = :build, #state = if_not_exists(#state, :done), "
                + "#subject = if_not_exists(#subject, :subject), #opened = if_not_exists(#opened, :now), #ttl = :ttl"
                + add;
        String condition = "(attribute_not_exists(#opened) OR #opened >= :after) AND (attribute_not_exists(#b) OR "
                + "#b = :build) AND (" + changed + ")";
        try {
            Map<String, AttributeValue> item = client.updateItem(r -> r.tableName(table).key(Markers.key(key))
                    .updateExpression(expression).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table))).attributes();
            return new Written(Optional.of(read(key, item)), Map.of());
        } catch (ConditionalCheckFailedException e) {
            return new Written(Optional.empty(), e.hasItem() ? e.item() : Map.of());
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }

    /** Replaces a closed (or rebuilt) rollup with a new one holding only this entry; empty when someone else did first. */
    private Optional<Rollup> restart(NotificationKey key, String subject, Entry entry, Set<String> followers, Instant now,
                            Instant expiresAt, Map<String, AttributeValue> old, Deadline deadline) {
        Map<String, AttributeValue> item = new HashMap<>(Markers.key(key));
        long revision = Items.number(old, "revision") + 1;
        item.put(ENTRY_PREFIX + entry.project(), DynamoHistory.s(encode(entry)));
        item.put(BUILD_PREFIX + entry.project(), DynamoHistory.s(entry.buildId()));
        item.put("state", DynamoHistory.s("done"));
        item.put("build_id", DynamoHistory.s(subject));
        item.put("opened_at", DynamoHistory.n(now.toEpochMilli()));
        item.put("revision", DynamoHistory.n(revision));
        item.put(Markers.TTL_ATTRIBUTE, DynamoHistory.n(expiresAt.getEpochSecond()));
        if (!followers.isEmpty()) {
            item.put("followers", AttributeValue.fromSs(List.copyOf(followers)));
        }
        try {
            client.putItem(r -> r.tableName(table).item(item).conditionExpression("#opened = :old")
                    .expressionAttributeNames(Map.of("#opened", "opened_at"))
                    .expressionAttributeValues(Map.of(":old", DynamoHistory.n(Items.number(old, "opened_at"))))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
            return Optional.of(read(key, item));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB PutItem on " + table, e);
        }
    }

    @Override
    public void started(NotificationKey key, String subject, String project, String buildId, Instant now,
                        Instant expiresAt, Deadline deadline) {
        try {
            client.updateItem(r -> r.tableName(table).key(Markers.key(key))
                    .updateExpression("SET #s = :build, #state = if_not_exists(#state, :done), "
                            + "#subject = if_not_exists(#subject, :subject), #opened = if_not_exists(#opened, :now), "
                            + "#ttl = if_not_exists(#ttl, :ttl)")
                    .expressionAttributeNames(Map.of("#s", STARTED_PREFIX + project, "#state", "state",
                            "#subject", "build_id", "#opened", "opened_at", "#ttl", Markers.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":build", DynamoHistory.s(buildId),
                            ":done", DynamoHistory.s("done"), ":subject", DynamoHistory.s(subject),
                            ":now", DynamoHistory.n(now.toEpochMilli()),
                            ":ttl", DynamoHistory.n(expiresAt.getEpochSecond())))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB UpdateItem on " + table)));
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB UpdateItem on " + table, e);
        }
    }

    static String encode(Entry entry) {
        return entry.status().name() + "|" + entry.startMillis() + "|" + entry.buildId() + "|" + entry.url()
                + (entry.detail().isEmpty() ? "" : "|" + entry.detail());
    }

    static Rollup read(NotificationKey key, Map<String, AttributeValue> item) {
        List<Entry> entries = new ArrayList<>();
        item.forEach((name, value) -> {
            if (name.startsWith(ENTRY_PREFIX) && value.s() != null) {
                // the detail, last, is free text (a URL has no '|')
                String[] parts = value.s().split("\\|", 5);
                Optional<BuildStatus> status = parts.length >= 4 ? BuildStatus.parse(parts[0]) : Optional.empty();
                if (status.isPresent()) {
                    long start;
                    try {
                        start = Long.parseLong(parts[1]);
                    } catch (NumberFormatException e) {
                        start = 0;
                    }
                    entries.add(new Entry(name.substring(ENTRY_PREFIX.length()), parts[2], status.get(), start,
                            parts[3], parts.length == 5 ? parts[4] : ""));
                }
            }
        });
        entries.sort(java.util.Comparator.comparing(Entry::project));
        Set<String> projects = new java.util.HashSet<>();
        entries.forEach(e -> projects.add(e.project()));
        item.keySet().stream().filter(name -> name.startsWith(STARTED_PREFIX))
                .forEach(name -> projects.add(name.substring(STARTED_PREFIX.length())));
        AttributeValue followers = item.get("followers");
        return new Rollup(key, Items.number(item, "revision"), entries,
                followers == null || !followers.hasSs() ? Set.of() : Set.copyOf(followers.ss()),
                Instant.ofEpochMilli(Items.number(item, "opened_at")), projects.size());
    }

}
