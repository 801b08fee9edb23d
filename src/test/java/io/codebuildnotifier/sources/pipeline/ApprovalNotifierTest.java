package io.codebuildnotifier.sources.pipeline;

import static io.codebuildnotifier.sources.pipeline.PipelineFixture.EXECUTION;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.JANE;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.NOW;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.TOKEN;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.approvalEvent;
import static io.codebuildnotifier.sources.pipeline.PipelineFixture.snsEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.chain.Pipelines;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalNotifierTest {
    final PipelineFixture f = new PipelineFixture();
    static final Instant STARTED = NOW.minusSeconds(3600);

    private Outcome handle(ApprovalEvent event) {
        return f.approvals().handle(event, f.invocation("inv-" + event.state() + event.origin()));
    }

    private Notification posted() {
        assertEquals(List.of("#releases"), f.messenger.deliveredTo());
        return f.messenger.posts().getFirst().notification();
    }

    @Test
    void aWaitingApprovalIsPostedToItsChannelWithWhatToReviewAndWhereToApprove() {
        Outcome outcome = handle(approvalEvent("STARTED", STARTED));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals("approval:web-release/Prod/ApproveRelease/" + EXECUTION, told.subject());
        Notification n = posted();
        assertEquals(Notification.Kind.APPROVAL, n.kind());
        assertEquals("web-release is waiting for approval at Prod / ApproveRelease", n.title());
        assertEquals("web-release", n.factOrEmpty(FactKey.PIPELINE));
        assertEquals("Prod", n.factOrEmpty(FactKey.STAGE));
        assertEquals("ApproveRelease", n.factOrEmpty(FactKey.ACTION));
        assertEquals("Check the staging site first", n.factOrEmpty(FactKey.CUSTOM_DATA));
        assertEquals("2026-11-10 11:00 UTC", n.factOrEmpty(FactKey.EXPIRES), "7 days after it started");
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web-release/view"
                + "?region=us-east-1", n.link(LinkKey.APPROVE).orElseThrow().url());
        assertEquals("https://staging.example.com/release", n.link(LinkKey.REVIEW).orElseThrow().url());
        assertEquals("https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/web-release/executions/"
                + EXECUTION + "/timeline?region=us-east-1", n.link(LinkKey.CONSOLE).orElseThrow().url());
        Notification.Revision revision = n.changes().commits().getFirst();
        assertEquals(PipelineFixture.SHA, revision.sha());
        assertEquals("Add widget size validation", revision.subject());
        assertEquals("codepipeline_approval", n.metadata().eventType());
        assertEquals(EXECUTION, n.metadata().payload().get("execution_id"));
        assertEquals("STARTED", n.metadata().payload().get("state"));
        assertEquals(List.of(), n.people(), "an approval is for its channel");
    }

    /** web-release with its approval action declaring {@code timeoutInMinutes}. */
    private void approvalTimesOutAfter(int minutes) {
        f.pipelines.put(new Pipelines.Definition(PipelineFixture.PIPELINE, List.of(
                new Pipelines.Action("Source", "Checkout", "Source", "CodeStarSourceConnection",
                        java.util.Map.of("FullRepositoryId", "acme/widgets", "BranchName", "main"),
                        List.of("SourceArtifact")),
                new Pipelines.Action("Prod", "ApproveRelease", "Approval", "Manual",
                        java.util.Map.of("CustomData", "Check the staging site first"), List.of(),
                        java.time.Duration.ofMinutes(minutes)))));
    }

    @Test
    void anApprovalExpiresAfterTheTimeoutItsActionDeclares() {
        approvalTimesOutAfter(60);

        handle(approvalEvent("STARTED", STARTED));

        Notification n = posted();
        assertEquals("2026-11-03 12:00 UTC", n.factOrEmpty(FactKey.EXPIRES), "an hour after it started, not 7 days");
        assertEquals("2026-11-03T12:00:00Z", n.metadata().payload().get("expires"));
    }

    @Test
    void theNotificationsOwnExpiryComesBeforeTheDeclaredTimeout() {
        approvalTimesOutAfter(60);
        f.waiting(EXECUTION, TOKEN);

        handle(snsEvent(TOKEN, Instant.parse("2026-11-04T09:30:00Z")));

        assertEquals("2026-11-04 09:30 UTC", posted().factOrEmpty(FactKey.EXPIRES));
    }

    @Test
    void anApprovedApprovalIsUpdatedInPlaceWithWhoDecidedAndTheirCommentAndNothingToActOn() {
        handle(approvalEvent("STARTED", STARTED));
        f.approvalRun(EXECUTION, "Succeeded", JANE, "Staging looks good");

        Outcome outcome = handle(approvalEvent("SUCCEEDED", NOW));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals(1, f.messenger.posts().size(), "no second message");
        assertEquals(1, f.messenger.updates().size());
        Notification n = f.messenger.updates().getFirst().notification();
        assertEquals(f.messenger.posts().getFirst().notification().key(), n.key());
        assertEquals("approved", n.factOrEmpty(FactKey.DECISION));
        assertEquals("jane", n.factOrEmpty(FactKey.DECIDED_BY));
        assertEquals("Staging looks good", n.factOrEmpty(FactKey.COMMENT));
        assertEquals("web-release: Prod / ApproveRelease approved by jane", n.title());
        assertEquals(Notification.Severity.SUCCESS, n.severity());
        assertEquals(Optional.empty(), n.link(LinkKey.APPROVE));
        assertEquals(Optional.empty(), n.link(LinkKey.REVIEW));
        assertTrue(n.link(LinkKey.CONSOLE).isPresent());
        assertEquals("approved", n.metadata().payload().get("decision"));

        Outcome again = handle(approvalEvent("SUCCEEDED", NOW));
        assertInstanceOf(Outcome.Duplicate.class, again, again.summary());
        assertEquals(1, f.messenger.updates().size());
    }

    @Test
    void aRejectionNamesWhoRejectedItAndAnApprovalNobodyAnsweredExpired() {
        handle(approvalEvent("STARTED", STARTED));
        f.approvalRun(EXECUTION, "Failed", "arn:aws:sts::123456789012:assumed-role/Release/bob@example.com",
                "Not during the freeze");
        handle(approvalEvent("FAILED", NOW));
        Notification rejected = f.messenger.updates().getLast().notification();
        assertEquals("rejected", rejected.factOrEmpty(FactKey.DECISION));
        assertEquals("bob@example.com", rejected.factOrEmpty(FactKey.DECIDED_BY));
        assertEquals("Not during the freeze", rejected.factOrEmpty(FactKey.COMMENT));
        assertEquals(Notification.Severity.FAILURE, rejected.severity());

        String other = "1e9a3c5d-2f4b-4d6c-9e8f-0a1b2c3d4e5f";
        f.execution(other, "Failed");
        handle(approvalEvent(other, "STARTED", STARTED));
        f.approvalRun(other, "Failed", "", "");
        handle(approvalEvent(other, "FAILED", STARTED.plusSeconds(7 * 86400)));
        Notification expired = f.messenger.updates().getLast().notification();
        assertEquals("expired", expired.factOrEmpty(FactKey.DECISION));
        assertEquals("", expired.factOrEmpty(FactKey.DECIDED_BY));
        assertEquals("web-release: Prod / ApproveRelease expired without a decision", expired.title());
        assertEquals(Optional.empty(), expired.link(LinkKey.APPROVE));
    }

    @Test
    void anApprovalOfASupersededOrStoppedExecutionSaysSo() {
        assertEquals("superseded", ApprovalNotifier.decision("CANCELED", new ApprovalNotifier.Verdict("", ""),
                "Superseded"));
        assertEquals("stopped", ApprovalNotifier.decision("ABANDONED", new ApprovalNotifier.Verdict("", ""),
                "Stopped"));
        assertEquals("stopped", ApprovalNotifier.decision("FAILED", new ApprovalNotifier.Verdict("", ""), "Stopping"));
        assertEquals("superseded", ApprovalNotifier.decision("CANCELED", new ApprovalNotifier.Verdict("", ""), ""));
        assertEquals("rejected", ApprovalNotifier.decision("FAILED", new ApprovalNotifier.Verdict(JANE, "no"),
                "Failed"));
    }

    @Test
    void theSameApprovalThroughSnsAndEventBridgePostsOnceAndNeverShowsTheToken() {
        f.waiting(EXECUTION, TOKEN);
        Instant expires = Instant.parse("2026-11-10T11:00:00Z");

        Outcome viaSns = handle(snsEvent(TOKEN, expires));
        Outcome viaEventBridge = handle(approvalEvent("STARTED", STARTED));

        assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary());
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        Notification n = posted();
        assertEquals("approval:web-release/Prod/ApproveRelease/" + EXECUTION, n.key().value());
        assertEquals("2026-11-10 11:00 UTC", n.factOrEmpty(FactKey.EXPIRES));
        assertEquals("https://staging.example.com/release", n.link(LinkKey.REVIEW).orElseThrow().url(),
                "the definition's review link, never the SNS approval link, which holds the token");
        assertFalse(n.toString().contains(TOKEN), n.toString());
        assertFalse(viaSns.summary().contains(TOKEN), viaSns.summary());
        assertFalse(f.store.toString().contains(TOKEN));
    }

    @Test
    void aNotificationWhoseTokenIsNoLongerCurrentIsIgnored() {
        f.waiting(EXECUTION, "7a3c5e2b-1d4e-4c6f-8a70-8b9c0d1e2f30");

        Outcome outcome = handle(snsEvent(TOKEN, null));

        Outcome.Ignored ignored = assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
        assertTrue(ignored.reason().contains("already decided"), ignored.reason());
        assertFalse(outcome.summary().contains(TOKEN));
        assertEquals(List.of(), f.messenger.posts());
    }

    @Test
    void inAParallelPipelineTheTokenIsTheApprovalRunsExternalExecutionId() {
        f.pipelines.put(PipelineFixture.PIPELINE, new Pipelines.ActionRun(EXECUTION, "Prod", "ApproveRelease",
                "Approval", "Manual", "InProgress", STARTED, STARTED, TOKEN, "", "", "", ""));

        Outcome outcome = handle(snsEvent(TOKEN, null));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertEquals("approval:web-release/Prod/ApproveRelease/" + EXECUTION, posted().key().value());
    }

    @Test
    void anApprovalWithNoChannelIsPostedNowhereAndSaysWhyInOneLine() {
        f.routes = new ChannelRoutes(ChannelRoutes.parse("approval:api-*=#api"), Optional.empty());

        Outcome outcome = handle(approvalEvent("STARTED", STARTED));

        Outcome.Told told = assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        assertFalse(told.decision().notifies());
        assertTrue(outcome.summary().contains("no channel for approvals of web-release"), outcome.summary());
        assertEquals(List.of(), f.messenger.posts());
        assertEquals(0, f.pipelines.calls(), "nothing read for nobody");
        Outcome ended = handle(approvalEvent("SUCCEEDED", NOW));
        assertFalse(assertInstanceOf(Outcome.Told.class, ended, ended.summary()).decision().notifies());
        assertTrue(ended.summary().contains("no channel for approvals of web-release"), ended.summary());
        assertEquals(List.of(), f.messenger.posts());
        assertEquals(List.of(), f.messenger.updates());
    }

    @Test
    void aDecisionWhoseStartWasNeverSeenIsPostedAsItEnded() {
        f.approvalRun(EXECUTION, "Succeeded", JANE, "ok");

        Outcome outcome = handle(approvalEvent("SUCCEEDED", NOW));

        assertInstanceOf(Outcome.Told.class, outcome, outcome.summary());
        Notification n = posted();
        assertEquals("approved", n.factOrEmpty(FactKey.DECISION));
        assertEquals(Optional.empty(), n.link(LinkKey.APPROVE));
        Outcome lateStart = handle(approvalEvent("STARTED", STARTED));
        assertInstanceOf(Outcome.Duplicate.class, lateStart, lateStart.summary());
        assertEquals(1, f.messenger.posts().size());
    }

    @Test
    void theCommentComesFromThePipelineStateWhenTheRunIsNotListed() {
        handle(approvalEvent("STARTED", STARTED));
        f.pipelines.state(PipelineFixture.PIPELINE, List.of(new Pipelines.ActionState("Prod", "ApproveRelease",
                EXECUTION, "Succeeded", "", "Ship it", JANE, NOW)));

        handle(approvalEvent("SUCCEEDED", NOW));

        Notification n = f.messenger.updates().getFirst().notification();
        assertEquals("Ship it", n.factOrEmpty(FactKey.COMMENT));
        assertEquals("jane", n.factOrEmpty(FactKey.DECIDED_BY));
    }

    @Test
    void anApprovalEventNeverShowsItsToken() {
        ApprovalEvent event = snsEvent(TOKEN, null);
        assertFalse(event.toString().contains(TOKEN), event.toString());
        assertTrue(event.toString().contains("token=(hidden)"), event.toString());
    }

    @Test
    void theNotificationsResolvedCustomDataIsPreferredToTheDefinitions() {
        f.waiting(EXECUTION, TOKEN);
        ApprovalEvent sns = snsEvent(TOKEN, null);
        ApprovalEvent resolved = new ApprovalEvent(sns.origin(), sns.pipeline(), "", sns.stage(), sns.action(),
                sns.state(), sns.time(), TOKEN, null, "", "Release abc1234: Add widget size validation", sns.region(), "");

        handle(resolved);

        assertEquals("Release abc1234: Add widget size validation", posted().factOrEmpty(FactKey.CUSTOM_DATA));
    }

    @Test
    void aStateThatIsNeitherAStartNorAnEndIsIgnored() {
        Outcome outcome = handle(approvalEvent("RESUMED", NOW));
        assertInstanceOf(Outcome.Ignored.class, outcome, outcome.summary());
    }

    static final String FIRST_REQUEST = "0120b0c8-234e-44ee-8ae9-824453426c18";
    static final String SECOND_REQUEST = "5d7e9f1a-3b4c-4d5e-8f6a-7b8c9d0e1f2a";
    static final String SECOND_TOKEN = "8e0f2a4c-6b8d-4e1f-9a3b-5c7d9e1f3a5b";
    static final String BASE_KEY = "approval:web-release/Prod/ApproveRelease/" + EXECUTION;

    @Test
    void aRetryOfARejectedApprovalInTheSameExecutionIsANewMessageAndItsEndUpdatesThatOne() {
        f.request(EXECUTION, FIRST_REQUEST, "InProgress", TOKEN, "");
        Outcome first = handle(approvalEvent("STARTED", STARTED));
        assertEquals(BASE_KEY + "/" + FIRST_REQUEST, assertInstanceOf(Outcome.Told.class, first, first.summary())
                .subject());
        f.approvalRun(EXECUTION, FIRST_REQUEST, "Failed", JANE, "Not yet");
        f.request(EXECUTION, FIRST_REQUEST, "Failed", "", JANE);
        Outcome rejected = handle(approvalEvent("FAILED", NOW.minusSeconds(1800)));
        assertInstanceOf(Outcome.Told.class, rejected, rejected.summary());

        // "Retry failed actions" in the same execution: a new request, a new token
        f.approvalRun(EXECUTION, SECOND_REQUEST, "InProgress", "", "");
        f.request(EXECUTION, SECOND_REQUEST, "InProgress", SECOND_TOKEN, "");
        Outcome viaSns = f.approvals().handle(snsEvent(SECOND_TOKEN, null), f.invocation("inv-retry-sns"));
        Outcome viaEventBridge = f.approvals().handle(approvalEvent("STARTED", NOW.minusSeconds(600)),
                f.invocation("inv-retry-eb"));

        Outcome.Told retried = assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary());
        assertEquals(BASE_KEY + "/" + SECOND_REQUEST, retried.subject());
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        assertEquals(2, f.messenger.posts().size(), "the retry's request is a message of its own");
        Notification second = f.messenger.posts().getLast().notification();
        assertEquals("web-release is waiting for approval at Prod / ApproveRelease", second.title());
        assertTrue(second.link(LinkKey.APPROVE).isPresent());
        assertFalse(second.toString().contains(SECOND_TOKEN), second.toString());

        f.approvalRun(EXECUTION, SECOND_REQUEST, "Succeeded", JANE, "Fixed now");
        Outcome approved = f.approvals().handle(approvalEvent("SUCCEEDED", NOW), f.invocation("inv-retry-end"));

        assertInstanceOf(Outcome.Told.class, approved, approved.summary());
        assertEquals(2, f.messenger.posts().size(), "no third message");
        List<io.codebuildnotifier.testkit.RecordingMessenger.Update> updates = f.messenger.updates();
        assertEquals(2, updates.size());
        assertEquals(BASE_KEY + "/" + FIRST_REQUEST, updates.get(0).notification().key().value());
        assertEquals("rejected", updates.get(0).notification().factOrEmpty(FactKey.DECISION));
        assertEquals(second.key(), updates.get(1).notification().key());
        assertEquals("approved", updates.get(1).notification().factOrEmpty(FactKey.DECISION));
        assertEquals("Fixed now", updates.get(1).notification().factOrEmpty(FactKey.COMMENT));
        assertTrue(updates.get(1).ref() != null && !updates.get(1).ref().equals(updates.get(0).ref()),
                "the second message updated, the first left rejected");
    }

    @Test
    void theFirstRequestsLateEndIsThatRequestsEvenOnceTheRetryWaitsAndTheStateHasMovedOn() {
        f.request(EXECUTION, FIRST_REQUEST, "InProgress", TOKEN, "");
        handle(approvalEvent("STARTED", STARTED));
        f.approvalRun(EXECUTION, FIRST_REQUEST, "Failed", JANE, "Not yet");
        f.approvalRun(EXECUTION, SECOND_REQUEST, "InProgress", "", "");
        String newer = "2f4a6c8e-0b1d-4e3f-8a5c-7e9f1b3d5f7a";
        f.request(newer, "9c1e3a5b-7d9f-4b2d-8e4a-6c8e0a2c4e6a", "InProgress", SECOND_TOKEN, "");

        Outcome rejected = handle(approvalEvent("FAILED", NOW.minusSeconds(1800)));
        Outcome retried = handle(approvalEvent("STARTED", NOW.minusSeconds(600)));

        assertEquals(BASE_KEY + "/" + FIRST_REQUEST, assertInstanceOf(Outcome.Told.class, rejected,
                rejected.summary()).subject());
        assertEquals(BASE_KEY + "/" + SECOND_REQUEST, assertInstanceOf(Outcome.Told.class, retried,
                retried.summary()).subject(), "the state is another execution's: the execution's waiting run");
        assertEquals("rejected", f.messenger.updates().getFirst().notification().factOrEmpty(FactKey.DECISION));
        assertEquals(2, f.messenger.posts().size());
    }

    @Test
    void aRequestWithoutAnActionExecutionIdIsKeyedByItsExecutionAlone() {
        f.waiting(EXECUTION, TOKEN);
        Outcome viaSns = handle(snsEvent(TOKEN, null));
        Outcome viaEventBridge = handle(approvalEvent("STARTED", STARTED));
        f.approvalRun(EXECUTION, "Failed", JANE, "No");
        Outcome rejected = handle(approvalEvent("FAILED", NOW));

        assertEquals(BASE_KEY, assertInstanceOf(Outcome.Told.class, viaSns, viaSns.summary()).subject());
        assertInstanceOf(Outcome.Duplicate.class, viaEventBridge, viaEventBridge.summary());
        assertEquals(BASE_KEY, assertInstanceOf(Outcome.Told.class, rejected, rejected.summary()).subject());
        assertEquals(1, f.messenger.posts().size());
        assertEquals("rejected", f.messenger.updates().getFirst().notification().factOrEmpty(FactKey.DECISION));
    }
}
