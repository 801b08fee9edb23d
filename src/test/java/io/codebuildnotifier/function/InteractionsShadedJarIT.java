package io.codebuildnotifier.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import io.codebuildnotifier.testkit.SignedSlack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The interactions handler loaded from the shaded jar alone (no build class on its class path) verifies a signed
 * request and refuses an unsigned one: what the shade filters leave of slack-app-backend (SlackSignature) is enough.
 */
@ExtendWith(SandboxExtension.class)
class InteractionsShadedJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJarsInteractionsHandlerVerifiesRequests(EmbeddedDynamo dynamo, Sandbox sandbox) throws Exception {
        Path jar = Path.of(System.getProperty("build.dir", "target"), "codebuild-notifier.jar");
        Demo.pointTheSdkAt(sandbox, dynamo);
        sandbox.putSecret("jar/interactions", "{\"token\":\"xoxb-jar\",\"signing_secret\":\"" + SignedSlack.SECRET
                + "\"}");
        try (java.net.URLClassLoader alone = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> function = alone.loadClass("io.codebuildnotifier.function.InteractionsFunction");
            Object interactions = function.getMethod("fromEnvironment", Map.class).invoke(null, Map.of(
                    "CBN_SLACK_SECRET_NAME", "jar/interactions", "CBN_SLACK_API_URL", sandbox.slackApiUrl()));
            Object handler = alone.loadClass("io.codebuildnotifier.function.InteractionsHandler")
                    .getConstructor(function).newInstance(interactions);
            Class<?> context = alone.loadClass("com.amazonaws.services.lambda.runtime.Context");
            java.lang.reflect.Method handle = handler.getClass().getMethod("handleRequest", java.io.InputStream.class,
                    java.io.OutputStream.class, context);

            String body = SignedSlack.command("help", "1.2.3");
            Map<String, String> headers = SignedSlack.headers(SignedSlack.SECRET, Instant.now(), body,
                    SignedSlack.FORM);
            JsonNode signed = InteractionsHandlerTest.urlEvent(headers, body, true);
            JsonNode unsigned = InteractionsHandlerTest.urlEvent(SignedSlack.headers("forged", Instant.now(), body,
                    SignedSlack.FORM), body, true);
            for (Map.Entry<JsonNode, Integer> c : Map.of(signed, 200, unsigned, 401).entrySet()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handle.invoke(handler, new ByteArrayInputStream(c.getKey().toString().getBytes(StandardCharsets.UTF_8)),
                        out, null);
                JsonNode response = JSON.readTree(out.toByteArray());
                assertEquals(c.getValue(), response.path("statusCode").asInt(), response.toString());
            }
        }
    }

    @Test
    void onlySlackSignatureOfSlackAppBackendIsInTheJar() throws Exception {
        Path jar = Path.of(System.getProperty("build.dir", "target"), "codebuild-notifier.jar");
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.List<String> backend = file.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.startsWith("com/slack/api/app_backend/") && n.endsWith(".class")).toList();
            assertTrue(backend.contains("com/slack/api/app_backend/SlackSignature$Generator.class"), backend.toString());
            assertTrue(backend.stream().allMatch(n -> n.startsWith("com/slack/api/app_backend/SlackSignature")),
                    backend.toString());
        }
    }
}
