package io.codebuildnotifier.testkit;

import io.codebuildnotifier.sources.push.RepositoryChanges.CommitInfo;
import io.codebuildnotifier.sources.push.RepositoryChanges.FileChange;
import java.util.List;

/** The push host's contract, on the kit's in-memory fake. */
class InMemoryRepositoryChangesTest extends RepositoryChangesContract {
    @Override
    protected Subject newSubject() {
        InMemoryRepositoryChanges changes = new InMemoryRepositoryChanges();
        return new Subject() {
            @Override
            public InMemoryRepositoryChanges changes() {
                return changes;
            }

            @Override
            public void commit(String repo, String sha, List<String> parents, String message, String authorName,
                               String authorEmail) {
                changes.commit(repo, new CommitInfo(sha, parents, message.lines().findFirst().orElse(""), authorName,
                        authorEmail));
            }

            @Override
            public void differences(String repo, String before, String after, List<FileChange> list) {
                changes.differences(repo, before, after, list);
            }
        };
    }
}
