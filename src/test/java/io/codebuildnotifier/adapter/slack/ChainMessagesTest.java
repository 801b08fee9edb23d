package io.codebuildnotifier.adapter.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Notification.Severity;
import io.codebuildnotifier.notification.NotificationKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The delivery chain's messages: one layout, facts in a fixed order, commits and files capped by the core. */
class ChainMessagesTest {
    static final String CONSOLE = "https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/"
            + "web-release/view?region=us-east-1";
    static final String COMMIT = "https://github.com/acme/widgets/commit/c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";

    private static Notification approval(boolean decided) {
        List<Fact> facts = new ArrayList<>(List.of(new Fact(FactKey.PIPELINE, "web-release"),
                new Fact(FactKey.STAGE, "Prod"), new Fact(FactKey.ACTION, "ApproveRelease"),
                new Fact(FactKey.CUSTOM_DATA, "Check the <staging> dashboard & logs first"),
                new Fact(FactKey.EXPIRES, "2026-12-08 10:00 UTC")));
        List<Link> links = new ArrayList<>(List.of(new Link(LinkKey.CONSOLE, CONSOLE, "pipeline"),
                new Link(LinkKey.REVIEW, "https://github.com/acme/widgets/pull/42", "review")));
        if (decided) {
            facts.add(0, new Fact(FactKey.DECISION, "approved"));
            facts.add(1, new Fact(FactKey.DECIDED_BY, "jane"));
            facts.add(2, new Fact(FactKey.COMMENT, "Looks good"));
        } else {
            links.add(new Link(LinkKey.APPROVE, CONSOLE, "approve"));
        }
        return new Notification(new NotificationKey("approval:web-release/Prod/ApproveRelease/e1"),
                Notification.Kind.APPROVAL, decided ? Severity.SUCCESS : Severity.WARNING,
                decided ? "web-release: Prod / ApproveRelease approved"
                        : "web-release is waiting for approval at Prod / ApproveRelease", facts, links, List.of(),
                List.of()).withChanges(Notification.Changes.of(List.of(new Notification.Revision(
                "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c", "Add widget size validation", "Jane Doe", COMMIT,
                "SourceArtifact"))));
    }

    @Test
    void anApprovalWaitingInvitesADecision() {
        SlackWire wire = BlockKitMessagesTest.assertValid(approval(false));
        assertEquals(String.join("\n",
                "⚠️ *web-release is waiting for approval at Prod / ApproveRelease*",
                "┃ *Pipeline:* web-release",
                "┃ *Stage:* Prod",
                "┃ *Action:* ApproveRelease",
                "┃ *Custom data:* Check the <staging> dashboard & logs first",
                "┃ *Expires:* 2026-12-08 10:00 UTC",
                "┃ • SourceArtifact: c219984 Add widget size validation _(Jane Doe)_",
                "┃ [Approve or reject] [Review] [View pipeline]"), SlackMessages.readable(approval(false)));
        assertEquals("web-release is waiting for approval at Prod / ApproveRelease", wire.text());
        assertTrue(wire.texts().getFirst().contains("<" + CONSOLE + "|"), "the title links to the console");
        assertTrue(wire.texts().stream().anyMatch(t -> t.contains("&lt;staging&gt; dashboard &amp; logs")),
                "user text escaped");
    }

    @Test
    void aDecidedApprovalSaysWhoDecidedAndInvitesNothing() {
        String shown = SlackMessages.readable(approval(true));
        assertTrue(shown.startsWith("💚 *web-release: Prod / ApproveRelease approved*\n┃ *Decision:* approved\n"
                + "┃ *By:* jane\n┃ *Comment:* Looks good\n"), shown);
        assertFalse(shown.contains("Approve or reject"), shown);
        assertTrue(shown.endsWith("┃ [Review] [View pipeline]"), shown);
        assertEquals("web-release: Prod / ApproveRelease approved: approved", BlockKitMessagesTest.wire(
                approval(true)).text());
    }

    @Test
    void aPushListsItsCommitsAndFilesWithWhatIsLeftCounted() {
        List<Notification.Revision> commits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            commits.add(new Notification.Revision("%040d".formatted(i), "Change " + i + " <@U123>", "Jane", "", ""));
        }
        List<Notification.FileChange> files = List.of(new Notification.FileChange('A', "src/a.java"),
                new Notification.FileChange('D', "docs/*old*.md"));
        Notification push = new Notification(new NotificationKey("push:gadgets/branch/main/x"),
                Notification.Kind.PUSH, Severity.SUCCESS, "jane pushed 15 commits to gadgets main",
                List.of(new Fact(FactKey.REPOSITORY, "gadgets"), new Fact(FactKey.REF_NAME, "main"),
                        new Fact(FactKey.CHANGE, "branch updated"), new Fact(FactKey.PUSHED_BY, "jane")),
                List.of(new Link(LinkKey.COMPARE, CONSOLE + "#compare", "compare")), List.of(), List.of())
                .withChanges(new Notification.Changes(commits, 12, files, 28));
        SlackWire wire = BlockKitMessagesTest.assertValid(push);
        assertEquals(String.join("\n",
                "💚 *jane pushed 15 commits to gadgets main*",
                "┃ *Change:* branch updated",
                "┃ *Pushed by:* jane",
                "┃ *Repository:* gadgets",
                "┃ *Ref:* main",
                "┃ • `0000000` Change 0 <@U123> _(Jane)_",
                "┃ • `0000000` Change 1 <@U123> _(Jane)_",
                "┃ • `0000000` Change 2 <@U123> _(Jane)_",
                "┃ _and 12 more commits_",
                "┃ `A` src/a.java",
                "┃ `D` docs/*old*.md",
                "┃ _and 28 more files_",
                "┃ [Compare]"), SlackMessages.readable(push));
        assertTrue(wire.texts().stream().noneMatch(t -> t.contains("<@U123>")), "no mention from a commit subject");
    }

    @Test
    void oversizedTextStaysWithinBlockKitsLimits() {
        String huge = "<&>*_~`".repeat(3_000);
        List<Fact> facts = new ArrayList<>();
        for (FactKey key : FactKey.values()) {
            facts.add(new Fact(key, huge));
        }
        List<Notification.Revision> commits = new ArrayList<>();
        List<Notification.FileChange> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            commits.add(new Notification.Revision(huge, huge, huge, COMMIT + huge, huge));
            files.add(new Notification.FileChange('M', huge));
        }
        for (Notification.Kind kind : List.of(Notification.Kind.APPROVAL, Notification.Kind.PIPELINE_RUN,
                Notification.Kind.DEPLOYMENT, Notification.Kind.PUSH, Notification.Kind.DEPLOYED)) {
            Notification n = new Notification(new NotificationKey("x:y"), kind, Severity.FAILURE, huge, facts,
                    List.of(new Link(LinkKey.CONSOLE, CONSOLE, huge)), List.of(), List.of())
                    .withChanges(new Notification.Changes(commits, 1, files, 1));
            BlockKitMessagesTest.assertValid(n);
        }
    }
}
