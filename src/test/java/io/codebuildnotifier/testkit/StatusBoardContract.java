package io.codebuildnotifier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.interactions.StatusBoard;
import io.codebuildnotifier.interactions.StatusBoard.Standing;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StatusBoard} answers, from the builds the notifier recorded. Runs against the in-memory board and
 * {@code adapter/aws/DynamoStatusBoard} on DynamoDB Local (seeded through the real {@code DynamoHistory}).
 *
 * <p>The contract's terms: a standing's {@code repository} is the repository's URL as recorded; its {@code place} is
 * the branch name or {@code PR #N}; a pull request counts as open while its latest build is at most 14 days old
 * (boards do not ask the git host); every project built here has a whitelisted branch built (the Dynamo board finds
 * projects through the repositories' project summaries). The links ({@code url}) are each board's own and not
 * compared here.
 */
public abstract class StatusBoardContract {
    /** When the board reads. */
    protected static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");
    protected static final String WIDGETS = "https://github.com/acme/widgets";
    protected static final String GADGETS = "https://github.com/acme/gadgets";

    /**
     * One build, as the notifier recorded it (history entry, branch entry and, for a whitelisted branch, the
     * repository's project summary). Seeded in the order of their start times.
     *
     * @param sourceRef {@code pr/N} or {@code branch/NAME}
     */
    public record Built(String project, String repository, String sourceRef, String buildId, String commit,
                        String status, Instant at, String authorEmail, String committerEmail) {
    }

    /** How a test writes the history the board reads. */
    public interface Seeding {
        void built(Built build);
    }

    public record Seeded(StatusBoard board, Seeding seeding) {
    }

    /** A board over an empty history, with these whitelisted branches, reading on {@code clock}. */
    protected abstract Seeded newBoard(List<String> whitelist, Clock clock);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final Seeded seeded = newBoard(List.of("main", "release"), clock);
    private final StatusBoard board = seeded.board();

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    private Built built(String project, String repository, String ref, String id, String commit, String status,
                        Duration ago, String author, String committer) {
        Built build = new Built(project, repository, ref, project + ":" + id, commit, status, NOW.minus(ago), author,
                committer);
        seeded.seeding().built(build);
        return build;
    }

    private Built built(String project, String ref, String id, String commit, String status, Duration ago) {
        return built(project, WIDGETS, ref, id, commit, status, ago, "ada@example.com", "grace@example.com");
    }

    private static Standing expected(Built b) {
        String place = b.sourceRef().startsWith("pr/") ? "PR #" + b.sourceRef().substring(3)
                : b.sourceRef().substring("branch/".length());
        return new Standing(b.project(), b.repository(), place, "SUCCEEDED".equals(b.status()), b.status(), b.at(), "",
                b.commit());
    }

    private static List<Standing> withoutLinks(List<Standing> standings) {
        return standings.stream().map(s -> new Standing(s.project(), s.repository(), s.place(), s.passed(),
                s.status(), s.at(), "", s.commit())).toList();
    }

    private static Duration hours(int n) {
        return Duration.ofHours(n);
    }

    @Test
    void aProjectShowsTheLatestBuildOfEachWhitelistedBranchAndOpenPullRequestNewestFirst() {
        built("widgets", "branch/main", "b1", "c1", "FAILED", hours(5));
        built("widgets", "pr/7", "b2", "c2", "FAILED", hours(4));
        Built main = built("widgets", "branch/main", "b3", "c3", "SUCCEEDED", hours(3));
        Built pr = built("widgets", "pr/7", "b4", "c4", "TIMED_OUT", hours(1));
        Built release = built("widgets", "branch/release", "b5", "c5", "SUCCEEDED", hours(2));
        built("widgets", "pr/3", "b0", "c0", "FAILED", Duration.ofDays(20)); // closed long ago, we take it
        built("gadgets", GADGETS, "branch/main", "g1", "c9", "FAILED", hours(1), "x@example.com", "x@example.com");

        assertEquals(List.of(expected(pr), expected(release), expected(main)),
                withoutLinks(board.ofProject("widgets", deadline())));
    }

    @Test
    void aBranchNoLongerWhitelistedIsNotShown() {
        Built main = built("widgets", "branch/main", "b1", "c1", "SUCCEEDED", hours(3));
        built("widgets", "branch/nightly", "b2", "c2", "FAILED", hours(1));

        assertEquals(List.of(expected(main)), withoutLinks(board.ofProject("widgets", deadline())));
    }

    @Test
    void anUnknownProjectHasNoStandings() {
        built("widgets", "branch/main", "b1", "c1", "SUCCEEDED", hours(3));

        assertEquals(List.of(), board.ofProject("wigdets", deadline()));
        assertEquals(List.of(), board.ofRepository("https://github.com/acme/nothing", deadline()));
        assertEquals(List.of(), board.recent(5, deadline()).stream().filter(s -> s.project().equals("wigdets"))
                .toList());
    }

    @Test
    void aRepositoryShowsEachProjectsLatestWhitelistedBuildByUrlOrName() {
        built("widgets", "branch/main", "b1", "c1", "FAILED", hours(5));
        Built e2e = built("widgets-e2e", "branch/main", "e1", "c1", "SUCCEEDED", hours(4));
        Built widgets = built("widgets", "branch/release", "b2", "c2", "SUCCEEDED", hours(3));
        built("widgets", "pr/7", "b3", "c3", "FAILED", hours(1)); // not a whitelisted branch: not the summary's
        built("gadgets", GADGETS, "branch/main", "g1", "c9", "FAILED", hours(1), "x@example.com", "x@example.com");

        List<Standing> want = List.of(expected(widgets), expected(e2e));
        assertEquals(want, withoutLinks(board.ofRepository(WIDGETS, deadline())));
        assertEquals(want, withoutLinks(board.ofRepository("acme/widgets", deadline())), "by owner and name");
        assertEquals(want, withoutLinks(board.ofRepository("widgets", deadline())), "by name");
        assertEquals(want, withoutLinks(board.ofRepository(WIDGETS + ".git", deadline())), "the clone URL");
    }

    @Test
    void recentShowsTheMostRecentlyActiveProjectsWithTheirLatestBuild() {
        built("widgets", "branch/main", "b1", "c1", "SUCCEEDED", hours(9));
        Built gadgets = built("gadgets", GADGETS, "branch/main", "g1", "c5", "FAILED", hours(6), "x@example.com",
                "x@example.com");
        built("sprockets", "branch/main", "s1", "c6", "FAILED", hours(5));
        Built sprockets = built("sprockets", "branch/main", "s2", "c7", "SUCCEEDED", hours(3));
        Built widgetsPr = built("widgets", "pr/7", "b2", "c2", "FAILED", hours(2)); // a PR's build is activity too

        assertEquals(List.of(expected(widgetsPr), expected(sprockets)), withoutLinks(board.recent(2, deadline())));
        assertEquals(List.of(expected(widgetsPr), expected(sprockets), expected(gadgets)),
                withoutLinks(board.recent(10, deadline())));
        assertEquals(List.of(), board.recent(0, deadline()));
    }

    @Test
    void involvingShowsTheLatestBuildsThePersonWroteOrCommittedNewestFirst() {
        built("widgets", WIDGETS, "branch/main", "b1", "c1", "SUCCEEDED", hours(8), "bob@example.com",
                "ada@example.com");
        Built asCommitter = built("widgets", WIDGETS, "branch/main", "b2", "c2", "FAILED", hours(6),
                "bob@example.com", "Ada@Example.com");
        Built asAuthor = built("widgets", WIDGETS, "pr/7", "b3", "c3", "FAILED", hours(4), "ada@example.com",
                "bob@example.com");
        built("widgets", WIDGETS, "pr/8", "b4", "c4", "FAILED", hours(3), "bob@example.com", "bob@example.com");
        Built elsewhere = built("gadgets", GADGETS, "branch/main", "g1", "c9", "SUCCEEDED", hours(2),
                "ada@example.com", "ada@example.com");

        assertEquals(List.of(expected(elsewhere), expected(asAuthor), expected(asCommitter)),
                withoutLinks(board.involving("ADA@example.com", 10, deadline())));
        assertEquals(List.of(expected(elsewhere), expected(asAuthor)),
                withoutLinks(board.involving("ada@example.com", 2, deadline())), "at most the limit");
        assertEquals(List.of(), board.involving("nobody@example.com", 10, deadline()));
    }
}
