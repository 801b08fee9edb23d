package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.sources.push.RepositoryChanges;
import io.codebuildnotifier.sources.push.RepositoryChanges.CommitInfo;
import io.codebuildnotifier.sources.push.RepositoryChanges.Differences;
import io.codebuildnotifier.sources.push.RepositoryChanges.FileChange;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RepositoryChanges} answers: a commit with its parents (first parent first), its message's
 * first line and its author; the changed files between two commits in the host's order, the first
 * {@code limit} of them and how many there are (all of them, or as many as were counted and "more");
 * empty for a commit the repository does not have; a {@link PermanentFailure} for a repository that does
 * not exist.
 */
public abstract class RepositoryChangesContract {
    protected static final String REPO = "billing";
    protected static final String A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    protected static final String B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    protected static final String C = "cccccccccccccccccccccccccccccccccccccccc";
    protected static final String UNKNOWN = "dddddddddddddddddddddddddddddddddddddddd";

    /** A host to read, and the way to put repositories into it. */
    public interface Subject {
        RepositoryChanges changes();

        /** A commit of {@code repo} (the repository exists from now on). */
        void commit(String repo, String sha, List<String> parents, String message, String authorName,
                    String authorEmail);

        /** What the host says changed from {@code before} ({@code ""} for none) to {@code after}. */
        void differences(String repo, String before, String after, List<FileChange> changes);
    }

    protected abstract Subject newSubject();

    private Subject subject;

    @BeforeEach
    void given() {
        subject = newSubject();
        subject.commit(REPO, A, List.of(), "Start billing\n", "Carol Reyes", "carol@example.com");
        subject.commit(REPO, B, List.of(A), "Round invoice totals half-even\n\nBankers' rounding, as finance asked.\n",
                "Carol Reyes", "carol@example.com");
        subject.commit(REPO, C, List.of(B, A), "Merge branch 'fix-rounding'", "Bob Stone", "bob@example.com");
    }

    @Test
    void aCommitHasItsParentsFirstParentFirstItsSubjectAndItsAuthor() {
        CommitInfo merge = subject.changes().commit(REPO, C, deadline()).orElseThrow();
        assertEquals(new CommitInfo(C, List.of(B, A), "Merge branch 'fix-rounding'", "Bob Stone", "bob@example.com"),
                merge);
        CommitInfo commit = subject.changes().commit(REPO, B, deadline()).orElseThrow();
        assertEquals("Round invoice totals half-even", commit.subject(), "the first line of the message");
        assertEquals(Optional.of(A), commit.firstParent());
        assertEquals(List.of(), subject.changes().commit(REPO, A, deadline()).orElseThrow().parents(), "a root");
    }

    @Test
    void aCommitTheRepositoryDoesNotHaveIsNotKnown() {
        assertEquals(Optional.empty(), subject.changes().commit(REPO, UNKNOWN, deadline()));
    }

    @Test
    void aRepositoryThatDoesNotExistIsAPermanentFailure() {
        assertThrows(PermanentFailure.class, () -> subject.changes().commit("no-such-repo", A, deadline()));
        assertThrows(PermanentFailure.class, () -> subject.changes().differences("no-such-repo", A, B, 20,
                deadline()));
    }

    @Test
    void theFirstChangesInTheHostsOrderAndHowManyThereAre() {
        List<FileChange> changes = files(250);
        subject.differences(REPO, A, B, changes);

        Differences read = subject.changes().differences(REPO, A, B, 20, deadline()).orElseThrow();

        assertEquals(changes.subList(0, 20), read.changes());
        assertEquals(250, read.total(), "counted over several pages");
        assertEquals(false, read.more());
    }

    @Test
    void aFewChangesAreAllListed() {
        List<FileChange> changes = List.of(new FileChange('M', "src/billing/invoice.py"),
                new FileChange('A', "docs/rounding.md"), new FileChange('D', "src/billing/legacy_round.py"));
        subject.differences(REPO, A, B, changes);

        assertEquals(new Differences(changes, 3, false), subject.changes().differences(REPO, A, B, 20, deadline())
                .orElseThrow());
    }

    @Test
    void everythingACommitHoldsWhenThereIsNoBeforeCommit() {
        List<FileChange> changes = List.of(new FileChange('A', "README.md"), new FileChange('A', "setup.py"));
        subject.differences(REPO, "", A, changes);

        assertEquals(new Differences(changes, 2, false), subject.changes().differences(REPO, "", A, 20, deadline())
                .orElseThrow());
    }

    @Test
    void manyChangesAreCountedAsFarAsTheyAreReadAndSaySoWhenCut() {
        subject.differences(REPO, A, C, files(1200));

        Differences read = subject.changes().differences(REPO, A, C, 20, deadline()).orElseThrow();

        assertEquals(files(20), read.changes());
        assertTrue(read.total() == 1200 && !read.more() || read.total() >= 100 && read.total() < 1200 && read.more(),
                read.toString());
    }

    @Test
    void twoKnownCommitsWithNothingBetweenThemHaveNoChanges() {
        assertEquals(new Differences(List.of(), 0, false), subject.changes().differences(REPO, B, B, 20, deadline())
                .orElseThrow());
    }

    @Test
    void changesFromOrToACommitTheRepositoryDoesNotHaveAreNotKnown() {
        assertEquals(Optional.empty(), subject.changes().differences(REPO, UNKNOWN, B, 20, deadline()));
        assertEquals(Optional.empty(), subject.changes().differences(REPO, A, UNKNOWN, 20, deadline()));
    }

    public static List<FileChange> files(int n) {
        return IntStream.range(0, n).mapToObj(i -> new FileChange(i % 7 == 0 ? 'A' : i % 5 == 0 ? 'D' : 'M',
                "src/module" + (i / 50) + "/file" + i + ".py")).toList();
    }
}
