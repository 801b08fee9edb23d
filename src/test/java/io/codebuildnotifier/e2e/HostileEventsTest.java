package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile event envelopes: not JSON, truncated, oversized, nested, of the wrong types, with
 * fields missing, duplicated, forged or holding mrkdwn and token-like values. An invalid event gets
 * an outcome that is not "recorded", no message and no history.
 */
class HostileEventsTest extends HostileInput {

    @Override
    List<Case> corpus() {
        return cases();
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // not an event at all
        cases.add(invalid("not JSON", w -> "{not json"));
        cases.add(invalid("empty body", w -> ""));
        cases.add(invalid("only whitespace", w -> " \n\t "));
        cases.add(invalid("the JSON literal null", w -> "null"));
        cases.add(invalid("a JSON array holding a valid event", w -> "[" + World.event(build(w), "FAILED") + "]"));
        cases.add(invalid("a JSON string", w -> "\"CodeBuild Build State Change\""));
        cases.add(invalid("a JSON number", w -> "42"));
        cases.add(invalid("a valid event truncated halfway", w -> {
            String event = World.event(build(w), "FAILED");
            return event.substring(0, event.length() / 2);
        }));
        cases.add(invalid("nested 10,000 levels deep", w -> event(build(w), "FAILED", e ->
                detail(e).putRawValue("nested", new com.fasterxml.jackson.databind.util.RawValue(
                        "[".repeat(10_000) + "]".repeat(10_000))))));
        cases.add(invalid("build-status a 5 MB string", w -> event(build(w), "F".repeat(5_000_000), e -> { })));
        cases.add(odd("a 5 MB string in an unknown field of a valid event", w -> event(build(w), "FAILED",
                e -> detail(e).put("blob", "<!channel> ".repeat(500_000)))));
        // detail
        cases.add(invalid("detail missing (resources too)", w -> event(build(w), "FAILED", e -> {
            e.remove("detail");
            e.remove("resources");
        })));
        cases.add(invalid("detail empty", w -> event(build(w), "FAILED", e -> e.putObject("detail"))));
        cases.add(invalid("detail null", w -> event(build(w), "FAILED", e -> e.putNull("detail"))));
        cases.add(invalid("detail a number", w -> event(build(w), "FAILED", e -> e.put("detail", 7))));
        cases.add(invalid("detail a string holding the detail's JSON", w -> event(build(w), "FAILED",
                e -> e.put("detail", e.get("detail").toString()))));
        // build-id
        cases.add(invalid("build-id missing, no resources", w -> event(build(w), "FAILED", e -> {
            detail(e).remove("build-id");
            e.remove("resources");
        })));
        cases.add(invalid("build-id empty, resources empty", w -> event(build(w), "FAILED", e -> {
            detail(e).put("build-id", "");
            e.putArray("resources");
        })));
        cases.add(invalid("build-id a number, no resources", w -> event(build(w), "FAILED", e -> {
            detail(e).put("build-id", 12345);
            e.remove("resources");
        })));
        cases.add(invalid("build-id an array holding the ARN, no resources", w -> event(build(w), "FAILED", e -> {
            String arn = detail(e).get("build-id").asText();
            detail(e).putArray("build-id").add(arn);
            e.remove("resources");
        })));
        cases.add(invalid("build-id with newlines and a forged log line", w -> event(build(w), "FAILED", e ->
                detail(e).put("build-id", detail(e).get("build-id").asText()
                        + "\ncodebuild-notifier: recorded widgets-ci:forged SUCCEEDED\n"))));
        cases.add(invalid("build-id holding <!channel>", w -> event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:<!channel>", "FAILED", e -> { })));
        cases.add(invalid("build-id 100 KB long", w -> event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:" + "9".repeat(100_000), "FAILED",
                e -> { })));
        cases.add(invalid("build-id not an ARN", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", "hello world"))));
        cases.add(invalid("build-id with a NUL character", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", detail(e).get("build-id").asText() + "\u0000x"))));
        cases.add(odd("build-id a bare PROJECT:UUID instead of an ARN", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", detail(e).get("build-id").asText().replaceFirst(".*:build/", "")))));
        cases.add(odd("build-id padded with spaces and a tab", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", "  " + detail(e).get("build-id").asText() + "\t "))));
        cases.add(odd("build-id missing but resources holds the ARN", w -> event(build(w), "FAILED",
                e -> detail(e).remove("build-id"))));
        cases.add(invalid("resources holds two ARNs and there is no build-id", w -> event(build(w), "FAILED", e -> {
            detail(e).remove("build-id");
            ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("resources")).add(build(w));
        })));
        // build-status
        cases.add(invalid("build-status unknown (SUPERSEDED)", w -> World.event(build(w), "SUPERSEDED")));
        cases.add(odd("build-status lowercase 'failed'", w -> World.event(build(w), "failed")));
        cases.add(invalid("build-status a number", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-status", 3))));
        cases.add(invalid("build-status missing", w -> event(build(w), "FAILED",
                e -> detail(e).remove("build-status"))));
        cases.add(invalid("IN_PROGRESS", w -> World.event(build(w, "IN_PROGRESS"), "IN_PROGRESS")));
        cases.add(invalid("STOPPED", w -> World.event(build(w, "STOPPED"), "STOPPED")));
        // envelope
        cases.add(invalid("wrong detail-type", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "EC2 Instance State-change Notification"))));
        cases.add(invalid("detail-type missing", w -> event(build(w), "FAILED", e -> e.remove("detail-type"))));
        cases.add(invalid("wrong source", w -> event(build(w), "FAILED", e -> e.put("source", "aws.evil"))));
        cases.add(invalid("'Scheduled Event' from a source other than aws.events", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "Scheduled Event").put("source", "evil.scheduler"))));
        cases.add(invalid("a token-like value in detail-type", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "CodeBuild " + PLANTED))));
        cases.add(invalid("a token-like value in source", w -> event(build(w), "FAILED",
                e -> e.put("source", PLANTED))));
        cases.add(invalid("a token-like value in build-status", w -> World.event(build(w), PLANTED)));
        String codeBuildType = "\"detail-type\":\"CodeBuild Build State Change\"";
        String failed = "\"build-status\":\"FAILED\"";
        cases.add(invalid("duplicate keys: the last detail-type is not CodeBuild's",
                w -> World.event(build(w), "FAILED").replace(codeBuildType,
                        codeBuildType + ",\"detail-type\":\"EC2 Instance State-change Notification\"")));
        cases.add(odd("duplicate keys: build-status FAILED then IN_PROGRESS",
                w -> World.event(build(w), "FAILED").replace(failed, failed + ",\"build-status\":\"IN_PROGRESS\"")));
        cases.add(odd("a UTF-8 byte order mark before a valid event", w -> "\uFEFF" + World.event(build(w), "FAILED")));
        cases.add(invalid("a byte order mark before garbage", w -> "\uFEFF\uFEFF{"));
        cases.add(new Case(Category.EVENTS, "invalid UTF-8 bytes in build-status", Expect.NO_MESSAGE, w -> {
            byte[] event = World.event(build(w), "FAI@@LED").getBytes(StandardCharsets.UTF_8);
            String text = new String(event, StandardCharsets.ISO_8859_1).replace("@@", "\u00C3\u0028");
            return w.deliver(text.getBytes(StandardCharsets.ISO_8859_1));
        }, nothing()));
        cases.add(new Case(Category.EVENTS, "a lone 0xFF byte before a valid event", Expect.NO_MESSAGE, w -> {
            byte[] event = World.event(build(w), "FAILED").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[event.length + 1];
            bytes[0] = (byte) 0xFF;
            System.arraycopy(event, 0, bytes, 1, event.length);
            return w.deliver(bytes);
        }, nothing()));
        cases.add(odd("unknown fields everywhere", w -> event(build(w), "FAILED", e -> {
            e.put("<!channel>", "<@U0BOB00002>").putObject("extra").put("x", 1).putArray("y").add("<!here>");
            detail(e).put("surprise", true).putObject("nested").put("<#C0BUILDS01>", "&amp;");
            ((ObjectNode) detail(e).get("additional-information")).put("hostile", "<https://evil|click>")
                    .putArray("phases").addObject().put("phase-type", "<!channel>");
        })));
        cases.add(odd("floats and strings where ints are expected", w -> event(build(w), "FAILED", e -> {
            e.put("version", 0.0).put("account", 123456789012L);
            detail(e).put("version", 1.5);
            ((ObjectNode) detail(e).get("additional-information")).put("build-number", 55.0)
                    .put("timeout-in-minutes", "sixty");
        })));
        cases.add(odd("current-phase-context a hostile string", w -> event(build(w), "FAILED",
                e -> detail(e).put("current-phase-context", "[: <!channel> " + PLANTED + "]"))));
        cases.add(odd("current-phase-context an object", w -> event(build(w), "FAILED",
                e -> detail(e).putObject("current-phase-context").put("message", "<!channel>"))));
        cases.add(odd("time, region and account of the wrong types", w -> event(build(w), "FAILED", e -> {
            e.put("time", 12);
            e.putObject("region");
            e.putArray("account");
        })));
        return cases;
    }
}
