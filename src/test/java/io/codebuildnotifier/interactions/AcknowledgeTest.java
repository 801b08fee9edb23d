package io.codebuildnotifier.interactions;

import static io.codebuildnotifier.interactions.Fixture.APPROVAL;
import static io.codebuildnotifier.interactions.Fixture.JANE;
import static io.codebuildnotifier.interactions.Fixture.SAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.PullRequest;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.notification.Preferences;
import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.Recipients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement answers within the chat's few seconds: whatever the request, it calls no AWS port, no git
 * host, no directory, and of the chat only {@code open} (an approval's dialog). Every port here fails the test if
 * called.
 */
class AcknowledgeTest {
    private final List<String> touched = new CopyOnWriteArrayList<>();
    private final Fixture f = new Fixture();

    private AssertionError touched(String what) {
        touched.add(what);
        return new AssertionError(what + " called while acknowledging");
    }

    private Interactions strict() {
        Conversation chat = new Conversation() {
            @Override
            public void answer(String replyTo, Answer answer, Deadline deadline) {
                throw touched("answer");
            }

            @Override
            public void amend(Message message, Note note, Deadline deadline) {
                throw touched("amend");
            }

            @Override
            public void open(String dialogTrigger, Dialog dialog, Deadline deadline) {
                f.chat.open(dialogTrigger, dialog, deadline);
            }

            @Override
            public void showHome(String chatId, Home home, Deadline deadline) {
                throw touched("showHome");
            }

            @Override
            public List<String> membersOf(String groupHandle, Deadline deadline) {
                throw touched("membersOf");
            }

            @Override
            public Optional<String> emailOf(String chatId, Deadline deadline) {
                throw touched("emailOf");
            }
        };
        Pipelines pipelines = (Pipelines) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Pipelines.class}, (proxy, method, args) -> {
                    throw touched("Pipelines." + method.getName());
                });
        GitHost git = new GitHost() {
            @Override
            public Commit commit(Repository repository, String sha, Deadline deadline) {
                throw touched("git.commit");
            }

            @Override
            public Optional<String> branchHead(Repository repository, String branch, Deadline deadline) {
                throw touched("git.branchHead");
            }

            @Override
            public List<String> firstParents(Repository repository, String head, int depth, Deadline deadline) {
                throw touched("git.firstParents");
            }

            @Override
            public Optional<PullRequest> pullRequest(Repository repository, String number, Deadline deadline) {
                throw touched("git.pullRequest");
            }
        };
        ChatDirectory directory = new ChatDirectory() {
            @Override
            public Lookup lookupByEmail(String email, Deadline deadline) {
                throw touched("lookupByEmail");
            }

            @Override
            public Optional<String> resolveAdmin(String admin, Deadline deadline) {
                throw touched("resolveAdmin");
            }
        };
        Preferences preferences = new Preferences() {
            @Override
            public Preference of(String chatId, Deadline deadline) {
                throw touched("Preferences.of");
            }

            @Override
            public void save(Preference preference, Deadline deadline) {
                throw touched("Preferences.save");
            }
        };
        StatusBoard board = (StatusBoard) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StatusBoard.class}, (proxy, method, args) -> {
                    throw touched("StatusBoard." + method.getName());
                });
        PipelineRuns runs = (PipelineRuns) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PipelineRuns.class}, (proxy, method, args) -> {
                    throw touched("PipelineRuns." + method.getName());
                });
        Once once = (Once) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Once.class}, (proxy, method, args) -> {
                    throw touched("Once." + method.getName());
                });
        return new Interactions(f.rules, new Ports(chat,
                (buildId, token, deadline) -> {
                    throw touched("BuildRetries.retry");
                },
                (approval, approve, summary, deadline) -> {
                    throw touched("ApprovalDecisions.decide");
                },
                (approval, invocation) -> {
                    throw touched("ApprovalMessages.refresh");
                },
                runs, once,
                Optional.of((alternate, workspace, deadline) -> {
                    throw touched("AliasLinks.link");
                }),
                preferences, board,
                deadline -> {
                    throw touched("Health.read");
                },
                new ExecutionAuthors(pipelines, git, "eu-west-1", new Recipients(directory, (email, deadline) -> {
                    throw touched("AliasBook");
                })), directory), f.clock, f.log::add);
    }

    @Test
    void everyKindOfRequestIsAcknowledgedWithoutCallingAnythingSlow() {
        Interactions interactions = strict();
        List<Request> requests = List.of(
                f.retry(JANE),
                f.pick(Fixture.ADA, "jane@old-mail.com", "UNEW"),
                f.click(SAM, Actions.APPROVE, Fixture.approvalArgs(APPROVAL)),
                f.click(SAM, Actions.REJECT, Fixture.approvalArgs(APPROVAL)),
                f.click(SAM, Actions.APPROVE, Map.of()),
                f.click(SAM, Actions.CONFIRM_DEPLOY, Map.of(Actions.PIPELINE, "shop", Actions.NONCE, "n")),
                f.click(SAM, Actions.CANCEL_DEPLOY, Map.of(Actions.PIPELINE, "shop")),
                f.click(SAM, "unknown", Map.of()),
                f.submission(SAM, "Approved", "ok"),
                new Request.Submission("s", SAM, "other_dialog", Map.of(), Map.of(), Optional.empty(), ""),
                f.command(JANE, "status"), f.command(JANE, "status web"), f.command(JANE, "mute web for 2h"),
                f.command(JANE, "unmute"), f.command(JANE, "notify every_build"), f.command(JANE, "prefs"),
                f.command(SAM, "deploy shop"), f.command(JANE, "runs shop"), f.command(JANE, "help"),
                f.command(JANE, "bogus"), f.command(JANE, "mute for 2x"),
                new Request.HomeOpened("Ev1", JANE));

        for (Request request : requests) {
            interactions.acknowledge(request, f.deadline());
        }

        assertEquals(List.of(), touched);
        assertEquals(2, f.chat.dialogs().size());
    }

    @Test
    void onlyHelpAndBadCommandsAreAnsweredAtOnce() {
        Interactions interactions = strict();
        assertTrue(interactions.acknowledge(f.command(JANE, "status"), f.deadline()).later());
        assertTrue(interactions.acknowledge(f.command(JANE, "prefs"), f.deadline()).now().isEmpty());
        assertFalse(interactions.acknowledge(f.command(JANE, "help"), f.deadline()).later());
        assertFalse(interactions.acknowledge(f.command(JANE, "bogus"), f.deadline()).later());
        assertTrue(interactions.acknowledge(new Request.HomeOpened("e", JANE), f.deadline()).later());
    }

    @Test
    void theFixtureIsAsDescribed() {
        assertEquals(Instant.parse("2025-06-02T12:00:00Z"), f.clock.instant());
        assertEquals(AliasBook.NONE.workspaceEmail("x", f.deadline()), Optional.empty());
    }
}
