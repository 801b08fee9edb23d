package io.codebuildnotifier.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.testkit.InMemoryGitHost;
import io.codebuildnotifier.testkit.InMemoryShipments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a shipment made newly live, on the test kit's git host and shipments. */
class NewlyShippedTest {
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);
    static final String C = "c".repeat(40);
    final Deadline deadline = new Deadline(NOW.plusSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));
    final InMemoryGitHost git = new InMemoryGitHost()
            .commit(new Commit(A, "Ada", "ada@example.com", "Ada", "ada@example.com", "One"))
            .commit(new Commit(B, "Grace", "grace@example.com", "Grace", "grace@example.com", "Two"))
            .commit(new Commit(C, "Linus", "linus@example.com", "Linus", "linus@example.com", "Three"))
            .line(C, B, A);
    final InMemoryShipments shipments = new InMemoryShipments();
    final NewlyShipped newlyShipped = new NewlyShipped(git, shipments);
    final Repository widgets = Repository.parse("GITHUB", "https://github.com/acme/widgets").orElseThrow();

    @Test
    void theFirstShipmentMakesItsHeadLiveAndTheNextTheCommitsSince() {
        NewlyShipped.Found first = newlyShipped.find("web/prod", Map.of(widgets, A), NOW, "d-1", deadline);
        assertEquals(List.of(A), first.commits().stream().map(NewlyShipped.Shipped::sha).toList());
        assertEquals(Optional.empty(), first.previous());
        newlyShipped.record("web/prod", first, NOW.plusSeconds(3600), deadline);

        NewlyShipped.Found next = newlyShipped.find("web/prod", Map.of(widgets, C), NOW.plusSeconds(60), "d-2",
                deadline);
        assertEquals(List.of(C, B), next.commits().stream().map(NewlyShipped.Shipped::sha).toList());
        assertEquals("Linus", next.commits().getFirst().authorName());
        assertEquals("https://github.com/acme/widgets/commit/" + C, next.commits().getFirst().url());
        assertEquals("d-1", next.since("the last one"));
        assertEquals(2, next.total());
        assertEquals(0, newlyShipped.find("web/prod", Map.of(widgets, A), NOW, "d-3", deadline).total(),
                "the same head again: nothing new");
        String elsewhere = "d".repeat(40);
        assertEquals(List.of(elsewhere), newlyShipped.find("web/prod", Map.of(widgets, elsewhere), NOW, "d-4",
                deadline).commits().stream().map(NewlyShipped.Shipped::sha).toList(),
                "a head whose line does not reach the previous one: only the head");
    }

    @Test
    void anExecutionsHeadsAreItsGitSourcesRevisions() {
        Pipelines.Definition definition = new Pipelines.Definition("web-release", List.of(
                new Pipelines.Action("Source", "App", "Source", "CodeStarSourceConnection",
                        Map.of("FullRepositoryId", "acme/widgets"), List.of("App")),
                new Pipelines.Action("Source", "Infra", "Source", "CodeCommit", Map.of("RepositoryName", "infra"),
                        List.of("Infra")),
                new Pipelines.Action("Source", "Image", "Source", "ECR", Map.of("RepositoryName", "web"),
                        List.of("Image"))));
        Map<Repository, String> heads = NewlyShipped.heads(Optional.of(definition), List.of(
                new Pipelines.SourceRevision("App", A, "One", "https://github.com/acme/widgets/commit/" + A),
                new Pipelines.SourceRevision("Infra", B, "Two", ""),
                new Pipelines.SourceRevision("Image", "sha256:0123", "", ""),
                new Pipelines.SourceRevision("Elsewhere", C, "", "https://bitbucket.org/acme/x/commits/" + C)),
                "eu-west-1");
        assertEquals(List.of("https://github.com/acme/widgets",
                "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/infra"),
                heads.keySet().stream().map(Repository::webUrl).toList());
        assertEquals(Map.of(), NewlyShipped.heads(Optional.empty(), List.of(), "eu-west-1"));
    }

    @Test
    void targetsMatchWholeNamesWithWildcards() {
        NewlyShipped.Targets targets = new NewlyShipped.Targets(List.of(" web/* ", "docs-release", ""));
        assertTrue(targets.any(List.of("web/prod")));
        assertTrue(targets.any(List.of("api/prod", "docs-release")));
        assertFalse(targets.any(List.of("webapp/prod", "docs-release-2")));
        assertTrue(new NewlyShipped.Targets(List.of("*")).any(List.of("anything")));
        assertTrue(NewlyShipped.Targets.NONE.none());
        assertFalse(NewlyShipped.Targets.NONE.any(List.of("web/prod")));
    }
}
