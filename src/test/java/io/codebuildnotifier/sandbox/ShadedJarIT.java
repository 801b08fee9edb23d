package io.codebuildnotifier.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shaded jar, alone on the classpath as in Lambda, handles real events end to end: it is
 * what the shade filters leave that runs, not the build's classes.
 */
@ExtendWith(SandboxExtension.class)
class ShadedJarIT {

    @Test
    void theJarReplaysEventsAgainstTheSandbox(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox)
            throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("build.dir", "target"), "codebuild-notifier.jar");
        sandbox.clearRecordings();
        dynamo.createHistoryTable("codebuild-history");
        ProcessBuilder java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(),
                "events/pr-failed.json", "events/codecommit-build.json", "events/push-feature.json")
                .redirectErrorStream(true);
        Map<String, String> env = java.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("CBN_"));
        env.put("AWS_REGION", Sandbox.REGION);
        env.put("AWS_ACCESS_KEY_ID", EmbeddedDynamo.ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", EmbeddedDynamo.SECRET_ACCESS_KEY);
        env.put("AWS_ENDPOINT_URL", sandbox.awsEndpoint());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint());
        env.put("CBN_SLACK_API_URL", sandbox.slackApiUrl());
        env.put("CBN_GITHUB_API_URL", sandbox.githubApiUrl());
        env.put("CBN_SLACK_ADMIN_USERNAMES", "ops-admin");
        Process process = java.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("FAILED as pr/42 (source version pr/42); notified"), out);
        assertTrue(out.contains("admin U0OPSADM03 (about carol@example.com)"), out);
        assertTrue(out.contains("skipped widgets-ci:fd64628e"), out);
        assertEquals(2, sandbox.posts().size(), out);
    }
}
