package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.people.AliasBook;
import io.codebuildnotifier.people.LookupCache;
import io.codebuildnotifier.people.ProfileCache;
import io.codebuildnotifier.notification.Notices;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.testkit.AliasBookContract;
import io.codebuildnotifier.testkit.HistoryContract;
import io.codebuildnotifier.testkit.LedgerContract;
import io.codebuildnotifier.testkit.LookupCacheContract;
import io.codebuildnotifier.testkit.NoticesContract;
import io.codebuildnotifier.testkit.ProfileCacheContract;
import io.codebuildnotifier.testkit.RollupsContract;
import io.codebuildnotifier.testkit.ThreadsContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The store contracts, on the DynamoDB adapters against DynamoDB Local: one instance, a fresh table per test. */
class DynamoContractsTest {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedDynamo dynamo;

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    private static String historyTable() {
        String name = "history-" + TABLES.incrementAndGet();
        dynamo.createHistoryTable(name);
        return name;
    }

    private static HistoryContract.Store store() {
        String table = historyTable();
        return new HistoryContract.Store(new DynamoHistory(dynamo.client(), table),
                new DynamoLedger(dynamo.client(), table));
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
            String table = historyTable();
            return new Store(new DynamoRollups(dynamo.client(), table), new DynamoLedger(dynamo.client(), table));
        }
    }

    @Nested
    class Shipments extends io.codebuildnotifier.testkit.ShipmentsContract {
        @Override
        protected io.codebuildnotifier.chain.Shipments newShipments() {
            return new DynamoShipments(dynamo.client(), historyTable());
        }
    }

    @Nested
    class Threads extends ThreadsContract {
        @Override
        protected io.codebuildnotifier.notification.Threads newThreads() {
            return new DynamoThreads(dynamo.client(), historyTable());
        }
    }

    @Nested
    class LookupCaches extends LookupCacheContract {
        @Override
        protected LookupCache newCache() {
            return new DynamoLookupCache(dynamo.client(), historyTable());
        }
    }

    @Nested
    class ProfileCaches extends ProfileCacheContract {
        @Override
        protected ProfileCache newCache() {
            return new DynamoProfileCache(dynamo.client(), historyTable());
        }
    }

    @Nested
    class PreferencesInDynamo extends io.codebuildnotifier.testkit.PreferencesContract {
        @Override
        protected io.codebuildnotifier.notification.Preferences newPreferences() {
            return new DynamoPreferences(dynamo.client(), historyTable());
        }
    }

    @Nested
    class AdminNotices extends NoticesContract {
        @Override
        protected Notices newNotices() {
            return new DynamoNotices(dynamo.client(), historyTable());
        }
    }

    @Nested
    class AliasBooks extends AliasBookContract {
        @Override
        protected AliasBook newBook(String... pairs) {
            String table = "aliases-" + TABLES.incrementAndGet();
            dynamo.createAliasTable(table);
            for (int i = 0; i < pairs.length; i += 2) {
                dynamo.putAlias(table, pairs[i], pairs[i + 1]);
            }
            return new DynamoAliasBook(dynamo.client(), table);
        }
    }

    @Nested
    class RunHistories extends io.codebuildnotifier.testkit.RunHistoryContract {
        @Override
        protected io.codebuildnotifier.sources.pipeline.RunHistory newHistory() {
            return new DynamoRunHistory(dynamo.client(), historyTable());
        }
    }
}
