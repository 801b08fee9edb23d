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
    /** Java 21's class file version: Lambda's java21 runtime loads nothing newer. */
    static final int JAVA_21 = 65;

    @Test
    void everyClassAJava21JvmLoadsIsJava21Bytecode() throws IOException {
        Path jar = Path.of(System.getProperty("build.dir", "target"), "codebuild-notifier.jar");
        java.util.List<String> tooNew = new java.util.ArrayList<>();
        int ours = 0;
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            for (var entries = file.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                String name = entry.getName();
                java.util.regex.Matcher versioned = java.util.regex.Pattern.compile("META-INF/versions/(\\d+)/.*")
                        .matcher(name);
                if (!name.endsWith(".class") || (versioned.matches() && Integer.parseInt(versioned.group(1)) > 21)) {
                    continue; // a Java 21 JVM never loads a multi-release class for a later version
                }
                try (var in = new java.io.DataInputStream(file.getInputStream(entry))) {
                    in.readInt(); // 0xCAFEBABE
                    in.readUnsignedShort();
                    int major = in.readUnsignedShort();
                    if (major > JAVA_21) {
                        tooNew.add(name + " (" + major + ")");
                    }
                }
                ours += name.startsWith("io/codebuildnotifier/") ? 1 : 0;
            }
        }
        assertTrue(ours > 50, "the jar holds the notifier's classes");
        assertEquals(java.util.List.of(), tooNew, "classes a Java 21 JVM cannot load");
    }

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
