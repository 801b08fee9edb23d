package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.deploy.Deployments;
import io.codebuildnotifier.sources.deploy.Deployments.Deployment;
import io.codebuildnotifier.testkit.DeploymentsContract;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentResponse;

/** The CodeDeploy adapter through the real SDK against the sandbox's CodeDeploy: the contract, failures, fixtures. */
class CodeDeployDeploymentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RECORDED = Path.of("events", "sandbox", "codedeploy", "deployments");
    private static Sandbox sandbox;
    private static CodeDeployClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = CodeDeployClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    @AfterEach
    void noFaultsLeft() {
        sandbox.clearFaults();
    }

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    /** A deployment as GetDeployment's {@code deploymentInfo} carries it (times in epoch seconds). */
    static ObjectNode wire(Deployment d) {
        ObjectNode info = JSON.createObjectNode().put("deploymentId", d.id()).put("applicationName", d.application())
                .put("deploymentGroupName", d.group()).put("status", d.status()).put("creator", d.creator())
                .put("deploymentConfigName", "CodeDeployDefault.OneAtATime").put("computePlatform", "Server");
        if (d.createTime() != null) {
            info.put("createTime", d.createTime().getEpochSecond());
        }
        if (d.startTime() != null) {
            info.put("startTime", d.startTime().getEpochSecond());
        }
        if (d.completeTime() != null) {
            info.put("completeTime", d.completeTime().getEpochSecond());
        }
        if (!d.errorCode().isEmpty() || !d.errorMessage().isEmpty()) {
            info.putObject("errorInformation").put("code", d.errorCode()).put("message", d.errorMessage());
        }
        Deployments.Overview o = d.overview();
        info.putObject("deploymentOverview").put("Pending", o.pending()).put("InProgress", o.inProgress())
                .put("Succeeded", o.succeeded()).put("Failed", o.failed()).put("Skipped", o.skipped())
                .put("Ready", o.ready());
        Deployments.Rollback r = d.rollback();
        if (!r.equals(Deployments.Rollback.NONE)) {
            ObjectNode rollback = info.putObject("rollbackInfo");
            if (!r.rollbackDeploymentId().isEmpty()) {
                rollback.put("rollbackDeploymentId", r.rollbackDeploymentId());
            }
            if (!r.rollbackTriggeringDeploymentId().isEmpty()) {
                rollback.put("rollbackTriggeringDeploymentId", r.rollbackTriggeringDeploymentId());
            }
            if (!r.rollbackMessage().isEmpty()) {
                rollback.put("rollbackMessage", r.rollbackMessage());
            }
        }
        ObjectNode revision = info.putObject("revision").put("revisionType", d.revisionType());
        d.gitHub().ifPresentOrElse(g -> revision.putObject("gitHubLocation").put("repository", g.repository())
                .put("commitId", g.commitId()), () -> revision.putObject("s3Location")
                .put("bucket", "codepipeline-us-east-1-123456789012").put("key", "web-release/BuildOutpu/Xyz12Ab")
                .put("bundleType", "zip"));
        return info;
    }

    @Nested
    class Contract extends DeploymentsContract {
        @Override
        protected Deployments holding(Deployment... deployments) {
            for (Deployment d : deployments) {
                sandbox.putDeployment(wire(d));
            }
            return new CodeDeployDeployments(client);
        }
    }

    @Test
    void throttlingAndOutagesAreTransient() {
        sandbox.putDeployment(wire(new Deployment("d-THROTTLE1", "web", "prod", "Succeeded", null, null, null, "user",
                "", "", null, null, "S3", java.util.Optional.empty())));
        CodeDeployDeployments deployments = new CodeDeployDeployments(client);
        sandbox.failNext("codedeploy", "GetDeployment", 10, Sandbox.Fault.awsError(400, "ThrottlingException",
                "Rate exceeded"));
        assertThrows(TransientFailure.class, () -> deployments.find("d-THROTTLE1", deadline()));
        sandbox.clearFaults();
        sandbox.failNext("codedeploy", "GetDeployment", 10, Sandbox.Fault.status(503));
        assertThrows(TransientFailure.class, () -> deployments.find("d-THROTTLE1", deadline()));
        sandbox.clearFaults();
        assertEquals("web", deployments.find("d-THROTTLE1", deadline()).orElseThrow().application());
    }

    @Test
    void accessDeniedIsAMisconfigurationNamingThePermission() {
        sandbox.failNext("codedeploy", "GetDeployment", 10, Sandbox.Fault.awsError(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/notifier is not authorized to perform: "
                        + "codedeploy:GetDeployment"));
        MisconfigurationFailure e = assertThrows(MisconfigurationFailure.class,
                () -> new CodeDeployDeployments(client).find("d-DENIED001", deadline()));
        assertTrue(e.getMessage().contains("codedeploy:GetDeployment"), e.getMessage());
        assertTrue(e.getMessage().contains("NotifyDeployments=true"), e.getMessage());
    }

    @Test
    void theRecordedDeploymentsAreGetDeploymentResponsesTheSdkReads() throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(RECORDED)) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "recorded: " + files);
        try (Sandbox recorded = Sandbox.start(Path.of("events", "sandbox"));
             CodeDeployClient local = CodeDeployClient.builder().endpointOverride(URI.create(recorded.awsEndpoint()))
                     .region(Region.of(Sandbox.REGION))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            for (Path file : files) {
                JsonNode response = JSON.readTree(file.toFile());
                assertModelled(response, GetDeploymentResponse.builder().sdkFields(), file.toString());
                String id = response.path("deploymentInfo").path("deploymentId").asText();
                assertEquals(file.getFileName().toString(), id + ".json");
                Deployment read = new CodeDeployDeployments(local).find(id, deadline()).orElseThrow();
                assertEquals(id, read.id());
                assertNotNull(read.createTime(), file.toString());
                assertNotNull(read.completeTime(), file.toString());
            }
        }
    }

    /** Every member of the JSON is one the SDK's model has (a misspelt fixture field would be read as nothing). */
    static void assertModelled(JsonNode json, List<SdkField<?>> fields, String where) {
        Map<String, SdkField<?>> byName = new java.util.HashMap<>();
        fields.forEach(f -> byName.put(f.locationName(), f));
        json.properties().forEach(member -> {
            SdkField<?> field = byName.get(member.getKey());
            assertNotNull(field, where + "." + member.getKey() + " is not in the SDK model");
            if (field.marshallingType() == MarshallingType.SDK_POJO) {
                assertModelled(member.getValue(), field.constructor().get().sdkFields(), where + "." + member.getKey());
            } else if (field.marshallingType() == MarshallingType.LIST) {
                SdkField<?> item = field.getTrait(ListTrait.class).memberFieldInfo();
                member.getValue().forEach(v -> {
                    if (item.marshallingType() == MarshallingType.SDK_POJO) {
                        assertModelled(v, item.constructor().get().sdkFields(), where + "." + member.getKey() + "[]");
                    }
                });
            }
        });
    }
}
