package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.push.RepositoryChanges;
import io.codebuildnotifier.sources.push.RepositoryChanges.FileChange;
import io.codebuildnotifier.testkit.RepositoryChangesContract;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * The push host's contract on {@link CodeCommitChanges}, through the real SDK against the sandbox's CodeCommit
 * (GetCommit, paginated GetDifferences), and how its failures are sorted.
 */
class CodeCommitChangesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static CodeCommitClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = CodeCommitClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(2)))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    /** A commit as GetCommit answers it. */
    static ObjectNode commit(String sha, List<String> parents, String message, String name, String email) {
        ObjectNode commit = JSON.createObjectNode().put("commitId", sha).put("treeId", "0".repeat(40));
        ArrayNode list = commit.putArray("parents");
        parents.forEach(list::add);
        commit.put("message", message);
        commit.putObject("author").put("name", name).put("email", email).put("date", "1793725389 -0500");
        commit.putObject("committer").put("name", name).put("email", email).put("date", "1793725389 -0500");
        commit.put("additionalData", "");
        return commit;
    }

    /** Differences as GetDifferences answers them (a deletion has no after blob, an addition no before blob). */
    static ArrayNode differences(List<FileChange> changes) {
        ArrayNode list = JSON.createArrayNode();
        int blob = 0;
        for (FileChange change : changes) {
            ObjectNode difference = list.addObject();
            if (change.change() != 'A') {
                difference.putObject("beforeBlob").put("blobId", String.format("%040x", ++blob))
                        .put("path", change.path()).put("mode", "100644");
            }
            if (change.change() != 'D') {
                difference.putObject("afterBlob").put("blobId", String.format("%040x", ++blob))
                        .put("path", change.path()).put("mode", "100644");
            }
            difference.put("changeType", String.valueOf(change.change()));
        }
        return list;
    }

    @Nested
    class Contract extends RepositoryChangesContract {
        @Override
        protected Subject newSubject() {
            sandbox.clearFaults();
            return new Subject() {
                @Override
                public RepositoryChanges changes() {
                    return new CodeCommitChanges(() -> client);
                }

                @Override
                public void commit(String repo, String sha, List<String> parents, String message, String authorName,
                                   String authorEmail) {
                    sandbox.putCodeCommitCommit(repo, CodeCommitChangesTest.commit(sha, parents, message, authorName,
                            authorEmail));
                }

                @Override
                public void differences(String repo, String before, String after, List<FileChange> changes) {
                    sandbox.putCodeCommitDifferences(repo, before, after, CodeCommitChangesTest.differences(changes));
                }
            };
        }
    }

    @Nested
    class Failures {
        private static final String SHA = "4eb06e04c6953cfcb19cb7647f172545e5bb0074";
        private static final String PARENT = "2a0b7f857573b139cb2826ce5bfbc798dce9e6ba";
        private final CodeCommitChanges changes = new CodeCommitChanges(() -> client, 10);

        @BeforeEach
        void repository() {
            sandbox.clearFaults();
            sandbox.putCodeCommitCommit("ledger", commit(SHA, List.of(PARENT), "Round totals", "Carol", "c@example.com"));
            sandbox.putCodeCommitCommit("ledger", commit(PARENT, List.of(), "Start", "Carol", "c@example.com"));
        }

        @org.junit.jupiter.api.AfterEach
        void noFaultsLeft() {
            sandbox.clearFaults();
        }

        private Deadline deadline() {
            return Deadline.in(Duration.ofMinutes(1));
        }

        @Test
        void pagesAreReadWithTheirTokensAndTheCountIsCutAfterAFewPages() {
            sandbox.putCodeCommitDifferences("ledger", PARENT, SHA, differences(RepositoryChangesContract.files(75)));
            sandbox.clearRecordings();

            RepositoryChanges.Differences read = changes.differences("ledger", PARENT, SHA, 20, deadline())
                    .orElseThrow();

            assertEquals(50, read.total(), "5 pages of 10");
            assertTrue(read.more());
            assertEquals(20, read.changes().size());
            assertEquals(CodeCommitChanges.MAX_PAGES, sandbox.count("codecommit", "GetDifferences"));
        }

        @Test
        void throttlingIsTransient() {
            sandbox.failNext("codecommit", "GetDifferences", 5, Sandbox.Fault.awsError(400, "ThrottlingException",
                    "Rate exceeded"));
            assertThrows(TransientFailure.class, () -> changes.differences("ledger", PARENT, SHA, 20, deadline()));
            sandbox.failNext("codecommit", "GetCommit", 5, Sandbox.Fault.status(503));
            assertThrows(TransientFailure.class, () -> changes.commit("ledger", SHA, deadline()));
        }

        @Test
        void accessDeniedIsAMisconfigurationNamingTheActionAndRepository() {
            sandbox.failNext("codecommit", "GetCommit", 1, Sandbox.Fault.awsError(400, "AccessDeniedException",
                    "User is not authorized to perform: codecommit:GetCommit"));
            MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                    () -> changes.commit("ledger", SHA, deadline()));
            assertTrue(e.getMessage().contains("codecommit:GetCommit on the repository ledger"), e.getMessage());
            sandbox.failNext("codecommit", "GetDifferences", 1, Sandbox.Fault.status(403, "{\"__type\":"
                    + "\"AccessDeniedException\",\"message\":\"denied\"}", java.util.Map.of("Content-Type",
                    "application/x-amz-json-1.1")));
            MisconfigurationFailure d = assertThrows(MisconfigurationFailure.class,
                    () -> changes.differences("ledger", PARENT, SHA, 20, deadline()));
            assertTrue(d.getMessage().contains("codecommit:GetDifferences"), d.getMessage());
        }

        @Test
        void anUnknownErrorIsAMisconfigurationNotNothingToDo() {
            sandbox.failNext("codecommit", "GetCommit", 1, Sandbox.Fault.awsError(400, "EncryptionKeyDisabledException",
                    "The encryption key is disabled."));
            assertThrows(MisconfigurationFailure.class, () -> changes.commit("ledger", SHA, deadline()));
        }
    }
}
