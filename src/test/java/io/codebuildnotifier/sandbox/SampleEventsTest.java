package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void isAnEventBridgeCodeBuildEvent(Path event) {
        ScheduledEvent loaded = EventLoader.loadScheduledEvent(event.toString());
        assertEquals("aws.codebuild", loaded.getSource());
        assertEquals("CodeBuild Build State Change", loaded.getDetailType());
        assertEquals(List.of(loaded.getDetail().get("build-id")), loaded.getResources());
    }

    @Test
    void everySampleEventIsInTheDemoSequence() throws IOException {
        assertEquals(sampleEvents().map(p -> p.getFileName().toString()).sorted().toList(),
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
        assertTrue(out.contains("Slack received 9 messages"), out);
        assertTrue(!out.contains("test reports of"), "every sample report is read: " + out);
    }
}
