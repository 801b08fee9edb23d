package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A call the function's role may not make is a misconfiguration for every kind of the delivery chain: the invocation
 * fails (Lambda retries it, then it lands in the failed-invocations queue and the errors alarm fires), and its log
 * record's reason names the IAM action to grant; once granted, the same event is told. The optional search for the
 * pipeline that created a deployment is the exception: denied, the deployment is still posted, without commits.
 */
@ExtendWith(SandboxExtension.class)
class AccessDeniedEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** What AWS says, which no log record repeats (it names the role's ARN). */
    static final String AWS_SAYS = "User: arn:aws:sts::123456789012:assumed-role/notifier/fn is not authorized to "
            + "perform this action";
    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    World world;

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
        DeploymentsEndToEndTest.sandbox = sharedSandbox;
        PushEndToEndTest.sandbox = sharedSandbox;
        sandbox.putSlackChannel("C0RELEASE1", "releases");
        sandbox.putSlackChannel("C0DEPLOYS1", "deploys");
        sandbox.putSlackChannel("C0WEBPROD1", "web-prod");
        sandbox.putSlackChannel("C0LEDGER01", "ledger-dev");
    }

    @BeforeEach
    void freshWorld() {
        world = World.fresh(dynamo, sandbox).logJson().with("CBN_NOTIFY_PUSHES", "true")
                .with("CBN_CHANNEL_ROUTES", "approval:web-*=#releases,pipeline:web-*=#deploys,"
                        + "deploy:web/prod=#web-prod,push:ledger*=#ledger-dev");
        world.recordedPipeline();
    }

    @AfterEach
    void noFaultsLeft() {
        sandbox.clearFaults();
    }

    private void deny(String service, String operation) {
        sandbox.failNext(service, operation, 20, Sandbox.Fault.awsError(400, "AccessDeniedException", AWS_SAYS));
    }

    @Test
    void aDeniedApprovalReadFailsTheInvocationNamingTheAction() {
        deny("codepipeline", "GetPipelineState");

        failed(() -> world.deliver(World.sample("approval-started.json")),
                "codepipeline:GetPipelineState on pipeline web-release");

        assertEquals(List.of(), world.takePosts(), "nothing is posted");
        sandbox.clearFaults();
        Outcome redriven = world.deliver(World.sample("approval-started.json"));
        assertInstanceOf(Outcome.Told.class, redriven, "once granted, the redriven event is told: "
                + redriven.summary());
        assertEquals(List.of("#releases"), world.takePosts());
    }

    @Test
    void aDeniedRunReadFailsTheInvocationNamingTheAction() {
        deny("codepipeline", "GetPipelineExecution");

        failed(() -> world.deliver(World.sample("pipeline-failed.json")),
                "codepipeline:GetPipelineExecution on pipeline web-release");

        assertEquals(List.of(), world.takePosts(), "nothing is posted");
        sandbox.clearFaults();
        Outcome redriven = world.deliver(World.sample("pipeline-failed.json"));
        assertInstanceOf(Outcome.Told.class, redriven, redriven.summary());
        assertTrue(world.takePosts().contains("#deploys"), "posted once granted");
    }

    @Test
    void aDeniedDeploymentReadFailsTheInvocationNamingTheActionAndTheStackParameter() {
        DeploymentsEndToEndTest.deployment("d-DENIED001", "prod", "Succeeded", 0, null);
        deny("codedeploy", "GetDeployment");

        JsonNode record = failed(() -> world.deliver(DeploymentsEndToEndTest.event("d-DENIED001", "prod", "SUCCESS")),
                "codedeploy:GetDeployment");

        assertTrue(record.get("reason").asText().contains("NotifyDeployments=true"), record.toString());
        assertEquals(List.of(), world.takePosts(), "nothing is posted");
        sandbox.clearFaults();
        Outcome redriven = world.deliver(DeploymentsEndToEndTest.event("d-DENIED001", "prod", "SUCCESS"));
        assertInstanceOf(Outcome.Told.class, redriven, redriven.summary());
        assertEquals(List.of("#web-prod"), world.takePosts());
    }

    @Test
    void aDeniedPushReadFailsTheInvocationNamingTheActionAndTheRepository() {
        PushEndToEndTest.history("ledger", 3);
        PushEndToEndTest.differences("ledger", PushEndToEndTest.sha("ledger", 2), PushEndToEndTest.sha("ledger", 3), 2);
        String push = PushEndToEndTest.eventBridge("ledger", "referenceUpdated", "branch", "main",
                PushEndToEndTest.sha("ledger", 3), PushEndToEndTest.sha("ledger", 2));
        deny("codecommit", "GetCommit");

        JsonNode record = failed(() -> world.deliver(push), "codecommit:GetCommit");

        assertTrue(record.get("reason").asText().contains("repository ledger"), record.toString());
        assertEquals(List.of(), world.takePosts(), "nothing is posted");
        sandbox.clearFaults();
        Outcome redriven = world.deliver(push);
        assertInstanceOf(Outcome.Told.class, redriven, redriven.summary());
        assertEquals(List.of("#ledger-dev"), world.takePosts());
    }

    @Test
    void aDeniedPipelineSearchStillPostsTheDeploymentWithoutItsCommits() {
        for (String operation : List.of("ListPipelines", "ListActionExecutions")) {
            freshWorld();
            String id = operation.equals("ListPipelines") ? "d-DENIED002" : "d-DENIED003";
            DeploymentsEndToEndTest.deployment(id, "prod", "Succeeded", 0, null);
            deny("codepipeline", operation);

            Logged logged = logged(() -> world.deliver(DeploymentsEndToEndTest.event(id, "prod", "SUCCESS")));
            sandbox.clearFaults();

            assertInstanceOf(Outcome.Told.class, logged.outcome(), operation + ": " + logged.outcome().summary());
            List<Sandbox.SlackPost> posts = sandbox.posts();
            assertEquals(1, posts.size(), operation + ": " + posts);
            String shown = World.attachmentText(posts.getFirst());
            assertTrue(shown.contains("web/prod deployment " + id + " succeeded"), shown);
            Outcome.Told told = (Outcome.Told) logged.outcome();
            assertEquals(List.of(), told.notification().orElseThrow().changes().commits(), "no pipeline, no commits");
            assertEquals(List.of("#web-prod"), world.takePosts(), operation);
            assertFalse(logged.printed().contains(AWS_SAYS), "AWS's words are not logged: " + logged.printed());
        }
    }

    // ------------------------------------------------------------------ the log record

    private record Logged(Outcome outcome, Throwable thrown, String printed) {
    }

    private static Logged logged(Supplier<Outcome> action) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Outcome outcome = null;
        Throwable thrown = null;
        try {
            outcome = action.get();
        } catch (RuntimeException e) {
            thrown = e;
        } finally {
            System.setOut(stdout);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        stdout.print(printed);
        return new Logged(outcome, thrown, printed);
    }

    /** The invocation failed with a misconfiguration; its one failed record, whose reason names {@code action}. */
    private static JsonNode failed(Supplier<Outcome> action, String iamAction) {
        Logged logged = logged(action);
        assertInstanceOf(MisconfigurationFailure.class, logged.thrown(), "the invocation fails: " + logged);
        List<JsonNode> records = logged.printed().lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(r -> r.has("outcome")).toList();
        assertEquals(1, records.size(), logged.printed());
        JsonNode record = records.getFirst();
        assertEquals("failed", record.get("outcome").asText(), record.toString());
        assertEquals("ERROR", record.get("level").asText(), record.toString());
        assertEquals("MisconfigurationFailure", record.get("error").asText(), record.toString());
        String reason = record.get("reason").asText();
        assertTrue(reason.contains("the function's role needs " + iamAction), reason);
        assertFalse(logged.printed().contains(AWS_SAYS), "AWS's words (the role's ARN) are not logged: " + reason);
        return record;
    }
}
