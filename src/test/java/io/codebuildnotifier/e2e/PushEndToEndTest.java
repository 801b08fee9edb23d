package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CodeCommit pushes through the real handler (DynamoDB Local, the loopback CodeCommit and Slack): what a push
 * says (the caps), a deleted branch, a tag, both doors (EventBridge and a trigger, directly or through SNS) told
 * once, routing per repository, no channel, CBN_NOTIFY_PUSHES, duplicates and a retry after Slack failed half-way.
 */
@ExtendWith(SandboxExtension.class)
class PushEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JANE_ARN = "arn:aws:iam::" + Sandbox.ACCOUNT + ":user/jane";
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0LEDGER01", "ledger-dev");
        sandbox.putSlackChannel("C0PAYMENT1", "payments");
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).with("CBN_NOTIFY_PUSHES", "true")
                .with("CBN_CHANNEL_ROUTES", "push:ledger*=#ledger-dev,push:pay*=#payments");
    }

    // ------------------------------------------------------------------ a repository's history

    /** {@code repo}'s commit {@code n} ({@code sha(repo, n)}), whose first parent is commit {@code n - 1}. */
    static String sha(String repo, int n) {
        return String.format("%08x", Math.abs(repo.hashCode())) + String.format("%032x", n);
    }

    /** Commits 0 (a root) to {@code n} of {@code repo}, by Carol, each "Change n". */
    static void history(String repo, int n) {
        for (int i = 0; i <= n; i++) {
            ObjectNode commit = JSON.createObjectNode().put("commitId", sha(repo, i)).put("treeId", "0".repeat(40));
            ArrayNode parents = commit.putArray("parents");
            if (i > 0) {
                parents.add(sha(repo, i - 1));
            }
            commit.put("message", "Change " + i + "\n\nWhy it changed.\n");
            commit.putObject("author").put("name", "Carol Reyes").put("email", "carol@example.com")
                    .put("date", "1793725389 -0500");
            commit.putObject("committer").put("name", "Carol Reyes").put("email", "carol@example.com")
                    .put("date", "1793725389 -0500");
            sandbox.putCodeCommitCommit(repo, commit);
        }
    }

    /** GetDifferences from {@code before} to {@code after}: {@code files} files, every third added, the rest modified. */
    static void differences(String repo, String before, String after, int files) {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < files; i++) {
            ObjectNode difference = list.addObject();
            boolean added = i % 3 == 0;
            if (!added) {
                difference.putObject("beforeBlob").put("blobId", String.format("%040x", 2 * i)).put("path", path(i))
                        .put("mode", "100644");
            }
            difference.putObject("afterBlob").put("blobId", String.format("%040x", 2 * i + 1)).put("path", path(i))
                    .put("mode", "100644");
            difference.put("changeType", added ? "A" : "M");
        }
        sandbox.putCodeCommitDifferences(repo, before, after, list);
    }

    static String path(int i) {
        return "src/ledger/module" + i + ".py";
    }

    // ------------------------------------------------------------------ events

    /** EventBridge's "CodeCommit Repository State Change"; {@code old} or {@code commit} empty leaves it out. */
    static String eventBridge(String repo, String event, String type, String ref, String commit, String old) {
        ObjectNode root = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeCommit Repository State Change").put("source", "aws.codecommit")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:05:00Z").put("region", Sandbox.REGION);
        root.putArray("resources").add("arn:aws:codecommit:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":" + repo);
        ObjectNode detail = root.putObject("detail").put("event", event).put("repositoryName", repo)
                .put("repositoryId", UUID.nameUUIDFromBytes(repo.getBytes()).toString()).put("referenceType", type)
                .put("referenceName", ref).put("referenceFullName", (type.equals("tag") ? "refs/tags/" : "refs/heads/")
                        + ref).put("callerUserArn", JANE_ARN);
        if (!commit.isEmpty()) {
            detail.put("commitId", commit);
        }
        if (!old.isEmpty()) {
            detail.put("oldCommitId", old);
        }
        return root.toString();
    }

    /** A CodeCommit trigger's Lambda record, with these references ({@code refs/heads/main}, commit) pairs. */
    static ObjectNode trigger(String repo, String... refsAndCommits) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject().put("awsRegion", Sandbox.REGION);
        ArrayNode references = record.putObject("codecommit").putArray("references");
        for (int i = 0; i < refsAndCommits.length; i += 2) {
            references.addObject().put("commit", refsAndCommits[i + 1]).put("ref", refsAndCommits[i]);
        }
        record.put("eventId", UUID.randomUUID().toString()).put("eventName", "ReferenceChanges")
                .put("eventPartNumber", 1).put("eventSource", "aws:codecommit")
                .put("eventSourceARN", "arn:aws:codecommit:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":" + repo)
                .put("eventTime", "2026-11-20T10:05:00.000+0000").put("eventTotalParts", 1)
                .put("eventTriggerConfigId", UUID.randomUUID().toString()).put("eventTriggerName", "notify-slack")
                .put("eventVersion", "1.0").put("userIdentityARN", JANE_ARN);
        return root;
    }

    /** The same record delivered through an SNS topic the trigger publishes to. */
    static String throughSns(ObjectNode triggerRecords) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject().put("EventSource", "aws:sns")
                .put("EventVersion", "1.0").put("EventSubscriptionArn", "arn:aws:sns:" + Sandbox.REGION + ":"
                        + Sandbox.ACCOUNT + ":codecommit-pushes:" + UUID.randomUUID());
        record.putObject("Sns").put("Type", "Notification").put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":codecommit-pushes")
                .put("Subject", "").put("Message", triggerRecords.toString())
                .put("Timestamp", "2026-11-20T10:05:01.000Z");
        return root.toString();
    }

    private List<Sandbox.SlackPost> takeSlackPosts() {
        List<Sandbox.SlackPost> posts = List.copyOf(sandbox.posts());
        sandbox.clearRecordings();
        return posts;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aPushOf15CommitsAnd30FilesShowsTenCommitsTwentyFilesAndCountsTheRest() {
        history("ledger", 20);
        differences("ledger", sha("ledger", 5), sha("ledger", 20), 30);

        Outcome outcome = world.deliver(eventBridge("ledger", "referenceUpdated", "branch", "main",
                sha("ledger", 20), sha("ledger", 5)));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertTrue(told.decision().notifies(), outcome.summary());
        assertEquals(15, sandbox.count("codecommit", "GetCommit"), "the old head is not read");
        assertEquals(1, sandbox.count("codecommit", "GetDifferences"));
        List<Sandbox.SlackPost> posts = takeSlackPosts();
        assertEquals(List.of("#ledger-dev"), posts.stream().map(Sandbox.SlackPost::channel).toList());
        String shown = World.attachmentText(posts.getFirst());
        assertTrue(shown.contains("jane pushed 15 commits to main in ledger"), shown);
        assertTrue(shown.contains("*Pushed by:* jane"), shown);
        assertTrue(shown.contains("*Change:* branch updated"), shown);
        for (int i = 20; i > 10; i--) {
            assertTrue(shown.contains("Change " + i + " _(Carol Reyes)_"), i + ": " + shown);
        }
        assertTrue(!shown.contains("Change 10 "), "the 11th commit is counted, not shown: " + shown);
        assertTrue(shown.contains("and 5 more commits"), shown);
        for (int i = 0; i < 20; i++) {
            assertTrue(shown.contains(path(i)), shown);
        }
        assertTrue(!shown.contains(path(20)), shown);
        assertTrue(shown.contains("and 10 more files"), shown);
        assertTrue(shown.contains("`A` src/ledger/module0.py") && shown.contains("`M` src/ledger/module1.py"), shown);
        String metadata = posts.getFirst().metadataJson();
        assertTrue(metadata.contains("\"event_type\":\"codecommit_push\""), metadata);
        assertTrue(metadata.contains("\"commit_count\":15") && metadata.contains("\"file_count\":30"), metadata);
        assertTrue(posts.getFirst().attachmentsJson().contains("/repositories/ledger/compare/" + sha("ledger", 5)
                + "/.../" + sha("ledger", 20) + "?region\\u003dus-east-1"), posts.getFirst().attachmentsJson());
    }

    @Test
    void aDeletedBranchSaysWhichHeadItHadAndReadsNothing() {
        Outcome outcome = world.deliver(eventBridge("ledger-old", "referenceDeleted", "branch", "feature/rounding", "",
                sha("ledger-old", 3)));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals(0, sandbox.count("codecommit", "GetCommit") + sandbox.count("codecommit", "GetDifferences"));
        List<Sandbox.SlackPost> posts = takeSlackPosts();
        assertEquals(1, posts.size());
        String shown = World.attachmentText(posts.getFirst());
        assertTrue(shown.contains("jane deleted branch feature/rounding in ledger-old (its head was "
                + sha("ledger-old", 3).substring(0, 7) + ")"), shown);
        assertTrue(shown.contains("*Change:* branch deleted"), shown);
    }

    @Test
    void aCreatedTagShowsTheTaggedCommit() {
        history("ledger-tags", 2);

        world.deliver(eventBridge("ledger-tags", "referenceCreated", "tag", "v1.4.0", sha("ledger-tags", 2), ""));

        List<Sandbox.SlackPost> posts = takeSlackPosts();
        assertEquals(1, posts.size());
        String shown = World.attachmentText(posts.getFirst());
        assertTrue(shown.contains("jane created tag v1.4.0 in ledger-tags"), shown);
        assertTrue(shown.contains("*Change:* tag created"), shown);
        assertTrue(shown.contains("Change 2 _(Carol Reyes)_"), shown);
        assertTrue(!shown.contains("Change 1 "), shown);
        assertTrue(posts.getFirst().blocksJson().contains("/browse/refs/tags/v1.4.0?region\\u003dus-east-1"),
                posts.getFirst().blocksJson());
    }

    @Test
    void aPushArrivingThroughEventBridgeAndATriggerDirectlyAndThroughSnsIsPostedOnce() {
        history("ledger", 3);
        String head = sha("ledger", 3);

        Outcome first = world.deliver(eventBridge("ledger", "referenceUpdated", "branch", "main", head,
                sha("ledger", 1)));
        Outcome direct = world.deliver(trigger("ledger", "refs/heads/main", head).toString());
        Outcome sns = world.deliver(throughSns(trigger("ledger", "refs/heads/main", head)));

        assertInstanceOf(Outcome.Told.class, first, first.summary());
        assertInstanceOf(Outcome.Duplicate.class, direct, direct.summary());
        assertInstanceOf(Outcome.Duplicate.class, sns, sns.summary());
        assertEquals(List.of("#ledger-dev"), world.takePosts());
    }

    @Test
    void aTriggerFirstShowsTheHeadAndSaysThePreviousHeadIsNotKnownThenEventBridgeIsADuplicate() {
        history("ledger", 3);
        differences("ledger", sha("ledger", 2), sha("ledger", 3), 2);
        String head = sha("ledger", 3);

        Outcome sns = world.deliver(throughSns(trigger("ledger", "refs/heads/main", head)));
        Outcome later = world.deliver(eventBridge("ledger", "referenceUpdated", "branch", "main", head,
                sha("ledger", 1)));

        assertInstanceOf(Outcome.Told.class, sns, sns.summary());
        assertInstanceOf(Outcome.Duplicate.class, later, later.summary());
        List<Sandbox.SlackPost> posts = takeSlackPosts();
        assertEquals(1, posts.size());
        String shown = World.attachmentText(posts.getFirst());
        assertTrue(shown.contains("jane pushed to main in ledger"), shown);
        assertTrue(shown.contains("*Change:* branch updated (the previous head is not known)"), shown);
        assertTrue(shown.contains("Change 3 _(Carol Reyes)_") && !shown.contains("Change 2 "), shown);
        assertTrue(shown.contains(path(0)) && shown.contains(path(1)), shown);
    }

    @Test
    void eachRepositoryGoesToTheChannelItsPushRuleNamesAndTheCatchAllTakesTheRest() {
        world.with("CBN_ADDITIONAL_CHANNEL", "#builds");
        history("ledger", 1);
        history("payroll", 1);
        history("widgets-cc", 1);

        world.deliver(eventBridge("ledger", "referenceUpdated", "branch", "main", sha("ledger", 1), sha("ledger", 0)));
        world.deliver(eventBridge("payroll", "referenceUpdated", "branch", "main", sha("payroll", 1),
                sha("payroll", 0)));
        world.deliver(eventBridge("widgets-cc", "referenceUpdated", "branch", "main", sha("widgets-cc", 1),
                sha("widgets-cc", 0)));

        assertEquals(List.of("#ledger-dev", "#payments", "#builds"), world.takePosts());
    }

    @Test
    void aRepositoryNoRuleNamesWithoutACatchAllIsPostedNowhereWithOneReason() {
        history("gadgets-cc", 1);

        Outcome outcome = world.deliver(eventBridge("gadgets-cc", "referenceUpdated", "branch", "main",
                sha("gadgets-cc", 1), sha("gadgets-cc", 0)));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals("recorded push:gadgets-cc/branch/main/referenceUpdated/" + sha("gadgets-cc", 1)
                + " referenceUpdated; no notification: no channel: no CBN_CHANNEL_ROUTES rule for push gadgets-cc and "
                + "no CBN_ADDITIONAL_CHANNEL", told.summary());
        assertEquals(0, sandbox.count("codecommit", "GetCommit"), "nothing read for nobody");
        assertEquals(List.of(), world.takePosts());
        assertEquals(List.of(), world.allItems(), "nothing written");
    }

    @Test
    void pushesAreIgnoredUnlessCbnNotifyPushesIsTrue() {
        world.with("CBN_NOTIFY_PUSHES", "false");
        history("ledger", 1);
        String event = eventBridge("ledger", "referenceUpdated", "branch", "main", sha("ledger", 1), sha("ledger", 0));

        Outcome off = world.deliver(event);
        World byDefault = World.fresh(dynamo, sandbox).with("CBN_CHANNEL_ROUTES", "push:*=#ledger-dev");
        Outcome unset = byDefault.deliver(event);

        assertInstanceOf(Outcome.Ignored.class, off, off.summary());
        assertTrue(off.summary().endsWith("CBN_NOTIFY_PUSHES is false"), off.summary());
        assertInstanceOf(Outcome.Ignored.class, unset, unset.summary());
        assertEquals(0, sandbox.count("codecommit", "GetCommit"));
        assertEquals(List.of(), world.takePosts());
    }

    @Test
    void theSameEventTwiceIsADuplicate() {
        history("ledger", 2);
        String event = eventBridge("ledger", "referenceUpdated", "branch", "main", sha("ledger", 2), sha("ledger", 0));

        Outcome first = world.deliver(event);
        Outcome again = world.deliver(event);
        Outcome another = world.anotherInstance().handle(new java.io.ByteArrayInputStream(event.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)), null);

        assertInstanceOf(Outcome.Told.class, first, first.summary());
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertInstanceOf(Outcome.Duplicate.class, another, another.summary());
        assertEquals(List.of("#ledger-dev"), world.takePosts());
    }

    @Test
    void aRetryAfterSlackFailedHalfWayPostsWhatIsMissingOnce() {
        history("ledger", 2);
        // one trigger record for two references: the branch is posted, then Slack fails for good on the tag
        ObjectNode record = trigger("ledger", "refs/heads/main", sha("ledger", 2), "refs/tags/v2.0.0", sha("ledger", 2));
        sandbox.failAfter("slack", "chat.postMessage", 1, 8, Sandbox.Fault.status(503));

        assertThrows(TransientFailure.class, () -> world.deliver(record.toString()));
        List<Sandbox.SlackPost> before = takeSlackPosts();
        sandbox.clearFaults();
        Outcome retry = world.deliver(record.toString()); // Lambda's retry
        List<Sandbox.SlackPost> after = takeSlackPosts();
        Outcome again = world.deliver(record.toString());

        assertEquals(1, before.size());
        assertTrue(World.attachmentText(before.getFirst()).contains("jane pushed to main in ledger"));
        assertInstanceOf(Outcome.Told.class, retry, retry.summary());
        assertEquals(1, after.size(), "only what is missing");
        assertTrue(World.attachmentText(after.getFirst()).contains("jane created tag v2.0.0 in ledger")
                || World.attachmentText(after.getFirst()).contains("tag v2.0.0"), World.attachmentText(after.getFirst()));
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(List.of(), world.takePosts());
    }
}
