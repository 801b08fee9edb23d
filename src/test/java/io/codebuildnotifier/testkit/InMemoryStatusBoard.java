package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.StatusBoard;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sources.build.SourceRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where builds stand, in memory. Two ways to fill it:
 * <ul>
 *   <li>{@link #built}: a build as the notifier records it; the board then reads it as {@code DynamoStatusBoard}
 *       reads the history table (held to it by {@link StatusBoardContract}): a place is a whitelisted branch or a
 *       pull request, shown with its latest build; a pull request is open while its latest build is at most
 *       {@link #OPEN} old on the board's clock; projects are found through their whitelisted branches' builds (the
 *       repositories' project summaries); a repository is asked for by URL, clone URL, {@code owner/name} or name;
 *       a person is involved in the builds they wrote or committed (any case), their latest on each place built in
 *       the last {@link #OPEN};</li>
 *   <li>{@link #put}: a standing a test wants shown as it is: its place is on the board whatever the whitelist and
 *       the clock, its project is known, and it replaces the place's standing put before.</li>
 * </ul>
 * Every list is newest first.
 */
public final class InMemoryStatusBoard implements StatusBoard {
    /** As {@code DynamoStatusBoard.OPEN}. */
    public static final Duration OPEN = Duration.ofDays(14);
    /** As {@code DynamoStatusBoard.MAX_STANDINGS}. */
    static final int MAX_STANDINGS = 50;
    /** As {@code DynamoStatusBoard.BUILDS_PER_REF}: how far back a place's builds are looked at for a person. */
    static final int BUILDS_PER_REF = 20;

    /**
     * One build, as the notifier records it.
     *
     * @param sourceRef {@code pr/N} or {@code branch/NAME}
     */
    public record Build(String project, String repository, String sourceRef, String buildId, String commit,
                        String status, Instant at, String authorEmail, String committerEmail) {
    }

    /**
     * What the board holds of one build: {@code shown} is the standing a test put (null for a recorded build).
     *
     * @param place the branch name or {@code PR #N}
     */
    private record Entry(String project, String repository, String place, boolean pullRequest, String branch,
                         String buildId, String commit, String status, Instant at, String author, String committer,
                         Standing shown) {
        boolean put() {
            return shown != null;
        }
    }

    private final Set<String> whitelist;
    private final Clock clock;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** A board over recorded builds, with these whitelisted branches, reading on {@code clock}. */
    public InMemoryStatusBoard(List<String> whitelist, Clock clock) {
        this.whitelist = Set.copyOf(whitelist);
        this.clock = clock;
    }

    /** A board of standings put by a test (recorded builds: the whitelist is {@code main}). */
    public InMemoryStatusBoard() {
        this(List.of("main"), Clock.systemUTC());
    }

    /** Records a build, as the notifier does when it finishes. */
    public synchronized InMemoryStatusBoard built(Build build) {
        SourceRef ref = SourceRef.parse(build.sourceRef())
                .orElseThrow(() -> new IllegalArgumentException("not a source ref: " + build.sourceRef()));
        entries.add(new Entry(build.project(), build.repository(), StatusBoard.place(ref.isPullRequest(), ref.name()),
                ref.isPullRequest(),
                ref.branchName().orElse(""), build.buildId(), build.commit(), build.status(), build.at(),
                build.authorEmail(), build.committerEmail(), null));
        return this;
    }

    /** A place's latest build, shown as it is; it replaces the place's standing put before. */
    public synchronized InMemoryStatusBoard put(Standing standing) {
        return put(standing, "");
    }

    /** A place's latest build, shown as it is, of a commit {@code email} wrote or committed. */
    public synchronized InMemoryStatusBoard put(Standing standing, String email) {
        entries.removeIf(e -> e.put() && e.project().equals(standing.project())
                && e.place().equals(standing.place()));
        boolean pullRequest = standing.place().startsWith("PR #");
        entries.add(new Entry(standing.project(), standing.repository(), standing.place(), pullRequest,
                pullRequest ? "" : standing.place(), "", standing.commit(), standing.status(), standing.at(), email,
                "", standing));
        return this;
    }

    // ------------------------------------------------------------------ the port

    @Override
    public synchronized List<Standing> ofProject(String project, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "read of the history");
        String wanted = project == null ? "" : project.strip();
        return latestOfEachPlace(wanted).stream().filter(e -> counts(e) && open(e)).sorted(NEWEST)
                .limit(MAX_STANDINGS).map(this::standing).toList();
    }

    @Override
    public synchronized List<Standing> ofRepository(String repository, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "read of the history");
        String wanted = StatusBoard.normalise(repository == null ? "" : repository);
        if (wanted.isEmpty()) {
            return List.of();
        }
        return summaries().values().stream().filter(e -> StatusBoard.matches(e.repository(), wanted)).sorted(NEWEST)
                .limit(MAX_STANDINGS).map(this::standing).toList();
    }

    @Override
    public synchronized List<Standing> recent(int limit, Deadline deadline) {
        if (limit <= 0) {
            return List.of();
        }
        InMemoryStore.Calls.start(deadline, "read of the history");
        List<Entry> latest = new ArrayList<>();
        for (String project : projects()) {
            latestOfEachPlace(project).stream().filter(this::counts).max(Comparator.comparing(Entry::at))
                    .ifPresent(latest::add);
        }
        return latest.stream().sorted(NEWEST).limit(limit).map(this::standing).toList();
    }

    @Override
    public synchronized List<Standing> involving(String email, int limit, Deadline deadline) {
        String who = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (limit <= 0 || who.isEmpty()) {
            return List.of();
        }
        InMemoryStore.Calls.start(deadline, "read of the history");
        Instant since = clock.instant().minus(OPEN);
        List<Entry> found = new ArrayList<>();
        for (String project : projects()) {
            for (Entry place : latestOfEachPlace(project)) {
                if (!counts(place) || (!place.put() && place.at().isBefore(since))) {
                    continue;
                }
                placeBuilds(place).stream().sorted(NEWEST).limit(BUILDS_PER_REF)
                        .filter(e -> who.equalsIgnoreCase(e.author().strip())
                                || who.equalsIgnoreCase(e.committer().strip()))
                        .max(Comparator.comparing(Entry::at)).ifPresent(found::add);
            }
        }
        return found.stream().sorted(NEWEST).limit(limit).map(this::standing).toList();
    }

    // ------------------------------------------------------------------ reading

    private static final Comparator<Entry> NEWEST = Comparator.comparing(Entry::at).reversed();

    /** Whether a place is on the board: a pull request, a whitelisted branch, or a standing put. */
    private boolean counts(Entry e) {
        return e.put() || e.pullRequest() || whitelist.contains(e.branch());
    }

    /** Whether a place is still open: a branch, a pull request built lately, or a standing put. */
    private boolean open(Entry e) {
        return e.put() || !e.pullRequest() || !e.at().isBefore(clock.instant().minus(OPEN));
    }

    /** Whether a build is in its repository's project summary: one of a whitelisted branch (or a branch put). */
    private boolean summarised(Entry e) {
        return !e.pullRequest() && (e.put() || whitelist.contains(e.branch()));
    }

    /** Each place's latest build (the later one recorded when two started at once). */
    private List<Entry> latestOfEachPlace(String project) {
        Map<String, Entry> latest = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (e.project().equals(project)) {
                latest.merge(e.place(), e, (a, b) -> b.at().isBefore(a.at()) ? a : b);
            }
        }
        return List.copyOf(latest.values());
    }

    private List<Entry> placeBuilds(Entry place) {
        return entries.stream().filter(e -> e.project().equals(place.project()) && e.place().equals(place.place()))
                .toList();
    }

    /** Each project in a repository's summary, with its latest summarised build. */
    private Map<String, Entry> summaries() {
        Map<String, Entry> latest = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (summarised(e)) {
                latest.merge(e.project(), e, (a, b) -> b.at().isBefore(a.at()) ? a : b);
            }
        }
        return latest;
    }

    /** The projects the board finds: those in a summary, and those a test put a standing of. */
    private Set<String> projects() {
        Set<String> projects = new LinkedHashSet<>(summaries().keySet());
        entries.stream().filter(Entry::put).forEach(e -> projects.add(e.project()));
        return projects;
    }

    private Standing standing(Entry e) {
        if (e.put()) {
            return e.shown();
        }
        return new Standing(e.project(), e.repository(), e.place(), "SUCCEEDED".equals(e.status()), e.status(),
                e.at(), "https://console.aws.amazon.com/codesuite/codebuild/projects/" + e.project() + "/build/"
                + e.buildId(), e.commit());
    }
}
