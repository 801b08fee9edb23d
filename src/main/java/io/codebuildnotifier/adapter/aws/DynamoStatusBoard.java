package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.StatusBoard;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.SourceRef;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Where builds stand, read from the history table {@link DynamoHistory} keeps (the original tool's schema), by
 * Query only: never a Scan, never CodeBuild, never the git host.
 * <ul>
 *   <li>the projects are found in the {@code project_summary} partition (one item per repository, a {@code projects}
 *       map of each project's latest whitelisted-branch build): a project none of whose whitelisted branches was
 *       ever built is not found by {@link #recent} and {@link #involving} (it is by {@link #ofProject});</li>
 *   <li>a project's PRs and branches are its branch entries ({@code source_id} = the project; one per source ref,
 *       holding that ref's latest build);</li>
 *   <li>a build's commit and people are in its own item ({@code source_id} = {@code PROJECT:SOURCE_REF}), looked for
 *       among the ref's {@value #BUILDS_PER_REF} highest version keys (the latest commits).</li>
 * </ul>
 * A pull request counts as open while its latest build is at most {@link #OPEN} old: the board does not ask the git
 * host whether it was merged or closed. Every read is bounded: at most {@value #MAX_PAGES} pages of a partition, at
 * most {@value #MAX_PROJECTS} projects and {@value #MAX_REFS} PRs or branches looked into, and further reads stop
 * when the invocation's deadline draws near, so a board may be partial but is never late.
 */
public final class DynamoStatusBoard implements StatusBoard {
    /** A pull request whose latest build is older than this is taken for merged or closed. */
    public static final Duration OPEN = Duration.ofDays(14);
    static final int MAX_PAGES = 5;
    static final int MAX_PROJECTS = 100;
    static final int MAX_REFS = 60;
    static final int MAX_STANDINGS = 50;
    static final int BUILDS_PER_REF = 20;
    /** What one more read needs of the invocation's time, beyond the deadline's own margin. */
    private static final Duration READ = Duration.ofMillis(500);

    /**
     * Where the console is, for the builds' links; the same format as the build notifications' links.
     *
     * @param region  the builds' region; empty: no links
     * @param account the builds' account; empty: the console's link without it (the console finds the account)
     */
    public record Console(String region, String account) {
        public Console {
            region = region == null ? "" : region.strip();
            account = account == null ? "" : account.strip();
        }

        String build(String project, String buildId) {
            if (region.isEmpty() || buildId.isEmpty()) {
                return "";
            }
            return "https://" + region + ".console.aws.amazon.com/codesuite/codebuild/"
                    + (account.isEmpty() ? "" : account + "/") + "projects/" + encode(project) + "/build/"
                    + encode(buildId) + "/?region=" + region;
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    private final DynamoDbClient client;
    private final String table;
    private final Set<String> whitelist;
    private final Console console;
    private final Clock clock;

    /** @param whitelist the whitelisted branches ({@code CBN_WHITELIST_BRANCHES}) */
    public DynamoStatusBoard(DynamoDbClient client, String table, List<String> whitelist, Console console,
                             Clock clock) {
        this.client = client;
        this.table = table;
        this.whitelist = Set.copyOf(whitelist);
        this.console = console;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ the port

    @Override
    public List<Standing> ofProject(String project, Deadline deadline) {
        if (project == null || project.isBlank() || project.contains(":") || isReserved(project)) {
            return List.of();
        }
        Instant openSince = clock.instant().minus(OPEN);
        List<Ref> shown = refsOf(project.strip(), deadline).stream()
                .filter(r -> counts(r) && (!r.ref().isPullRequest() || !r.at().isBefore(openSince)))
                .sorted(NEWEST_REF).limit(MAX_STANDINGS).toList();
        return shown.stream().map(r -> standing(r, deadline)).toList();
    }

    @Override
    public List<Standing> ofRepository(String repository, Deadline deadline) {
        String wanted = StatusBoard.normalise(repository == null ? "" : repository);
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, Latest> latest = new LinkedHashMap<>();
        for (Latest l : summaries(deadline)) {
            if (StatusBoard.matches(l.repository(), wanted)) {
                latest.merge(l.project(), l, (a, b) -> a.at().isAfter(b.at()) ? a : b);
            }
        }
        List<Standing> standings = new ArrayList<>();
        latest.values().stream().sorted(Comparator.comparing(Latest::at).reversed()).limit(MAX_STANDINGS)
                .forEach(l -> standings.add(standing(l, deadline)));
        return standings;
    }

    @Override
    public List<Standing> recent(int limit, Deadline deadline) {
        if (limit <= 0) {
            return List.of();
        }
        List<Ref> newest = new ArrayList<>();
        Map<String, Latest> unread = new LinkedHashMap<>();
        for (Latest l : projects(deadline)) {
            Optional<Ref> ref = roomFor(deadline)
                    ? refsOf(l.project(), deadline).stream().filter(this::counts).max(Comparator.comparing(Ref::at))
                    : Optional.empty();
            if (ref.isPresent() && !ref.get().at().isBefore(l.at())) {
                newest.add(ref.get());
            } else {
                unread.put(l.project(), l);
            }
        }
        record Candidate(Instant at, Ref ref, Latest latest) {
        }
        List<Candidate> all = new ArrayList<>();
        newest.forEach(r -> all.add(new Candidate(r.at(), r, null)));
        unread.values().forEach(l -> all.add(new Candidate(l.at(), null, l)));
        return all.stream().sorted(Comparator.comparing(Candidate::at).reversed()).limit(limit)
                .map(c -> c.ref() != null ? standing(c.ref(), deadline) : standing(c.latest(), deadline))
                .toList();
    }

    @Override
    public List<Standing> involving(String email, int limit, Deadline deadline) {
        String who = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (limit <= 0 || who.isEmpty()) {
            return List.of();
        }
        Instant since = clock.instant().minus(OPEN);
        List<Ref> refs = new ArrayList<>();
        for (Latest l : projects(deadline)) {
            if (!roomFor(deadline)) {
                break;
            }
            refsOf(l.project(), deadline).stream().filter(r -> counts(r) && !r.at().isBefore(since))
                    .forEach(refs::add);
        }
        List<Standing> found = new ArrayList<>();
        for (Ref ref : refs.stream().sorted(NEWEST_REF).limit(MAX_REFS).toList()) {
            if (!roomFor(deadline)) {
                break;
            }
            builds(ref, deadline).stream()
                    .filter(e -> who.equalsIgnoreCase(e.authorEmail().strip())
                            || who.equalsIgnoreCase(e.committerEmail().strip()))
                    .max(Comparator.comparingLong(HistoryEntry::startTime))
                    .ifPresent(e -> found.add(standing(e)));
        }
        return found.stream().sorted(Comparator.comparing(Standing::at).reversed()).limit(limit).toList();
    }

    // ------------------------------------------------------------------ what the table holds

    /** A branch entry: one PR's or branch's latest build. */
    private record Ref(String project, SourceRef ref, String buildId, String status, Instant at, String repository) {
    }

    /** A project's latest whitelisted-branch build, from its repository's summary. */
    private record Latest(String project, String repository, String buildId, String status, Instant at) {
    }

    private static final Comparator<Ref> NEWEST_REF = Comparator.comparing(Ref::at).reversed();

    /** Whether a ref is on the board: a PR, or a branch that is whitelisted. */
    private boolean counts(Ref r) {
        return r.ref().isPullRequest() || whitelist.contains(r.ref().name());
    }

    /** Every project of every summary (the newest when a project is in two), newest first, at most MAX_PROJECTS. */
    private List<Latest> projects(Deadline deadline) {
        Map<String, Latest> byProject = new LinkedHashMap<>();
        for (Latest l : summaries(deadline)) {
            byProject.merge(l.project(), l, (a, b) -> a.at().isAfter(b.at()) ? a : b);
        }
        return byProject.values().stream().sorted(Comparator.comparing(Latest::at).reversed())
                .limit(MAX_PROJECTS).toList();
    }

    private List<Latest> summaries(Deadline deadline) {
        List<Latest> all = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition(DynamoHistory.PROJECT_SUMMARY, 0, false, deadline)) {
            String repository = Items.text(item, "git_repo_url");
            AttributeValue projects = item.get("projects");
            if (projects == null || !projects.hasM()) {
                continue;
            }
            projects.m().forEach((project, value) -> {
                if (value != null && value.hasM()) {
                    Map<String, AttributeValue> status = value.m();
                    all.add(new Latest(project, repository, Items.text(status, "build_id"),
                            Items.text(status, "status"), at(status)));
                }
            });
        }
        return all;
    }

    private List<Ref> refsOf(String project, Deadline deadline) {
        List<Ref> refs = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition(project, 0, false, deadline)) {
            SourceRef.parse(Items.text(item, "source_ref")).ifPresent(ref -> refs.add(new Ref(project, ref,
                    Items.text(item, "build_id"), Items.text(item, "status"), at(item),
                    Items.text(item, "git_repo_url"))));
        }
        return refs;
    }

    /** The ref's latest builds: the items of its highest version keys. */
    private List<HistoryEntry> builds(Ref ref, Deadline deadline) {
        return partition(HistoryEntry.sourceId(ref.project(), ref.ref().toString()), BUILDS_PER_REF, true, deadline)
                .stream().map(DynamoHistory::fromItem).toList();
    }

    /** A build's own item, if it is among its ref's latest. */
    private Optional<HistoryEntry> build(Ref ref, Deadline deadline) {
        if (ref.buildId().isEmpty() || !roomFor(deadline)) {
            return Optional.empty();
        }
        return builds(ref, deadline).stream().filter(e -> e.buildId().equals(ref.buildId())).findFirst();
    }

    /** When an item's build started: {@code start_time} (ms), else the original tool's {@code timestamp} (s). */
    private static Instant at(Map<String, AttributeValue> item) {
        long ms = Items.number(item, "start_time");
        return Instant.ofEpochMilli(ms > 0 ? ms : Items.number(item, "timestamp") * 1000);
    }

    /**
     * The items of one partition: all of them (at most MAX_PAGES pages), or the {@code newest} of the highest version
     * keys (one page).
     */
    private List<Map<String, AttributeValue>> partition(String sourceId, int newest, boolean descending,
                                                        Deadline deadline) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        for (int page = 0; page < (newest > 0 ? 1 : MAX_PAGES); page++) {
            QueryRequest.Builder request = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("source_id = :s")
                    .expressionAttributeValues(Map.of(":s", DynamoHistory.s(sourceId)))
                    .scanIndexForward(!descending)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB Query on " + table));
            if (newest > 0) {
                request.limit(newest);
            }
            if (from != null) {
                request.exclusiveStartKey(from);
            }
            QueryResponse response;
            try {
                response = client.query(request.build());
            } catch (ResourceNotFoundException e) {
                throw new MisconfigurationFailure("DynamoDB table '" + table
                        + "' (CBN_DYNAMO_TABLE) does not exist in this region", e);
            } catch (SdkException e) {
                throw AwsErrors.classify("DynamoDB Query on " + table, "dynamodb:Query", "the table " + table,
                        "grant it to the function's role", e);
            }
            items.addAll(response.items());
            from = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            if (from == null || !roomFor(deadline)) {
                break;
            }
        }
        return items;
    }

    /** Whether one more read fits before the deadline. */
    private static boolean roomFor(Deadline deadline) {
        return deadline.allows(READ, Deadline.MARGIN);
    }

    /** Partitions that are not projects. */
    private static boolean isReserved(String project) {
        return project.equals(DynamoHistory.PROJECT_SUMMARY);
    }

    // ------------------------------------------------------------------ standings

    private Standing standing(Ref r, Deadline deadline) {
        String commit = build(r, deadline).map(HistoryEntry::commitHash).orElse("");
        return new Standing(r.project(), r.repository(), StatusBoard.place(r.ref().isPullRequest(), r.ref().name()),
                "SUCCEEDED".equals(r.status()), r.status(),
                r.at(), console.build(r.project(), r.buildId()), commit);
    }

    private Standing standing(HistoryEntry e) {
        String place = SourceRef.parse(e.sourceRef()).map(ref -> StatusBoard.place(ref.isPullRequest(), ref.name()))
                .orElse(e.branchName());
        return new Standing(e.projectCode(), e.gitRepoUrl(), place, e.passed(), e.status(),
                Instant.ofEpochMilli(e.startTime()), console.build(e.projectCode(), e.buildId()), e.commitHash());
    }

    /** A summary's build, placed and with its commit when its branch entry is found; else with neither. */
    private Standing standing(Latest l, Deadline deadline) {
        Optional<Ref> ref = roomFor(deadline)
                ? refsOf(l.project(), deadline).stream()
                        .filter(r -> !r.ref().isPullRequest() && r.buildId().equals(l.buildId())).findFirst()
                : Optional.empty();
        if (ref.isPresent()) {
            Ref r = ref.get();
            return standing(new Ref(r.project(), r.ref(), l.buildId(), l.status(), l.at(),
                    r.repository().isEmpty() ? l.repository() : r.repository()), deadline);
        }
        return new Standing(l.project(), l.repository(), "", "SUCCEEDED".equals(l.status()), l.status(), l.at(),
                console.build(l.project(), l.buildId()), "");
    }
}
