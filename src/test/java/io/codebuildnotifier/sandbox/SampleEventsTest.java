package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample events are real EventBridge envelopes, and the README's sandbox command replays
 * them with the outcomes the README promises.
 */
@ExtendWith(SandboxExtension.class)
class SampleEventsTest {

    static Stream<Path> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** The delivery chain's samples: CodePipeline's EventBridge events and the SNS record of an approval. */
    static final List<String> PIPELINE_SAMPLES = List.of("approval-started.json", "approval-approved.json",
            "approval-sns.json", "pipeline-failed.json", "pipeline-succeeded.json");

    /**
     * Samples waiting for their place in {@link Demo#SEQUENCE} (the lead places them when the delivery chain's branches
     * are merged; proposed order: pipeline-failed, approval-started, approval-sns, approval-approved, pipeline-succeeded).
     */
    static final java.util.Set<String> AWAITING_A_PLACE = java.util.Set.of();

    static Stream<Path> buildEvents() throws IOException {
        return sampleEvents().filter(SampleEventsTest::isCodeBuildEvent);
    }

    /** A CodeBuild state change (the delivery chain's samples beside them are not). */
    static boolean isCodeBuildEvent(Path event) {
        try {
            return "aws.codebuild".equals(Json.MAPPER.readTree(event.toFile()).path("source").asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Path> pipelineEvents() {
        return PIPELINE_SAMPLES.stream().map(name -> Path.of("events", name));
    }

    @ParameterizedTest
    @MethodSource("pipelineEvents")
    void isAnEventBridgeCodePipelineEventOrTheSnsRecordOfAnApproval(Path event) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(event.toFile());
        if (root.has("Records")) {
            com.fasterxml.jackson.databind.JsonNode sns = root.path("Records").get(0).path("Sns");
            assertEquals("aws:sns", root.path("Records").get(0).path("EventSource").asText());
            com.fasterxml.jackson.databind.JsonNode message = Json.MAPPER.readTree(sns.path("Message").asText());
            assertEquals("web-release", message.path("approval").path("pipelineName").asText());
            return;
        }
        ScheduledEvent loaded = EventLoader.loadScheduledEvent(event.toString());
        assertEquals("aws.codepipeline", loaded.getSource());
        assertTrue(List.of("CodePipeline Pipeline Execution State Change", "CodePipeline Action Execution State Change")
                .contains(loaded.getDetailType()), loaded.getDetailType());
        assertEquals(List.of("arn:aws:codepipeline:us-east-1:123456789012:" + loaded.getDetail().get("pipeline")),
                loaded.getResources());
    }

    @ParameterizedTest
    @MethodSource("buildEvents")
    void isAnEventBridgeCodeBuildEvent(Path event) {
        ScheduledEvent loaded = EventLoader.loadScheduledEvent(event.toString());
        assertEquals("aws.codebuild", loaded.getSource());
        assertEquals("CodeBuild Build State Change", loaded.getDetailType());
        assertEquals(List.of(loaded.getDetail().get("build-id")), loaded.getResources());
    }

    @Test
    void theDeploymentSamplesAreWhatEventBridgeAndSnsDeliver() {
        for (String name : List.of("deployment-succeeded.json", "deployment-failed.json")) {
            ScheduledEvent loaded = EventLoader.loadScheduledEvent("events/" + name);
            assertEquals("aws.codedeploy", loaded.getSource(), name);
            assertEquals("CodeDeploy Deployment State-change Notification", loaded.getDetailType(), name);
            assertTrue(loaded.getDetail().get("deploymentId").toString().matches("d-[A-Z0-9]{9}"), name);
        }
        com.amazonaws.services.lambda.runtime.events.SNSEvent sns =
                EventLoader.loadSNSEvent("events/deployment-trigger-sns.json");
        assertEquals(1, sns.getRecords().size());
        assertEquals("aws:sns", sns.getRecords().get(0).getEventSource());
        assertTrue(sns.getRecords().get(0).getSNS().getMessage().contains("\"deploymentOverview\":\"{"),
                "a CodeDeploy trigger's deploymentOverview is a JSON string");
    }

    @Test
    void everySampleEventIsInTheDemoSequence() throws IOException {
        assertEquals(sampleEvents().map(p -> p.getFileName().toString())
                        .filter(name -> !AWAITING_A_PLACE.contains(name) || Demo.SEQUENCE.contains(name)).sorted().toList(),
                Demo.SEQUENCE.stream().sorted().toList());
    }

    @Test
    void theSandboxDemoTellsTheStory(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run(Path.of("events"), new PrintStream(bytes, true, StandardCharsets.UTF_8), dynamo,
                sandbox);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, out);
        assertTrue(out.contains("FAILED as pr/42 (source version pr/42); notified (fail_or_status_change: build "
                + "failed): DM U0JANE0001 (jane@example.com)"), out);
        assertTrue(out.contains("SUCCEEDED as pr/42 (source version pr/42); notified (fail_or_status_change: status "
                + "changed): DM U0JANE0001 (jane@example.com), DM U0BOB00002 (bob@example.com)"), out);
        assertTrue(out.contains("FAILED as branch/main (head of main on the git host); notified "
                + "(fail_or_status_change: build failed): DM U0JANE0001 (jane.doe@users.noreply.github.com), "
                + "channel #builds"), out);
        // merged with GitHub's button: the committer (GitHub) is nobody, the author found through their profile
        assertTrue(out.contains("FAILED as branch/main (head of main on the git host); notified (fail_or_status_change: "
                + "build failed): DM U0BOB00002 (9000000002+bob-stone-example@users.noreply.github.com), channel #builds"),
                out);
        assertTrue(!out.contains("about noreply@github.com"), out);
        assertTrue(out.contains("skipped widgets-ci:fd64628e-3aff-5f63-8e51-b59982518920"), out);
        assertTrue(out.contains("admin U0OPSADM03 (about carol@example.com)"), out);
        assertTrue(out.contains("build is STOPPED, not a pass or a failure"), out);
        assertTrue(out.contains("build is IN_PROGRESS, not a pass or a failure"), out);
        // the delivery chain: a push (its trigger's copy a duplicate), a pipeline-started build in its commit's
        // rollup, a failed run (Jane's DM and the channel), an approval (its SNS copy a duplicate) updated in place
        // when approved, the first success after the failure, deployments routed by application and group
        assertTrue(out.contains("push:billing/branch/main/referenceUpdated/4eb06e04c6953cfcb19cb7647f172545e5bb0074 "
                + "referenceUpdated; notified (push to #builds): channel #builds"), out);
        assertTrue(out.contains("duplicate push:billing/branch/main/referenceUpdated/"), out);
        assertTrue(out.contains("SUCCEEDED as branch/main (source action Source/Source of pipeline billing-release)"),
                out);
        assertTrue(out.contains("FAILED; notified (fail_or_status_change: run failed): DM U0JANE0001 "
                + "(jane.doe@users.noreply.github.com), channel #builds"), out);
        assertTrue(out.contains("STARTED; notified (approval waiting): channel #releases"), out);
        assertTrue(out.contains("duplicate approval:web-release/Prod/ApproveRelease/"), out);
        assertTrue(out.contains(String.join("\n",
                "  ┌─ Slack update to channel #releases (good)",
                "  │ 💚 *web-release: Prod / ApproveRelease approved by bob*",
                "  │ ┃ *Decision:* approved",
                "  │ ┃ *By:* bob",
                "  │ ┃ *Comment:* Staging checked: widget sizes validate")), out);
        assertTrue(out.contains("notified (fail_or_status_change: status changed): channel #builds"), out);
        assertTrue(out.contains("recorded deploy:d-A1B2C3D4E Succeeded; notified (deployment succeeded): channel "
                + "#deploys"), out);
        assertTrue(out.contains("recorded deploy:d-B9C8D7E6F Succeeded; notified (deployment succeeded): channel "
                + "#builds"), out);
        assertTrue(out.contains("  │ ┃ *Rollback:* rollback d-R1B2C3D4E started"), out);
        assertTrue(out.contains("Slack received 17 messages"), out);
        // every message sent is printed as Slack shows it, with where it went, admin notices included: 17 posts,
        // the update of Jane's first message about pr/42 (whose thread the pass replies in), the commit rollup's
        // update for the pipeline's build, and the approval's update
        assertEquals(20, out.lines().filter(l -> l.startsWith("  ┌─ Slack ")).count(), out);
        assertTrue(out.contains(String.join("\n",
                "  ┌─ Slack post to DM U0JANE0001 (danger)",
                "  │ 💔 *widgets-ci #41* failed · 2m 13s",
                "  │ ┃ @Jane Doe's commit c219984 (Add widget size validation)",
                "  │ ┃ in pr/42: Validate widget sizes before saving",
                "  │ ┃ BUILD phase failed: Error while executing command: ./mvnw -B verify. Reason: exit status 1",
                "  │ ┃ *3 of 120 tests failed*, 2 skipped · line coverage 81.7%")), out);
        assertTrue(out.contains(String.join("\n",
                "  │ ┃ New failure: the first build of pr/42",
                "  │ ┃ [Retry build] [View build] [View logs]",
                "  └─")), out);
        assertTrue(out.contains(String.join("\n",
                "  ┌─ Slack reply to DM U0JANE0001 (good)",
                "  │ 💚 *widgets-ci #42* passed · 2m 13s")), out);
        assertTrue(out.contains("  ┌─ Slack update to DM U0JANE0001 (good)"), out);
        assertTrue(out.contains("  │ ┃ Fixed after 1 failed build (49m 16s)"), out);
        assertTrue(out.contains("  ┌─ Slack post to channel #builds (danger)"), out);
        assertTrue(out.contains(String.join("\n",
                "  ┌─ Slack post to admin U0OPSADM03 (warning)",
                "  │ ⚠️ CodeBuild notifier: Slack user lookup by email for carol@example.com failed with error: "
                        + "users_not_found")), out);
        assertFalse(out.contains("Jane Doe's widgets-ci build #41 - failed"),
                "the text fallback is not shown: Slack shows the blocks");
        assertTrue(!out.contains("test reports of"), "every sample report is read: " + out);
    }
}
