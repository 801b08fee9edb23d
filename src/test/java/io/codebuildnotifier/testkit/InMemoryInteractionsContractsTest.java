package io.codebuildnotifier.testkit;

import io.codebuildnotifier.interactions.ApprovalDecisions;
import io.codebuildnotifier.interactions.BuildRetries;
import io.codebuildnotifier.interactions.Once;
import io.codebuildnotifier.interactions.PipelineRuns;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The interactions' port contracts on the kit's in-memory fakes, the same contracts {@code
 * adapter/aws/InteractionsContractsTest} and {@code adapter/aws/DynamoBoardContractsTest} run on the real adapters.
 */
class InMemoryInteractionsContractsTest {

    @Nested
    class Retries extends BuildRetriesContract {
        @Override
        protected BuildRetries newRetries() {
            return new InMemoryBuildRetries().build(WIDGETS_1, 1).build(WIDGETS_2, 2).build(GADGETS_7, 7);
        }
    }

    @Nested
    class Decisions extends ApprovalDecisionsContract {
        @Override
        protected ApprovalDecisions newDecisions(List<Approval> approvals) {
            InMemoryApprovalDecisions decisions = new InMemoryApprovalDecisions();
            for (Approval a : approvals) {
                switch (a.standing()) {
                    case WAITING -> decisions.waiting(a.ref());
                    case APPROVED -> decisions.decided(a.ref(), true, a.summary());
                    case REJECTED -> decisions.decided(a.ref(), false, a.summary());
                    case EXPIRED -> decisions.waiting(a.ref()).expire(a.ref());
                    case ABANDONED -> decisions.waiting(a.ref()).abandon(a.ref());
                }
            }
            return decisions;
        }
    }

    @Nested
    class Runs extends PipelineRunsContract {
        @Override
        protected PipelineRuns newRuns() {
            return new InMemoryPipelineRuns().pipeline(WEB).pipeline(API);
        }
    }

    @Nested
    class Claims extends OnceContract {
        @Override
        protected Once newOnce() {
            return new InMemoryOnce();
        }
    }

    @Nested
    class Links extends AliasLinksContract {
        @Override
        protected Linked newLinks() {
            InMemoryAliasLinks links = new InMemoryAliasLinks();
            return new Linked(links, links);
        }
    }

    @Nested
    class Board extends StatusBoardContract {
        @Override
        protected Seeded newBoard(List<String> whitelist, Clock clock) {
            InMemoryStatusBoard board = new InMemoryStatusBoard(whitelist, clock);
            return new Seeded(board, b -> board.built(new InMemoryStatusBoard.Build(b.project(), b.repository(),
                    b.sourceRef(), b.buildId(), b.commit(), b.status(), b.at(), b.authorEmail(),
                    b.committerEmail())));
        }
    }

    @Nested
    class Healths extends HealthContract {
        @Override
        protected Seeded newHealth(List<String> queues) {
            InMemoryHealth health = new InMemoryHealth(queues);
            return new Seeded(health, new Seeding() {
                @Override
                public void reconciled(Instant at, int finished, int recovered) {
                    health.reconciled(at, finished, recovered);
                }

                @Override
                public void waiting(String queue, int messages) {
                    health.waiting(queue, messages);
                }

                @Override
                public void unreadable(String queue) {
                    health.unreadable(queue);
                }
            });
        }
    }
}
