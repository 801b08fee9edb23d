package io.codebuildnotifier.function;

import io.codebuildnotifier.adapter.aws.DynamoRollups;
import io.codebuildnotifier.adapter.aws.QueuedMessages;
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.DeliveryQueue;
import io.codebuildnotifier.notification.Outgoing;
import io.codebuildnotifier.notification.Pacer;
import io.codebuildnotifier.notification.Sender;
import io.codebuildnotifier.sources.build.Rollups;
import io.codebuildnotifier.adapter.aws.CodeBuildBuilds;
import io.codebuildnotifier.adapter.aws.CodeBuildReports;
import io.codebuildnotifier.adapter.aws.DynamoAliasBook;
import io.codebuildnotifier.adapter.aws.DynamoHistory;
import io.codebuildnotifier.adapter.aws.DynamoLedger;
import io.codebuildnotifier.adapter.aws.DynamoLookupCache;
import io.codebuildnotifier.adapter.aws.DynamoThreads;
import io.codebuildnotifier.adapter.aws.SecretTokens;
import io.codebuildnotifier.adapter.github.GitHubHost;
import io.codebuildnotifier.adapter.slack.SlackMessages;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.notification.PostResult;
import io.codebuildnotifier.notification.Threads;
import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.CachedDirectory;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.LookupCache;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.BuildNotifier;
import io.codebuildnotifier.sources.build.BuildPolicy;
import io.codebuildnotifier.sources.build.BuildStatus;
import io.codebuildnotifier.sources.build.Builds;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.Reconciler;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.sources.build.TestReports;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What runs before a SnapStart snapshot, so that a restored instance's first event finds the code it
 * needs loaded and compiled: one step per remote service the function calls, each a real call that
 * reads and writes nothing that matters, and the notifier's own code on in-memory ports.
 * <ul>
 *   <li>{@link #dynamoDb}: every DynamoDB operation the events function uses (GetItem, Query on the
 *       table and on {@code commit_hash_index}, TransactWriteItems, UpdateItem, PutItem, BatchGetItem,
 *       GetItem on the alias table), through the real adapters, on items of its own that no real item
 *       can collide with ({@code priming:<random>} in their keys, see {@link PrimingIds}), each with a
 *       TTL of an hour, deleted at the end (DeleteItem);</li>
 *   <li>{@link #secretsManager}: GetSecretValue of a name that does not exist (the error path), and the
 *       reading of an answer of the same shape made here: the real secret is not asked for, no secret
 *       value enters the snapshot;</li>
 *   <li>{@link #codeBuild}: BatchGetBuilds of a priming build id, which CodeBuild lists as not found, and
 *       the classes an answer with a build needs; those of BatchGetReports' and DescribeTestCases' answers
 *       too, without a call (a report's ARN needs the account, unknown before the first event);</li>
 *   <li>{@link #gitHub}: {@code GET /rate_limit}, which needs no token and is not counted by GitHub,
 *       on an HTTP client built as the function's own and closed afterwards;</li>
 *   <li>{@link #slack}: {@code api.test}, which needs no token, through the function's Slack client,
 *       whose connection is then closed;</li>
 *   <li>{@link #notifier}: events through the real router, notifier, dispatcher, message layout and
 *       log record, on in-memory ports: nothing remote, nothing sent.</li>
 * </ul>
 * Every step is bounded by a short {@link Deadline} and failure-tolerant: a step that fails stops, the
 * others still run, and priming never throws (a restored instance then pays on its first event). No
 * connection opened here is meant to be used after a restore, and nothing fetched here is trusted
 * after one ({@link EventsFunction#afterRestore}). Steps take the clients they use, so that another
 * function reuses them with its own wiring.
 *
 * <p>{@value #MODE_PROPERTY} chooses what runs: {@code full} (the default), {@code minimal} (what
 * priming did before: the Slack JSON mapping, one marker read, one BatchGetBuilds) or {@code none};
 * the benchmark uses it to measure each.
 */
final class Priming {
    /** The system property that chooses the priming: {@code full}, {@code minimal} or {@code none}. */
    static final String MODE_PROPERTY = "codebuildnotifier.priming";
    /** How long one step that calls a remote service may take: its calls end {@link Deadline#MARGIN} earlier. */
    static final Duration STEP = Duration.ofSeconds(6);
    /**
     * The Slack step's time: with this much left, the call goes through the client every Slack call uses
     * (its calls take up to 10 s), not the short-timeout one.
     */
    static final Duration SLACK_STEP = Duration.ofSeconds(13);
    /** The TTL of what priming writes, should it be stopped before deleting it. */
    static final Duration ITEM_TTL = Duration.ofHours(1);

    /** How much priming is done. */
    enum Mode {
        FULL, MINIMAL, NONE;

        static Mode fromSystemProperty() {
            String value = System.getProperty(MODE_PROPERTY, "full").trim().toUpperCase(Locale.ROOT);
            try {
                return valueOf(value);
            } catch (IllegalArgumentException e) {
                return FULL;
            }
        }
    }

    /** What one step did: its result, or what stopped it, and how long it took. */
    record Step(String name, boolean ok, String detail, long millis) {
        @Override
        public String toString() {
            return name + (ok ? " ok" : " failed") + " (" + millis + " ms" + (detail.isEmpty() ? "" : ": " + detail)
                    + ")";
        }
    }

    /** What priming did, step by step. */
    record Report(Mode mode, List<Step> steps) {
        Report {
            steps = List.copyOf(steps);
        }

        boolean allOk() {
            return steps.stream().allMatch(Step::ok);
        }

        Optional<Step> step(String name) {
            return steps.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        String summary() {
            return LogText.oneLine("priming (" + mode.name().toLowerCase(Locale.ROOT) + "): " + steps);
        }
    }

    /** A step: what it does with its deadline, and what it says it did. */
    @FunctionalInterface
    interface Action {
        String run(Deadline deadline);
    }

    private Priming() {
    }

    // ------------------------------------------------------------------ the events function

    /**
     * The events function's priming, as {@link #MODE_PROPERTY} says. The clients are asked for inside
     * their steps, so that one that cannot be built only fails its step.
     */
    static Report eventsFunction(Settings settings, Clock clock, Supplier<DynamoDbClient> dynamo,
                                 Supplier<CodeBuildClient> codeBuild, Supplier<SecretTokens> tokens,
                                 Supplier<SlackWorkspace> slack) {
        Settings.Wiring wiring = settings.wiring();
        Runner runner = new Runner(clock);
        switch (Mode.fromSystemProperty()) {
            case NONE -> {
                return runner.report(Mode.NONE);
            }
            case MINIMAL -> {
                runner.run("slack json", STEP, d -> {
                    slack.get().prime();
                    return "";
                });
                runner.run("minimal aws", Duration.ofSeconds(10), d -> {
                    new DynamoLedger(dynamo.get(), wiring.historyTable()).find(EventsFunction.PRIMING, d);
                    new CodeBuildBuilds(codeBuild.get(), wiring.reconcileProjects())
                            .find("priming:00000000-0000-4000-8000-000000000000", d);
                    return "";
                });
                return runner.report(Mode.MINIMAL);
            }
            case FULL -> {
                // first what needs no network, then each service
                runner.run("slack json", STEP, d -> {
                    slack.get().prime();
                    return "";
                });
                runner.run("notifier", STEP, d -> notifier(settings.policy(), settings.slackAdmins(), clock));
                runner.run("dynamodb", STEP, d -> dynamoDb(dynamo.get(), wiring.historyTable(), wiring.aliasTable(),
                        clock, d));
                runner.run("codebuild", STEP, d -> codeBuild(codeBuild.get(), d));
                runner.run("secretsmanager", STEP, d -> secretsManager(tokens.get(), d));
                runner.run("github", STEP, d -> gitHub(wiring.githubApiUrl(), d));
                runner.run("slack", SLACK_STEP, d -> slack(slack.get(), d));
                return runner.report(Mode.FULL);
            }
            default -> throw new IllegalStateException();
        }
    }

    // ------------------------------------------------------------------ the sender function

    /**
     * The sender function's priming: its own code on in-memory ports (a queued message through the
     * queue's codec, sent, sent again, superseded, replaced in place; laid out for Slack, not sent),
     * the DynamoDB calls it makes (a marker read and its delivery notes, on a priming item deleted
     * afterwards), Secrets Manager's error path and Slack's {@code api.test}.
     */
    static Report senderFunction(Settings settings, Clock clock, Supplier<DynamoDbClient> dynamo,
                                 Supplier<SecretTokens> tokens, Supplier<SlackWorkspace> slack) {
        Settings.Wiring wiring = settings.wiring();
        Runner runner = new Runner(clock);
        Mode mode = Mode.fromSystemProperty();
        if (mode == Mode.NONE) {
            return runner.report(mode);
        }
        runner.run("slack json", STEP, d -> {
            slack.get().prime();
            return "";
        });
        if (mode == Mode.MINIMAL) {
            runner.run("minimal aws", Duration.ofSeconds(10), d -> {
                new DynamoLedger(dynamo.get(), wiring.historyTable()).find(EventsFunction.PRIMING, d);
                return "";
            });
            return runner.report(mode);
        }
        runner.run("sender", STEP, d -> sender(clock));
        runner.run("dynamodb", STEP, d -> senderDynamoDb(dynamo.get(), wiring.historyTable(), settings.threads(),
                clock, d));
        runner.run("secretsmanager", STEP, d -> secretsManager(tokens.get(), d));
        runner.run("slack", SLACK_STEP, d -> slack(slack.get(), d));
        return runner.report(mode);
    }

    /**
     * The sender's own code on in-memory ports, threads on; messages are laid out as Slack would get them,
     * and not sent: a first message (a thread started), the same again, a superseded revision, the newest
     * revision (in place), and a later build of the same PR (a reply, and its parent updated).
     */
    static String sender(Clock clock) {
        MemoryStore store = new MemoryStore();
        Meter meter = new Meter();
        Patience patience = new Patience(wait -> { });
        Sender sender = new Sender(meter.countingPosts(new MemoryMessenger()), store,
                new Pacer(Duration.ZERO, clock, patience), new MemoryThreads(), clock);
        String conversation = "build:https://github.com/priming/priming#pr/1";
        NotificationKey key = new NotificationKey("commit:https://github.com/priming/priming@" + MemoryGitHost.HEAD);
        Notification first = new Notification(key, Notification.Kind.BUILD_RESULT, Notification.Severity.FAILURE,
                "Priming's priming build - failed", List.of(new Notification.Fact(Notification.FactKey.PROJECT,
                "priming")), List.of(), List.of(new Notification.Person(Notification.Person.Role.AUTHOR, "Priming",
                "author@priming.invalid")), List.of()).withConversation(conversation);
        Notification rollup = new Notification(key, Notification.Kind.COMMIT_ROLLUP, Notification.Severity.FAILURE,
                "priming", List.of(new Notification.Fact(Notification.FactKey.FINISHED, "2")), List.of(),
                first.people(), List.of(), List.of(new Notification.Part("unit", Notification.Severity.SUCCESS,
                "succeeded", "https://priming.invalid/unit"), new Notification.Part("lint",
                Notification.Severity.FAILURE, "failed", ""))).withConversation(conversation);
        NotificationKey laterKey = new NotificationKey("commit:https://github.com/priming/priming@"
                + MemoryGitHost.PR_COMMIT);
        Notification later = first.withKey(laterKey);
        List<Outgoing> queued = List.of(
                new Outgoing(key, "dm:U0PRIMING0", "U0PRIMING0", Delivery.Role.DIRECT_MESSAGE, "", 1, first),
                new Outgoing(key, "dm:U0PRIMING0", "U0PRIMING0", Delivery.Role.DIRECT_MESSAGE, "", 1, first),
                new Outgoing(key, "dm:U0PRIMING0", "U0PRIMING0", Delivery.Role.DIRECT_MESSAGE, "", 2, rollup),
                new Outgoing(key, "dm:U0PRIMING0", "U0PRIMING0", Delivery.Role.DIRECT_MESSAGE, "", 3, rollup),
                new Outgoing(laterKey, "dm:U0PRIMING0", "U0PRIMING0", Delivery.Role.DIRECT_MESSAGE, "", 1, later));
        List<String> statuses = new ArrayList<>();
        for (Outgoing message : queued) {
            if (message.revision() == 2) {
                store.owe(key, List.of("dm:U0PRIMING0"), 3, Deadline.in(STEP, clock)); // a newer one is queued
            }
            Outgoing decoded = QueuedMessages.decode(QueuedMessages.encode(message));
            statuses.add(sender.send(decoded, Deadline.in(STEP, clock)).status().name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", statuses) + "; " + meter.messagesSent() + " laid out, none sent";
    }

    /**
     * What the sender calls in DynamoDB, writing nothing (its role may not delete): a marker read, and
     * an UpdateItem whose condition fails on a priming key that does not exist.
     */
    static String senderDynamoDb(DynamoDbClient client, String table, boolean threads, Clock clock,
                                 Deadline deadline) {
        PrimingIds ids = PrimingIds.random();
        DynamoLedger ledger = new DynamoLedger(client, table);
        ledger.find(ids.key(), deadline);                                       // GetItem, consistent
        ledger.release(ids.key(), "priming", deadline);                         // UpdateItem, refused: no item
        if (!threads) {
            return "2 calls, nothing written";
        }
        DynamoThreads thread = new DynamoThreads(client, table);
        String conversation = ids.key().value();
        thread.find("dm:U0PRIMING0", conversation, clock.instant(), deadline);  // GetItem, consistent
        thread.revise("dm:U0PRIMING0", conversation, new MessageRef("D0PRIMING0", "1.1"), ids.key(), 2,
                deadline);                                                      // UpdateItem, refused: no item
        return "4 calls, nothing written";
    }

    /** Runs steps one after the other, each with its own deadline, none able to stop the others. */
    static final class Runner {
        private final Clock clock;
        private final List<Step> steps = new ArrayList<>();

        Runner(Clock clock) {
            this.clock = clock;
        }

        /** Runs one step; a failure is noted, never thrown. */
        Step run(String name, Duration time, Action action) {
            long started = System.nanoTime();
            Step step;
            try {
                String detail = action.run(Deadline.in(time, clock));
                step = new Step(name, true, detail == null ? "" : detail, (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                step = new Step(name, false, LogText.abbreviate(e.getClass().getSimpleName() + ": " + e.getMessage(),
                        300), (System.nanoTime() - started) / 1_000_000);
            }
            steps.add(step);
            return step;
        }

        Report report(Mode mode) {
            return new Report(mode, steps);
        }
    }

    // ------------------------------------------------------------------ the steps

    /**
     * The keys priming writes under. A real {@code source_id} starts with a CodeBuild project name (which
     * has no colon), is {@code project_summary}, or is {@code build:PROJECT:UUID} or
     * {@code slack-user:EMAIL}; these start with {@code priming:} followed by a random id and a colon,
     * or are a marker or a lookup of such a name, and so can never be a real item's.
     */
    record PrimingIds(String id) {
        static PrimingIds random() {
            return new PrimingIds(UUID.randomUUID().toString());
        }

        /** The history item's project code: {@code priming:<id>}, a name no CodeBuild project can have. */
        String project() {
            return "priming:" + id;
        }

        /** {@code priming:<id>:<id>}: no real build id has two colons. */
        String buildId() {
            return project() + ":" + id;
        }

        String sourceRef() {
            return "pr/1";
        }

        String sourceId() {
            return HistoryEntry.sourceId(project(), sourceRef());
        }

        String commit() {
            return project() + ":commit";
        }

        NotificationKey key() {
            return NotificationKey.build(buildId());
        }

        /** An address nobody has: {@code .invalid} is reserved (RFC 2606). */
        String email() {
            return "priming-" + id + "@priming.invalid";
        }
    }

    /**
     * Every DynamoDB operation of the events function, through its adapters, on priming items (see
     * {@link PrimingIds}) that expire within {@link #ITEM_TTL} and are deleted before the step ends. Stops
     * at the first failure; what may have been written is deleted all the same (while time is left).
     *
     * @param aliasTable the alias table, only read (an address nobody has)
     */
    static String dynamoDb(DynamoDbClient client, String table, Optional<String> aliasTable, Clock clock,
                           Deadline deadline) {
        PrimingIds ids = PrimingIds.random();
        Instant now = clock.instant();
        Instant expires = now.plus(ITEM_TTL);
        DynamoHistory history = new DynamoHistory(client, table);
        DynamoLedger ledger = new DynamoLedger(client, table);
        DynamoLookupCache cache = new DynamoLookupCache(client, table);
        long start = now.toEpochMilli() - 60_000;
        String versionKey = HistoryEntry.versionKey(start, start);
        HistoryEntry entry = new HistoryEntry(ids.sourceId(), versionKey, ids.sourceRef(), "", ids.project(),
                ids.buildId(), ids.commit(), BuildStatus.FAILED.name(), start, "Priming", ids.email(), "Priming",
                ids.email(), "priming", "https://github.com/priming/priming");
        // what the step may have written (source_id to version_key), for the clean-up
        Map<String, String> written = new LinkedHashMap<>();
        boolean wrote = false;
        int calls = 0;
        try {
            ledger.find(ids.key(), deadline);                                   // GetItem, consistent
            history.entriesOf(ids.sourceId(), deadline);                        // Query
            history.entriesWithCommit(ids.commit(), deadline);                  // Query on commit_hash_index
            calls += 3;
            written.put(ids.sourceId(), versionKey);                            // the build's item
            written.put(ids.project(), md5(ids.sourceRef()));                   // its branch entry
            written.put(ids.key().value(), "notification");                     // its marker
            Claim claim = new Claim(ids.key(), ids.buildId(), "priming", now, deadline.at(), false, expires);
            history.record(new History.Record(entry, Optional.of(HistoryEntry.versionKey(start - 1, start - 1)),
                    List.of(), false, claim), deadline);                        // TransactWriteItems
            wrote = true;
            expire(client, table, ids.sourceId(), versionKey, expires, deadline); // UpdateItem
            expire(client, table, ids.project(), md5(ids.sourceRef()), expires, deadline);
            ledger.delivered(ids.key(), "dm:U0PRIMING0", 1, Optional.of(new MessageRef("D0PRIMING0", "1.000001")),
                    deadline);                                                  // UpdateItem
            ledger.owe(ids.key(), List.of("dm:U0PRIMING0"), 2, deadline);      // UpdateItem
            ledger.delivered(ids.key(), "dm:U0PRIMING0", 2, Optional.of(new MessageRef("D0PRIMING0", "1.000001")),
                    deadline);                                                  // UpdateItem, conditional
            ledger.finish(ids.key(), deadline);                                 // UpdateItem
            DynamoRollups rollups = new DynamoRollups(client, table);
            NotificationKey rollup = new NotificationKey("commit:" + ids.sourceId());
            written.put(rollup.value(), "notification");                        // the commit's rollup
            rollups.started(rollup, ids.commit(), ids.project(), ids.buildId(), now, expires, deadline); // UpdateItem
            Rollups.Entry first = new Rollups.Entry(ids.project(), ids.buildId(), BuildStatus.FAILED, start, "");
            rollups.record(rollup, ids.commit(), first, Set.of("dm:U0PRIMING0"), now, now.minusSeconds(60), expires,
                    deadline);                                                  // UpdateItem, ALL_NEW
            rollups.record(rollup, ids.commit(), first, Set.of("dm:U0PRIMING0"), now, now.minusSeconds(60), expires,
                    deadline);                                                  // its condition fails: ALL_OLD
            calls += 4;
            ledger.release(ids.key(), "priming-other", deadline);              // UpdateItem whose condition fails
            calls += 5;
            written.put("slack-user:" + ids.email(), "lookup");
            cache.put(ids.email(), new ChatDirectory.Lookup.Found("U0PRIMING0"), expires, deadline); // PutItem
            cache.get(ids.email(), now, deadline);                              // GetItem
            ledger.findAll(List.of(ids.key(), NotificationKey.build(ids.project() + ":other")), deadline); // BatchGetItem
            calls += 3;
            if (aliasTable.isPresent()) {
                new DynamoAliasBook(client, aliasTable.get()).workspaceEmail(ids.email(), deadline); // GetItem
                calls++;
            }
        } finally {
            int deleted = delete(client, table, written, clock);                // DeleteItem
            if (wrote && deleted < written.size()) {
                // the step's own failure, if any, is the one reported; this says what is left, and for how long
                System.err.println(LogText.oneLine("codebuild-notifier: priming could not delete "
                        + (written.size() - deleted) + " of its items under " + ids.project() + " in " + table
                        + "; they expire within " + ITEM_TTL.toMinutes() + " minutes"));
            }
        }
        return calls + " calls, " + written.size() + " items written and deleted";
    }

    /** The branch entry's version key: the MD5 of the source ref, as {@link DynamoHistory} keys it. */
    private static String md5(String sourceRef) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(sourceRef.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, AttributeValue> key(String sourceId, String versionKey) {
        return Map.of("source_id", AttributeValue.fromS(sourceId), "version_key", AttributeValue.fromS(versionKey));
    }

    /** Gives an item the table's TTL ({@code expires_at}). */
    private static void expire(DynamoDbClient client, String table, String sourceId, String versionKey,
                               Instant expires, Deadline deadline) {
        client.updateItem(r -> r.tableName(table).key(key(sourceId, versionKey))
                .updateExpression("SET #ttl = :ttl")
                .conditionExpression("attribute_exists(source_id)")
                .expressionAttributeNames(Map.of("#ttl", "expires_at"))
                .expressionAttributeValues(Map.of(":ttl", AttributeValue.fromN(Long.toString(expires.getEpochSecond()))))
                .overrideConfiguration(o -> o.apiCallTimeout(deadline.attemptTimeout(Duration.ofSeconds(5),
                        "DynamoDB UpdateItem"))));
    }

    /**
     * Deletes what priming wrote (DeleteItem), with time of its own, stopping at the first failure.
     *
     * @return how many were deleted
     */
    private static int delete(DynamoDbClient client, String table, Map<String, String> items, Clock clock) {
        Deadline deadline = Deadline.in(STEP, clock);
        int deleted = 0;
        for (Map.Entry<String, String> item : items.entrySet()) {
            try {
                client.deleteItem(r -> r.tableName(table).key(key(item.getKey(), item.getValue()))
                        .overrideConfiguration(o -> o.apiCallTimeout(deadline.attemptTimeout(Duration.ofSeconds(5),
                                "DynamoDB DeleteItem"))));
                deleted++;
            } catch (RuntimeException e) {
                break;
            }
        }
        return deleted;
    }

    /** GetSecretValue of a name that does not exist: the path of an error answer, and nothing secret. */
    static String secretsManager(SecretTokens tokens, Deadline deadline) {
        tokens.prime(deadline);
        return "a secret that does not exist";
    }

    /**
     * BatchGetBuilds of a build that does not exist (a project name with a colon, which none has), then the
     * model of an answer that has one, loaded without a call ({@link CodeBuildBuilds#primeModel}), and the models
     * of the test reports' answers ({@link CodeBuildReports#primeModel}).
     */
    static String codeBuild(CodeBuildClient client, Deadline deadline) {
        Optional<Build> found = new CodeBuildBuilds(client, List.of()).find(PrimingIds.random().buildId(), deadline);
        return (found.isPresent() ? "found?" : "not found, as expected") + "; " + CodeBuildBuilds.primeModel()
                + " structures of an answer loaded; " + CodeBuildReports.primeModel()
                + " of test reports' answers, without a call";
    }

    /**
     * {@code GET /rate_limit} on an HTTP client built as the function's own GitHub client, closed
     * afterwards so that no connection it opened outlives priming. No token is read or sent.
     */
    static String gitHub(URI githubApiUrl, Deadline deadline) {
        HttpClient http = EventsFunction.gitHubHttpClient();
        try {
            GitHubHost github = new GitHubHost(http, githubApiUrl, (host, d) -> {
                throw new IllegalStateException("priming reads no token");
            }, new Patience(wait -> { }));
            return "HTTP " + github.prime(deadline);
        } finally {
            http.shutdownNow();
            try {
                http.awaitTermination(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code api.test} through the function's Slack client: no token read or sent. */
    static String slack(SlackWorkspace slack, Deadline deadline) {
        return slack.primeApi(deadline) ? "ok" : "answered, not ok";
    }

    // ------------------------------------------------------------------ the notifier, in memory

    /**
     * The notifier's own code on in-memory ports, with the function's policy and admins: a pull
     * request's failure (placed by its source version, recorded, notified to its author and, through
     * the alias book, its committer), the same event again (a duplicate), a push by commit to the first
     * whitelisted branch (placed by the branch's head), and a reconciliation run; each through the
     * router, as the handler routes events, and into a log record, as the handler writes it. Messages
     * are laid out as Slack would get them, and not sent.
     */
    static String notifier(BuildPolicy policy, List<String> admins, Clock clock) {
        MemoryStore store = new MemoryStore();
        MemoryBuilds builds = new MemoryBuilds();
        MemoryGitHost git = new MemoryGitHost();
        Meter meter = new Meter();
        ChatDirectory directory = meter.countingLookups(new MemoryDirectory());
        Messenger messenger = meter.countingPosts(new MemoryMessenger());
        Recipients recipients = new Recipients(new CachedDirectory(directory, new MemoryLookupCache(), clock),
                new MemoryAliases());
        Patience patience = new Patience(wait -> { });
        // the sender's path too: each message through the codec the queue uses, then sent at once
        Sender sender = new Sender(messenger, store, new Pacer(Duration.ZERO, clock, patience), new MemoryThreads(),
                clock);
        DeliveryQueue queue = (messages, within) -> {
            List<Delivery> sent = new ArrayList<>();
            for (Outgoing message : messages) {
                sender.send(QueuedMessages.decode(QueuedMessages.encode(message)), Deadline.in(Duration.ofSeconds(5),
                        clock)).delivery().ifPresent(sent::add);
            }
            return sent;
        };
        Dispatcher dispatcher = new Dispatcher(recipients, directory, queue, admins, EventsFunction.TERMS);
        BuildNotifier notifier = new BuildNotifier(policy, builds, git, store, store, dispatcher, store,
                MemoryReports.FAILING, clock);
        Router router = new Router(() -> notifier, () -> new Reconciler(notifier, builds, store, clock,
                policy.reconcileWindow()), patience);
        EventParser parser = new EventParser();
        Instant now = clock.instant();

        String uuid = UUID.randomUUID().toString();
        Build pr = builds.add(MemoryReports.withReport(new Build("priming:" + uuid, MemoryBuilds.arn(uuid), "priming",
                now.minusSeconds(300),
                BuildStatus.FAILED, "pr/1", MemoryGitHost.PR_COMMIT, "GITHUB", "https://github.com/priming/priming.git",
                "GitHub-Hookshot/priming", "", Map.of(), List.of(new Build.Phase("BUILD", "FAILED",
                "COMMAND_EXECUTION_ERROR: Error while executing command: ./priming. Reason: exit status 1")))));
        List<String> events = new ArrayList<>();
        events.add(event(pr, "FAILED"));
        events.add(event(pr, "FAILED"));
        if (!policy.whitelistBranches().isEmpty()) {
            String pushed = UUID.randomUUID().toString();
            Build push = builds.add(new Build("priming:" + pushed, MemoryBuilds.arn(pushed), "priming",
                    now.minusSeconds(200), BuildStatus.SUCCEEDED, MemoryGitHost.HEAD, MemoryGitHost.HEAD, "GITHUB",
                    "https://github.com/priming/priming.git", "GitHub-Hookshot/priming", "", Map.of(), List.of()));
            events.add(event(push, "SUCCEEDED"));
        }
        events.add("{\"version\":\"0\",\"id\":\"priming\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
                + "\"account\":\"000000000000\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{}}");
        List<String> outcomes = new ArrayList<>();
        for (String json : events) {
            long started = System.nanoTime();
            Envelope envelope = parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            Invocation invocation = new Invocation("priming", Deadline.in(EventsHandler.DEFAULT_TIME, clock));
            Outcome outcome = router.route(envelope, invocation);
            EventRecord.Usage usage = new EventRecord.Usage(invocation.id(), (System.nanoTime() - started) / 1_000_000,
                    meter.lookups(), meter.messagesSent(), "priming");
            EventRecord.of(outcome, envelope, usage).json(clock.instant());
            LogText.oneLine("codebuild-notifier: " + outcome.summary());
            outcomes.add(EventRecord.of(outcome, envelope, usage).outcome());
        }
        return String.join(", ", outcomes) + "; " + meter.messagesSent() + " messages laid out, none sent";
    }

    private static String event(Build build, String status) {
        return "{\"version\":\"0\",\"id\":\"" + UUID.randomUUID() + "\",\"detail-type\":\"CodeBuild Build State Change\","
                + "\"source\":\"aws.codebuild\",\"account\":\"000000000000\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[\"" + build.arn() + "\"],\"detail\":{\"build-status\":\""
                + status + "\",\"project-name\":\"priming\",\"build-id\":\"" + build.arn() + "\",\"current-phase\":"
                + "\"COMPLETED\",\"additional-information\":{\"build-complete\":true,\"timeout-in-minutes\":60.0,"
                + "\"source-version\":\"" + build.sourceVersion() + "\",\"source\":{\"type\":\"GITHUB\",\"location\":"
                + "\"" + build.sourceLocation() + "\"}}}}";
    }

    /** The history and the ledger: one store, as both live in the history table. */
    private static final class MemoryStore implements History, Ledger, Rollups {
        private final Map<String, Map<String, HistoryEntry>> entries = new HashMap<>();
        private final Map<NotificationKey, Marker> markers = new HashMap<>();
        private final Map<NotificationKey, Rollup> rollups = new HashMap<>();

        @Override
        public synchronized List<HistoryEntry> entriesOf(String sourceId, Deadline deadline) {
            return List.copyOf(entries.getOrDefault(sourceId, Map.of()).values());
        }

        @Override
        public synchronized List<HistoryEntry> entriesWithCommit(String commitHash, Deadline deadline) {
            return entries.values().stream().flatMap(m -> m.values().stream())
                    .filter(e -> e.commitHash().equals(commitHash)).toList();
        }

        @Override
        public synchronized Result record(Record record, Deadline deadline) {
            Claim claim = record.claim();
            Marker old = markers.get(claim.key());
            if (old != null && (old.finished() || old.heldByAnother(claim.owner(), claim.now()))) {
                return new Result.Refused(old);
            }
            Map<String, HistoryEntry> own = entries.computeIfAbsent(record.entry().sourceId(), k -> new LinkedHashMap<>());
            record.replaces().ifPresent(own::remove);
            for (Rekey rekey : record.rekeys()) {
                Map<String, HistoryEntry> of = entries.computeIfAbsent(rekey.entry().sourceId(), k -> new LinkedHashMap<>());
                of.remove(rekey.entry().versionKey());
                HistoryEntry e = rekey.entry();
                of.put(rekey.versionKey(), e.withVersionKey(rekey.versionKey()));
            }
            own.put(record.entry().versionKey(), record.entry());
            markers.put(claim.key(), new Marker(claim.key(), claim.subject(),
                    claim.finished() ? Marker.State.DONE : Marker.State.CLAIMED, claim.owner(), claim.leaseUntil(),
                    old == null ? Set.of() : old.delivered(), old == null ? Map.of() : old.references()));
            return new Result.Claimed();
        }

        @Override
        public synchronized Optional<Marker> claim(Claim claim, Deadline deadline) {
            Marker old = markers.get(claim.key());
            if (old != null && (old.finished() || old.heldByAnother(claim.owner(), claim.now()))) {
                return Optional.of(old);
            }
            markers.put(claim.key(), new Marker(claim.key(), claim.subject(),
                    claim.finished() ? Marker.State.DONE : Marker.State.CLAIMED, claim.owner(), claim.leaseUntil(),
                    old == null ? Set.of() : old.delivered(), old == null ? Map.of() : old.references()));
            return Optional.empty();
        }

        @Override
        public synchronized Optional<Marker> find(NotificationKey key, Deadline deadline) {
            return Optional.ofNullable(markers.get(key));
        }

        @Override
        public synchronized Map<NotificationKey, Marker> findAll(Collection<NotificationKey> keys, Deadline deadline) {
            Map<NotificationKey, Marker> found = new HashMap<>();
            keys.forEach(k -> Optional.ofNullable(markers.get(k)).ifPresent(m -> found.put(k, m)));
            return found;
        }

        @Override
        public synchronized void delivered(NotificationKey key, String targetKey, long revision,
                                           Optional<MessageRef> ref, Deadline deadline) {
            Marker m = markers.computeIfAbsent(key, k -> new Marker(k, "", Marker.State.DONE, "", Instant.EPOCH,
                    Set.of(), Map.of()));
            if (m.sentRevision(targetKey) >= revision) {
                return;
            }
            Set<String> delivered = new HashSet<>(m.delivered());
            delivered.add(targetKey);
            Map<String, MessageRef> refs = new HashMap<>(m.references());
            ref.ifPresent(r -> refs.put(targetKey, r));
            Map<String, Long> revisions = new HashMap<>(m.revisions());
            revisions.put(targetKey, revision);
            markers.put(key, new Marker(key, m.subject(), m.state(), m.owner(), m.leaseUntil(), delivered, refs,
                    revisions, m.owed()));
        }

        @Override
        public synchronized void owe(NotificationKey key, Collection<String> targetKeys, long revision,
                                     Deadline deadline) {
            Marker m = markers.computeIfAbsent(key, k -> new Marker(k, "", Marker.State.DONE, "", Instant.EPOCH,
                    Set.of(), Map.of()));
            Map<String, Long> owed = new HashMap<>(m.owed());
            targetKeys.forEach(t -> owed.put(t, revision));
            markers.put(key, new Marker(key, m.subject(), m.state(), m.owner(), m.leaseUntil(), m.delivered(),
                    m.references(), m.revisions(), owed));
        }

        @Override
        public synchronized Rollup record(NotificationKey key, String subject, Entry entry, Set<String> followers,
                                          Instant now, Instant openedAfter, Instant expiresAt, Deadline deadline) {
            Rollup old = rollups.get(key);
            Map<String, Entry> byProject = new java.util.TreeMap<>();
            Set<String> all = new HashSet<>(followers);
            if (old != null) {
                old.entries().forEach(e -> byProject.put(e.project(), e));
                all.addAll(old.followers());
            }
            byProject.put(entry.project(), entry);
            Rollup next = new Rollup(key, old == null ? 1 : old.revision() + 1, List.copyOf(byProject.values()), all,
                    old == null ? now : old.opened(), byProject.size());
            rollups.put(key, next);
            return next;
        }

        @Override
        public synchronized void started(NotificationKey key, String subject, String project, String buildId,
                                         Instant now, Instant expiresAt, Deadline deadline) {
            rollups.putIfAbsent(key, new Rollup(key, 0, List.of(), Set.of(), now, 1));
        }

        @Override
        public synchronized void finish(NotificationKey key, Deadline deadline) {
            Marker m = markers.get(key);
            if (m != null) {
                markers.put(key, new Marker(key, m.subject(), Marker.State.DONE, m.owner(), m.leaseUntil(),
                        m.delivered(), m.references(), m.revisions(), m.owed()));
            }
        }

        @Override
        public synchronized void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline deadline) {
            markers.putIfAbsent(key, new Marker(key, subject, Marker.State.SKIPPED, "", Instant.EPOCH, Set.of(),
                    Map.of()));
        }

        @Override
        public synchronized void release(NotificationKey key, String owner, Deadline deadline) {
            Marker m = markers.get(key);
            if (m != null && m.state() == Marker.State.CLAIMED && m.owner().equals(owner)) {
                markers.put(key, new Marker(key, m.subject(), m.state(), m.owner(), Instant.EPOCH, m.delivered(),
                        m.references(), m.revisions(), m.owed()));
            }
        }
    }

    /** Threads in memory: each target's first message per conversation, and what its parent shows. */
    private static final class MemoryThreads implements Threads {
        private final Map<String, Thread> threads = new HashMap<>();

        private static String key(String target, String conversation) {
            return target + "\n" + conversation;
        }

        @Override
        public synchronized Optional<Thread> find(String target, String conversation, Instant now, Deadline deadline) {
            return Optional.ofNullable(threads.get(key(target, conversation)));
        }

        @Override
        public synchronized boolean start(String target, String conversation, Thread thread, Instant expiresAt,
                                          Deadline deadline) {
            return threads.putIfAbsent(key(target, conversation), thread) == null;
        }

        @Override
        public synchronized boolean restart(String target, String conversation, MessageRef vanished, Thread thread,
                                            Instant expiresAt, Deadline deadline) {
            Thread held = threads.get(key(target, conversation));
            return held != null && held.parent().equals(vanished)
                    && threads.replace(key(target, conversation), held, thread);
        }

        @Override
        public synchronized boolean show(String target, String conversation, MessageRef parent, Shown shown,
                                         Instant expiresAt, Deadline deadline) {
            Thread held = threads.get(key(target, conversation));
            if (held == null || !held.parent().equals(parent) || held.shown().at().isAfter(shown.at())) {
                return false;
            }
            threads.put(key(target, conversation), new Thread(parent, shown));
            return true;
        }

        @Override
        public synchronized boolean revise(String target, String conversation, MessageRef parent, NotificationKey key,
                                           long revision, Deadline deadline) {
            Thread held = threads.get(key(target, conversation));
            if (held == null || !held.parent().equals(parent) || !held.shown().key().equals(key)
                    || held.shown().revision() >= revision) {
                return false;
            }
            threads.put(key(target, conversation), new Thread(parent, new Shown(key, revision, held.shown().at())));
            return true;
        }
    }

    private static final class MemoryBuilds implements Builds {
        private final Map<String, Build> builds = new LinkedHashMap<>();

        static String arn(String uuid) {
            return "arn:aws:codebuild:us-east-1:000000000000:build/priming:" + uuid;
        }

        synchronized Build add(Build build) {
            builds.put(build.id(), build);
            return build;
        }

        @Override
        public synchronized Optional<Build> find(String buildArn, Deadline deadline) {
            int slash = buildArn.lastIndexOf("build/");
            return Optional.ofNullable(builds.get(slash >= 0 ? buildArn.substring(slash + 6) : buildArn));
        }

        @Override
        public synchronized Finished finishedBetween(Instant from, Instant to, Instant stopBy, Deadline deadline) {
            List<Build> all = new ArrayList<>(builds.values());
            String other = UUID.randomUUID().toString();
            // and one pushed to a branch nobody watches: skipped, and marked
            all.add(new Build("priming:" + other, arn(other), "priming", from, BuildStatus.SUCCEEDED,
                    "refs/heads/priming-unwatched", MemoryGitHost.PR_COMMIT, "GITHUB",
                    "https://github.com/priming/priming.git", "", "", Map.of(), List.of()));
            return new Finished(all, List.of());
        }
    }

    /** A test report with two failed cases, for the notified priming build: read in memory, no call. */
    private static final class MemoryReports {
        static final TestReports FAILING = (build, deadline) -> new Notification.Tests(
                Notification.Tests.State.READY, 120, 116, 2, 2, List.of(
                new Notification.TestCase("io.priming.PrimingTest.primes", "expected: <1> but was: <2>", false),
                new Notification.TestCase("io.priming.PrimingTest.<renders> & *escapes*", "", false)), 0, 81.7);

        static Build withReport(Build b) {
            return new Build(b.id(), b.arn(), b.projectCode(), b.startTime(), b.status(), b.sourceVersion(), b.commit(),
                    b.sourceType(), b.sourceLocation(), b.initiator(), b.logLink(), b.exportedVariables(), b.phases(),
                    b.startTime().plusSeconds(245), 41, List.of("arn:aws:codebuild:us-east-1:000000000000:report/"
                    + "priming-unit:" + b.id().substring(b.id().indexOf(':') + 1)));
        }
    }

    private static final class MemoryGitHost implements GitHost {
        static final String PR_COMMIT = "0123456789abcdef0123456789abcdef01234567";
        static final String HEAD = "89abcdef0123456789abcdef0123456789abcdef";

        @Override
        public Commit commit(Repository repository, String sha, Deadline deadline) {
            return Commit.of(sha, "Priming Author", "author@priming.invalid", "Priming Committer",
                    "committer@priming.invalid", "Prime the <notifier> & its *layout*\n\nA body.");
        }

        @Override
        public Optional<String> branchHead(Repository repository, String branch, Deadline deadline) {
            return Optional.of(HEAD);
        }

        @Override
        public List<String> firstParents(Repository repository, String head, int depth, Deadline deadline) {
            return List.of(head, PR_COMMIT);
        }

        @Override
        public Optional<io.codebuildnotifier.git.PullRequest> pullRequest(Repository repository,
                                                                                   String number, Deadline deadline) {
            return Optional.of(new io.codebuildnotifier.git.PullRequest("priming", "Priming"));
        }
    }

    /** The author is a member; the committer is found through the alias book. */
    private static final class MemoryDirectory implements ChatDirectory {
        @Override
        public Lookup lookupByEmail(String email, Deadline deadline) {
            return switch (email) {
                case "author@priming.invalid" -> new Lookup.Found("U0PRIMING1");
                case "member@priming.invalid" -> new Lookup.Found("U0PRIMING2");
                default -> new Lookup.Missing("users_not_found");
            };
        }

        @Override
        public Optional<String> resolveAdmin(String admin, Deadline deadline) {
            return Optional.of("U0PRIMADM1");
        }
    }

    private static final class MemoryAliases implements AliasBook {
        @Override
        public Optional<String> workspaceEmail(String alternateEmail, Deadline deadline) {
            return alternateEmail.equals("committer@priming.invalid") ? Optional.of("member@priming.invalid")
                    : Optional.empty();
        }
    }

    private static final class MemoryLookupCache implements LookupCache {
        private final Map<String, ChatDirectory.Lookup> lookups = new HashMap<>();

        @Override
        public synchronized Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline) {
            return Optional.ofNullable(lookups.get(email));
        }

        @Override
        public synchronized void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline) {
            lookups.put(email, lookup);
        }
    }

    /** Lays each message out as Slack would get it, and sends nothing. */
    private static final class MemoryMessenger implements Messenger {
        private int sent;

        @Override
        public synchronized PostResult post(String destination, Notification notification, Deadline deadline) {
            SlackMessages.readable(notification);
            SlackMessages.color(notification);
            return new PostResult.Posted(new MessageRef("D0PRIMING" + destination.length(), "1." + (++sent)));
        }

        @Override
        public PostResult update(MessageRef ref, Notification notification, Deadline deadline) {
            SlackMessages.readable(notification);
            return new PostResult.Posted(ref);
        }

        @Override
        public synchronized PostResult reply(MessageRef parent, Notification notification, Deadline deadline) {
            SlackMessages.readable(notification);
            return new PostResult.Posted(new MessageRef(parent.channel(), "1." + (++sent)));
        }
    }
}
