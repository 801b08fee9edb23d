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

    /**
     * The sender function's handler, loaded from the jar alone (no build class on its class path),
     * posts a queued message: what the shade filters leave is enough for the second function too.
     */
    @Test
    void theJarsSenderPostsAQueuedMessage(EmbeddedDynamo dynamo, @SandboxExtension.Fixtures Sandbox sandbox)
            throws Exception {
        Path jar = Path.of(System.getProperty("build.dir", "target"), "codebuild-notifier.jar");
        sandbox.clearRecordings();
        dynamo.createHistoryTable("sender-history");
        Demo.pointTheSdkAt(sandbox, dynamo);
        try (java.net.URLClassLoader alone = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> function = alone.loadClass("io.codebuildnotifier.function.SenderFunction");
            Object sender = function.getMethod("fromEnvironment", Map.class).invoke(null, Map.of(
                    "CBN_DYNAMO_TABLE", "sender-history", "CBN_SLACK_API_URL", sandbox.slackApiUrl()));
            Class<?> format = alone.loadClass("io.codebuildnotifier.function.LogFormat");
            Object human = format.getField("HUMAN").get(null);
            Object handler = alone.loadClass("io.codebuildnotifier.function.SenderHandler")
                    .getConstructor(function, format).newInstance(sender, human);
            // a message as the notifier queues it, written by the jar's own codec
            Class<?> key = alone.loadClass("io.codebuildnotifier.notification.NotificationKey");
            Object buildKey = key.getMethod("build", String.class).invoke(null, "widgets-ci:jar-1");
            Class<?> kind = alone.loadClass("io.codebuildnotifier.notification.Notification$Kind");
            Class<?> severity = alone.loadClass("io.codebuildnotifier.notification.Notification$Severity");
            Class<?> notificationType = alone.loadClass("io.codebuildnotifier.notification.Notification");
            Object notification = notificationType.getConstructor(key, kind, severity, String.class,
                    java.util.List.class, java.util.List.class, java.util.List.class, java.util.List.class)
                    .newInstance(buildKey, kind.getField("PERSON_NOT_FOUND").get(null),
                            severity.getField("WARNING").get(null), "from the jar", java.util.List.of(),
                            java.util.List.of(), java.util.List.of(), java.util.List.of());
            Class<?> role = alone.loadClass("io.codebuildnotifier.notification.Delivery$Role");
            Class<?> outgoing = alone.loadClass("io.codebuildnotifier.notification.Outgoing");
            Object message = outgoing.getConstructors()[0].newInstance(buildKey, "dm:U0JANE0001", "U0JANE0001",
                    role.getField("DIRECT_MESSAGE").get(null), "jane@example.com", 1L, notification);
            String body = (String) alone.loadClass("io.codebuildnotifier.adapter.aws.QueuedMessages")
                    .getMethod("encode", outgoing).invoke(null, message);
            com.fasterxml.jackson.databind.node.ObjectNode event = Json.object();
            event.putArray("Records").addObject().put("messageId", "m1").put("body", body)
                    .putObject("attributes").put("MessageGroupId", "U0JANE0001");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Class<?> context = alone.loadClass("com.amazonaws.services.lambda.runtime.Context");
            handler.getClass().getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class, context)
                    .invoke(handler, new java.io.ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)),
                            out, null);

            assertEquals("{\"batchItemFailures\":[]}", out.toString(StandardCharsets.UTF_8));
            assertEquals(java.util.List.of("U0JANE0001"),
                    sandbox.posts().stream().map(Sandbox.SlackPost::channel).toList());
        }
    }
}
