package io.codebuildnotifier.testkit;

import io.codebuildnotifier.notification.Notification.TestCase;
import io.codebuildnotifier.notification.Notification.Tests;
import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.LookupCache;
import io.codebuildnotifier.people.ProfileCache;
import io.codebuildnotifier.notification.Notices;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.TestReports;
import java.util.List;
import org.junit.jupiter.api.Nested;

/** The store contracts, on the kit's in-memory fakes. */
class InMemoryContractsTest {

    private static HistoryContract.Store store() {
        InMemoryStore store = new InMemoryStore();
        return new HistoryContract.Store(store, store);
    }

    @Nested
    class History extends HistoryContract {
        @Override
        protected Store newStore() {
            return store();
        }
    }

    @Nested
    class Ledger extends LedgerContract {
        @Override
        protected HistoryContract.Store newStore() {
            return store();
        }
    }

    @Nested
    class Rollups extends RollupsContract {
        @Override
        protected Store newStore() {
            InMemoryStore store = new InMemoryStore();
            return new Store(store, store);
        }
    }

    @Nested
    class Deployments extends DeploymentsContract {
        @Override
        protected io.codebuildnotifier.sources.deploy.Deployments holding(
                io.codebuildnotifier.sources.deploy.Deployments.Deployment... deployments) {
            InMemoryDeployments fake = new InMemoryDeployments();
            for (var deployment : deployments) {
                fake.put(deployment);
            }
            return fake;
        }
    }

    @Nested
    class Shipments extends ShipmentsContract {
        @Override
        protected io.codebuildnotifier.chain.Shipments newShipments() {
            return new InMemoryShipments();
        }
    }

    @Nested
    class Threads extends ThreadsContract {
        @Override
        protected io.codebuildnotifier.notification.Threads newThreads() {
            return new InMemoryThreads();
        }
    }

    @Nested
    class LookupCaches extends LookupCacheContract {
        @Override
        protected LookupCache newCache() {
            return new InMemoryLookupCache();
        }
    }

    @Nested
    class ProfileCaches extends ProfileCacheContract {
        @Override
        protected ProfileCache newCache() {
            return new InMemoryProfileCache();
        }
    }

    @Nested
    class PreferencesInMemory extends PreferencesContract {
        @Override
        protected io.codebuildnotifier.notification.Preferences newPreferences() {
            return new MemoryPreferences();
        }
    }

    @Nested
    class AdminNotices extends NoticesContract {
        @Override
        protected Notices newNotices() {
            return new InMemoryNotices();
        }
    }

    @Nested
    class TestReportsInMemory extends TestReportsContract {
        @Override
        protected Subject newSubject() {
            InMemoryTestReports reports = new InMemoryTestReports();
            return new Subject() {
                @Override
                public TestReports reports() {
                    return reports;
                }

                @Override
                public Build finished(Given given) {
                    Build build = build(reportArn("unit-tests"), reportArn("coverage"));
                    List<TestCase> read = given.failures().stream().limit(HistoryEntry.MAX_FAILED_TESTS)
                            .map(f -> new TestCase(f.name(), firstLine(f.message()), false)).toList();
                    reports.put(build.arn(), new Tests(Tests.State.READY, given.total(),
                            given.passed(), given.failures().size(), given.skipped(), read, 0, given.lineCoverage()));
                    return build;
                }

                @Override
                public Build generating() {
                    Build build = build(reportArn("unit-tests"));
                    reports.notReady(build.arn());
                    return build;
                }

                @Override
                public Build vanished() {
                    return build(reportArn("unit-tests"));
                }
            };
        }
    }

    @Nested
    class AliasBooks extends AliasBookContract {
        @Override
        protected AliasBook newBook(String... pairs) {
            InMemoryAliasBook book = new InMemoryAliasBook();
            for (int i = 0; i < pairs.length; i += 2) {
                book.alias(pairs[i], pairs[i + 1]);
            }
            return book;
        }
    }
    @Nested
    class PipelinesInMemory extends PipelinesContract {
        @Override
        protected Subject newSubject() {
            InMemoryPipelines pipelines = new InMemoryPipelines();
            return new Subject() {
                @Override
                public io.codebuildnotifier.chain.Pipelines pipelines() {
                    return pipelines;
                }

                @Override
                public void put(io.codebuildnotifier.chain.Pipelines.Definition definition) {
                    pipelines.put(definition);
                }

                @Override
                public void put(String pipeline, io.codebuildnotifier.chain.Pipelines.Execution execution) {
                    pipelines.put(pipeline, execution);
                }

                @Override
                public void runs(String pipeline, List<io.codebuildnotifier.chain.Pipelines.ActionRun> runs) {
                    for (int i = runs.size() - 1; i >= 0; i--) {
                        pipelines.put(pipeline, runs.get(i));
                    }
                }

                @Override
                public void state(String pipeline, List<io.codebuildnotifier.chain.Pipelines.ActionState> state) {
                    pipelines.state(pipeline, state);
                }
            };
        }
    }

    @Nested
    class RunHistories extends RunHistoryContract {
        @Override
        protected io.codebuildnotifier.sources.pipeline.RunHistory newHistory() {
            return new InMemoryRunHistory();
        }
    }
}
