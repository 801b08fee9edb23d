package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.Builds;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;

/** The CodeBuild adapter through the real SDK against the sandbox's CodeBuild. */
class CodeBuildBuildsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();
    private static Sandbox sandbox;
    private static CodeBuildClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = CodeBuildClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        build("widgets-ci", NOW.minus(Duration.ofMinutes(20)));
        build("gadgets-ci", NOW.minus(Duration.ofMinutes(25)));
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    private static void build(String project, Instant end) {
        String id = project + ":" + UUID.randomUUID();
        ObjectNode build = JSON.createObjectNode().put("id", id)
                .put("arn", "arn:aws:codebuild:" + Sandbox.REGION + ":123456789012:build/" + id)
                .put("projectName", project).put("buildStatus", "FAILED")
                .put("startTime", end.minus(Duration.ofMinutes(5)).getEpochSecond())
                .put("endTime", end.getEpochSecond())
                .put("resolvedSourceVersion", "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39");
        sandbox.putBuild(build);
    }

    private static Builds.Finished finished(List<String> projects) {
        Deadline deadline = Deadline.in(Duration.ofMinutes(1));
        return new CodeBuildBuilds(client, projects).finishedBetween(NOW.minus(Duration.ofHours(1)),
                NOW.minus(Duration.ofMinutes(3)), deadline.at(), deadline);
    }

    @Test
    void aMisspeltProjectIsNamedAndTheOthersAreStillListed() {
        Builds.Finished finished = finished(List.of("widgets-ci", "wigdets-ci", "gadgets-ci"));
        assertEquals(List.of("wigdets-ci"), finished.unknownProjects());
        assertEquals(List.of("widgets-ci", "gadgets-ci"), finished.builds().stream().map(Build::projectCode).toList());
    }

    @Test
    void everyProjectIsListedWhenNoneIsNamed() {
        Builds.Finished finished = finished(List.of());
        assertEquals(List.of(), finished.unknownProjects());
        assertEquals(2, finished.builds().size());
    }

    @Test
    void noCallStartsThatCannotFinishBeforeTheDeadline() {
        Deadline almostOver = Deadline.in(Duration.ofMillis(500));
        long before = sandbox.count("codebuild", "BatchGetBuilds");
        TransientFailure failure = assertThrows(TransientFailure.class,
                () -> new CodeBuildBuilds(client, List.of()).find("widgets-ci:" + UUID.randomUUID(), almostOver));
        assertTrue(failure.getMessage().contains("not started"), failure.getMessage());
        assertEquals(before, sandbox.count("codebuild", "BatchGetBuilds"));
    }

    /** A build CodePipeline started: its initiator names the pipeline, its source has a type and no location. */
    @Test
    void aPipelineStartedBuildKeepsItsInitiatorAndSourceType() {
        String id = "billing-release:" + UUID.randomUUID();
        ObjectNode build = JSON.createObjectNode().put("id", id)
                .put("arn", "arn:aws:codebuild:" + Sandbox.REGION + ":123456789012:build/" + id)
                .put("projectName", "billing-release").put("buildStatus", "SUCCEEDED")
                .put("startTime", NOW.minus(Duration.ofMinutes(5)).getEpochSecond())
                .put("endTime", NOW.getEpochSecond())
                .put("sourceVersion", "arn:aws:s3:::codepipeline-us-east-1-123456789012/billing-release/SourceArti/k3Xq9Zb")
                .put("resolvedSourceVersion", "4eb06e04c6953cfcb19cb7647f172545e5bb0074")
                .put("initiator", "codepipeline/billing-release");
        build.putObject("source").put("type", "CODEPIPELINE").put("buildspec", "buildspec.yml");
        sandbox.putBuild(build);

        Build found = new CodeBuildBuilds(client, List.of()).find(id, Deadline.in(Duration.ofMinutes(1))).orElseThrow();

        assertEquals("codepipeline/billing-release", found.initiator());
        assertEquals("CODEPIPELINE", found.sourceType());
        assertEquals("", found.sourceLocation());
        assertEquals("4eb06e04c6953cfcb19cb7647f172545e5bb0074", found.commit());
    }
}
