package io.codebuildnotifier.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Signs a Slack request body as Slack would, now, and prints it as the Function URL event (payload format 2.0) the
 * interactions function receives, for {@code sam local invoke SlackInteractionsFunction -e}. Slack's requests are
 * refused five minutes after they were signed, so sample requests are signed when they are used:
 *
 * <pre>
 * SLACK_SIGNING_SECRET=... java -cp target/codebuild-notifier.jar io.codebuildnotifier.function.SlackRequest \
 *     events/interactions/command-help.txt &gt; /tmp/request.json
 * </pre>
 *
 * The body file holds what Slack posts: a form ({@code command=...&text=...} or {@code payload=...}) or, for the
 * Events API, JSON. The secret is read from the environment, never from the command line (shell histories keep it).
 */
public final class SlackRequest {
    static final String SECRET_VARIABLE = "SLACK_SIGNING_SECRET";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackRequest() {
    }

    public static void main(String[] args) throws IOException {
        String secret = System.getenv(SECRET_VARIABLE);
        if (args.length != 1 || secret == null || secret.isBlank()) {
            System.err.println("usage: " + SECRET_VARIABLE + "=... java -cp codebuild-notifier.jar "
                    + SlackRequest.class.getName() + " BODY_FILE > request.json");
            System.exit(2);
        }
        print(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8).strip(), secret, Clock.systemUTC(),
                System.out);
    }

    static void print(String body, String secret, Clock clock, PrintStream out) {
        out.println(event(body, secret, clock.instant().getEpochSecond()).toPrettyString());
    }

    /** The Function URL event for {@code body} signed with {@code secret} at {@code timestamp} (epoch seconds). */
    static ObjectNode event(String body, String secret, long timestamp) {
        String ts = Long.toString(timestamp);
        String signature = new com.slack.api.app_backend.SlackSignature.Generator(secret).generate(ts, body);
        String contentType = body.startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        for (Map.Entry<String, String> header : Map.of("content-type", contentType,
                "x-slack-request-timestamp", ts, "x-slack-signature", signature,
                "user-agent", "Slackbot 1.0 (+https://api.slack.com/robots)").entrySet()) {
            headers.put(header.getKey(), header.getValue());
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous").put("apiId", "sample").put("domainName", "sample.lambda-url.localhost")
                .put("requestId", "sample-" + ts).put("routeKey", "$default").put("stage", "$default")
                .put("time", "").put("timeEpoch", timestamp * 1000);
        context.putObject("http").put("method", "POST").put("path", "/").put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "Slackbot 1.0 (+https://api.slack.com/robots)");
        // as Function URLs hand over a form post
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        return event;
    }
}
