package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.testkit.SignedSlack;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Slack's POSTs as a Lambda Function URL hands them to the interactions function (payload format 2.0, the body
 * base64 as Function URLs deliver form posts), signed as Slack signs them ({@link SignedSlack#headers}): for the
 * sandbox's interactive story and the benchmark's acknowledgements.
 */
public final class FunctionUrlRequests {
    private FunctionUrlRequests() {
    }

    /** The event of a POST with these headers and body. */
    public static ObjectNode event(Map<String, String> headers, String body) {
        ObjectNode event = Json.object();
        event.put("version", "2.0").put("routeKey", "$default").put("rawPath", "/").put("rawQueryString", "");
        ObjectNode h = event.putObject("headers");
        headers.forEach((name, value) -> h.put(name.toLowerCase(Locale.ROOT), value));
        h.put("x-forwarded-proto", "https").put("host", "sandbox.lambda-url.us-east-1.on.aws");
        ObjectNode requestContext = event.putObject("requestContext");
        requestContext.put("accountId", "anonymous").put("requestId", "sandbox").put("timeEpoch",
                Instant.now().toEpochMilli());
        requestContext.putObject("http").put("method", "POST").put("path", "/").put("protocol", "HTTP/1.1")
                .put("sourceIp", "127.0.0.1").put("userAgent", "Slackbot 1.0 (+https://api.slack.com/robots)");
        event.put("body", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);
        return event;
    }

    /** The event of a form post signed with {@code secret} now. */
    public static ObjectNode signedForm(String secret, String body) {
        return event(SignedSlack.headers(secret, Instant.now(), body, SignedSlack.FORM), body);
    }
}
