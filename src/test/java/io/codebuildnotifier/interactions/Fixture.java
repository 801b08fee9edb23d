package io.codebuildnotifier.interactions;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.Recipients;
import io.codebuildnotifier.testkit.InMemoryAliasLinks;
import io.codebuildnotifier.testkit.InMemoryApprovalDecisions;
import io.codebuildnotifier.testkit.InMemoryBuildRetries;
import io.codebuildnotifier.testkit.InMemoryConversation;
import io.codebuildnotifier.testkit.InMemoryDirectory;
import io.codebuildnotifier.testkit.InMemoryGitHost;
import io.codebuildnotifier.testkit.InMemoryHealth;
import io.codebuildnotifier.testkit.InMemoryOnce;
import io.codebuildnotifier.testkit.InMemoryPipelineRuns;
import io.codebuildnotifier.testkit.InMemoryPipelines;
import io.codebuildnotifier.testkit.MemoryPreferences;
import io.codebuildnotifier.testkit.InMemoryStatusBoard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workspace and an account for the interactions: Jane (an author), Sam (an approver by id), Rita (an approver by
 * address), Gus (in the release-managers group), Ada (an admin), Eve (nobody in particular); a failed build of
 * {@code web}; an approval of {@code shop} waiting in an execution whose commit Jane wrote.
 */
final class Fixture {
    static final Instant NOW = Instant.parse("2025-06-02T12:00:00Z");
    static final Actor JANE = new Actor("UJANE", "Jane Doe");
    static final Actor SAM = new Actor("USAM", "Sam Approver");
    static final Actor RITA = new Actor("URITA", "Rita Reviewer");
    static final Actor GUS = new Actor("UGUS", "Gus Group");
    static final Actor ADA = new Actor("UADA", "Ada Admin");
    static final Actor EVE = new Actor("UEVE", "Eve Stranger");
    static final String BUILD = "web:0b0e5f2c-1111-4222-8333-944445555666";
    static final String EXECUTION = "3c9a7d1e-2222-4333-8444-a55556666777";
    static final String SHA = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    static final ApprovalRef APPROVAL = new ApprovalRef("shop", "Release", "Approve", EXECUTION);
    static final Message MESSAGE = new Message(new MessageRef("C0BUILDS", "1717329600.000100"), "{\"blocks\":[]}");
    static final String REPLY = "https://hooks.slack.test/actions/T0/1/abc";

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final InMemoryConversation chat = new InMemoryConversation();
    final InMemoryBuildRetries retries = new InMemoryBuildRetries().build(BUILD, 12);
    final InMemoryApprovalDecisions decisions = new InMemoryApprovalDecisions().waiting(APPROVAL);
    final List<ApprovalRef> refreshed = new CopyOnWriteArrayList<>();
    final InMemoryPipelineRuns runs = new InMemoryPipelineRuns(clock);
    final InMemoryOnce once = new InMemoryOnce();
    final InMemoryAliasLinks aliases = new InMemoryAliasLinks();
    final MemoryPreferences preferences = new MemoryPreferences();
    final InMemoryStatusBoard board = new InMemoryStatusBoard();
    final InMemoryHealth health = new InMemoryHealth();
    final InMemoryPipelines pipelines = new InMemoryPipelines();
    final InMemoryGitHost git = new InMemoryGitHost();
    final InMemoryDirectory directory = new InMemoryDirectory();
    final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    Optional<io.codebuildnotifier.interactions.AliasLinks> aliasTable = Optional.of(aliases);
    Rules rules = new Rules(List.of("USAM", "rita@example.com", "@release-managers"), Rules.RetryBy.AUTHORS,
            List.of("ada"), false, "Slack");

    Fixture() {
        chat.email(JANE.chatId(), "jane@example.com").email(SAM.chatId(), "sam@example.com")
                .email(RITA.chatId(), "Rita@Example.com").email(GUS.chatId(), "gus@example.com")
                .email(ADA.chatId(), "ada@example.com").email("UNEW", "jane.doe@example.com")
                .group("release-managers", GUS.chatId());
        directory.member("jane@example.com", JANE.chatId()).member("sam@example.com", SAM.chatId())
                .member("rita@example.com", RITA.chatId()).member("gus@example.com", GUS.chatId())
                .admin("ada", ADA.chatId());
        pipelines.put(new Pipelines.Definition("shop", List.of(
                new Pipelines.Action("Source", "Checkout", "Source", "CodeCommit", Map.of("RepositoryName", "shop",
                        "BranchName", "main"), List.of("SourceArtifact")),
                new Pipelines.Action("Release", "Approve", "Approval", "Manual", Map.of()))));
        pipelines.put("shop", new Pipelines.Execution(EXECUTION, "InProgress", "Webhook", "", NOW, NOW,
                List.of(new Pipelines.SourceRevision("SourceArtifact", SHA, "Fix the cart", ""))));
        git.commit(new Commit(SHA, "Jane Doe", "jane@example.com", "Sam Approver", "noreply@github.com",
                "Fix the cart"));
        runs.pipeline("shop");
    }

    Interactions interactions() {
        Recipients recipients = new Recipients(directory, AliasBook.NONE);
        return new Interactions(rules, new Ports(chat, retries, decisions, (approval, invocation) -> refreshed.add(
                approval), runs, once, aliasTable, preferences, board, health,
                new ExecutionAuthors(pipelines, git, "eu-west-1", recipients), directory), clock, log::add);
    }

    Invocation invocation() {
        return new Invocation("lambda-1", Deadline.in(Duration.ofMinutes(1), clock));
    }

    Deadline deadline() {
        return Deadline.in(Duration.ofSeconds(3), clock);
    }

    /** Acknowledges, and does the work when there is any, as the handler does. */
    Ack handle(Request request) {
        Interactions interactions = interactions();
        Ack ack = interactions.acknowledge(request, deadline());
        if (ack.later()) {
            interactions.complete(request, invocation());
        }
        return ack;
    }

    String nextId() {
        return "trigger-" + ids.incrementAndGet();
    }

    Request.Click click(Actor actor, String actionId, Map<String, String> args) {
        return new Request.Click(nextId(), actor, actionId, args, Optional.of(MESSAGE), Optional.empty(), REPLY,
                "trigger-dialog-" + ids.get());
    }

    Request.Click retry(Actor actor) {
        return click(actor, Actions.RETRY_BUILD, Map.of(Actions.BUILD_ID, BUILD, Actions.PEOPLE, "UJANE,UCOMMITTER"));
    }

    Request.Click pick(Actor actor, String email, String picked) {
        return new Request.Click(nextId(), actor, Actions.LINK_PERSON, Map.of(Actions.EMAIL, email),
                Optional.of(MESSAGE), Optional.ofNullable(picked), REPLY, "");
    }

    static Map<String, String> approvalArgs(ApprovalRef ref) {
        return Map.of(Actions.PIPELINE, ref.pipeline(), Actions.STAGE, ref.stage(), Actions.ACTION, ref.action(),
                Actions.EXECUTION_ID, ref.executionId());
    }

    Request.Submission submission(Actor actor, String decision, String comment) {
        Map<String, String> args = new java.util.HashMap<>(approvalArgs(APPROVAL));
        args.put(Actions.DECISION, decision);
        return new Request.Submission(nextId(), actor, Actions.DECIDE_DIALOG, args,
                comment == null ? Map.of() : Map.of(Actions.COMMENT_INPUT, comment), Optional.of(MESSAGE.ref()),
                REPLY);
    }

    Request.Command command(Actor actor, String text) {
        return new Request.Command(nextId(), actor, "/codebuild", text, REPLY);
    }

    /** The answers' text. */
    String said() {
        return chat.answerText();
    }
}
