package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sample deployment events of {@code events/} through the real handler, on the recorded fixtures, in the replay's order. */
@ExtendWith(SandboxExtension.class)
class DeploymentSamplesTest {

    private static Outcome deliver(World world, String sample) throws IOException {
        return world.deliver(Files.readString(Path.of("events", sample)));
    }

    @Test
    void theSampleDeploymentsAreToldAsTheFixturesSay(EmbeddedDynamo dynamo) throws IOException {
        // a sandbox of its own: a World sets its own Slack token, which the JVM's shared fixtures sandbox must keep
        try (Sandbox sandbox = Sandbox.start(SandboxExtension.FIXTURES)) {
            tell(World.fresh(dynamo, sandbox), sandbox);
        }
    }

    private static void tell(World world, Sandbox sandbox) throws IOException {
        world.with("CBN_CHANNEL_ROUTES", "deploy:web/prod=#builds")
                .with("CBN_ADDITIONAL_CHANNEL", "#builds");

        Outcome succeeded = deliver(world, "deployment-succeeded.json");
        assertInstanceOf(Outcome.Told.class, succeeded, succeeded.summary());
        String shown = World.attachmentText(sandbox.posts().getFirst());
        assertTrue(shown.contains("web/prod deployment d-A1B2C3D4E succeeded"), shown);
        assertTrue(shown.contains("af94f3f"), "the GitHub revision's commit: " + shown);
        assertEquals(List.of(Cast.CHANNEL), world.takePosts());

        Outcome trigger = deliver(world, "deployment-trigger-sns.json");
        assertTrue(trigger.summary().contains("recorded deploy:d-B9C8D7E6F Succeeded; notified"), trigger.summary());
        assertEquals(List.of(Cast.CHANNEL), world.takePosts(), "billing/prod: the catch-all");

        Outcome failed = deliver(world, "deployment-failed.json");
        shown = World.attachmentText(sandbox.posts().getFirst());
        assertTrue(shown.contains("HEALTH_CONSTRAINTS") && shown.contains("rollback d-R1B2C3D4E started"), shown);
        assertEquals(List.of(Cast.CHANNEL), world.takePosts(), failed.summary());

        assertInstanceOf(Outcome.Duplicate.class, deliver(world, "deployment-succeeded.json"));
        assertEquals(List.of(), world.takePosts());
    }
}
