package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No remote call outlives the invocation: when DynamoDB stops answering after a message was
 * posted, the invocation fails with a message before Lambda would stop it, instead of running
 * into Lambda's timeout on the SDK's own 20 s socket timeout and eight attempts.
 */
@ExtendWith(SandboxExtension.class)
class DeadlineTest {
    static final String SHA = "1111111111111111111111111111111111111111";
    /** What Lambda says is left when the event arrives. */
    static final int REMAINING_MS = 8_000;

    private final EmbeddedDynamo dynamo;
    private final Sandbox sandbox;
    private World world;
    private String dynamoEndpoint;

    DeadlineTest(EmbeddedDynamo dynamo, Sandbox sandbox) {
        this.dynamo = dynamo;
        this.sandbox = sandbox;
    }

    @BeforeEach
    void throughTheFaultInjector() {
        // one UpdateItem after the post: the delivery note (a rollup would add one before it)
        world = World.fresh(dynamo, sandbox).with("CBN_COMMIT_ROLLUP", "false");
        world.gitHubCommit(SHA, "Jane Doe", "jane@example.com", "Add widget counter");
        dynamoEndpoint = System.getProperty("aws.endpointUrlDynamoDb");
        System.setProperty("aws.endpointUrlDynamoDb", sandbox.awsEndpoint());
    }

    @AfterEach
    void restore() {
        System.setProperty("aws.endpointUrlDynamoDb", dynamoEndpoint);
        sandbox.clearFaults();
    }

    @Test
    void aStalledDynamoDbAfterThePostFailsTheInvocationBeforeItsDeadline() {
        String arn = world.gitHubBuild("pr/42", SHA, 1_790_000_000L, "FAILED");
        // the note that the message went out never gets an answer
        sandbox.failNext("dynamodb", "UpdateItem", 20, new Sandbox.Fault.Stall(Duration.ofSeconds(60)));
        TestLambdaContext context = new TestLambdaContext("deadline-test", REMAINING_MS);

        long start = System.nanoTime();
        TransientFailure failure = assertThrows(TransientFailure.class, () -> world.handler().handle(
                new ByteArrayInputStream(world.event(arn, "FAILED").getBytes(StandardCharsets.UTF_8)),
                context));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(elapsedMs < REMAINING_MS, "took " + elapsedMs + " ms of the " + REMAINING_MS + " ms left");
        assertTrue(failure.getMessage().contains("DynamoDB UpdateItem"), failure.getMessage());
        assertEquals(List.of(NotifierEndToEndTest.JANE), world.takePosts(), "the message went out once");
        assertEquals(1, context.logged().size(), "one log record for the failed invocation: " + context.logged());
    }

    @Test
    void noCallStartsWhenTheInvocationHasNoTimeLeft() {
        String arn = world.gitHubBuild("pr/43", SHA, 1_790_000_000L, "FAILED");

        TransientFailure failure = assertThrows(TransientFailure.class, () -> world.handler().handle(
                new ByteArrayInputStream(world.event(arn, "FAILED").getBytes(StandardCharsets.UTF_8)),
                new TestLambdaContext("deadline-test-2", 1_000)));

        assertTrue(failure.getMessage().contains("not started"), failure.getMessage());
        assertEquals(0, sandbox.count("codebuild", "BatchGetBuilds"));
        assertEquals(List.of(), world.takePosts());
    }
}
