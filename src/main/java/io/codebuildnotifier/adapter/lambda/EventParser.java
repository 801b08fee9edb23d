package io.codebuildnotifier.adapter.lambda;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.build.BuildEvent;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an EventBridge "CodeBuild Build State Change" event, leniently: unknown fields, float
 * numbers and sparse start events are fine. Only the detail type, the build id and the status matter.
 */
final class EventParser {
    static final String DETAIL_TYPE = "CodeBuild Build State Change";
    static final String SCHEDULE_TYPE = "Scheduled Event";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonParser.Feature.ALLOW_COMMENTS, false);

    /** The event, or why it is not one the notifier can act on. */
    sealed interface Parsed {
        record Event(BuildEvent event) implements Parsed { }

        record Invalid(String reason) implements Parsed { }

        /** The reconciliation schedule fired. */
        record Schedule() implements Parsed { }
    }

    Parsed parse(InputStream input) {
        JsonNode root;
        try {
            root = JSON.readTree(input);
        } catch (IOException e) {
            return new Parsed.Invalid("the event is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Invalid("the event is not a JSON object");
        }
        String detailType = root.path("detail-type").asText("");
        if (SCHEDULE_TYPE.equals(detailType) && "aws.events".equals(root.path("source").asText(""))) {
            return new Parsed.Schedule();
        }
        if (!DETAIL_TYPE.equals(detailType)) {
            return new Parsed.Invalid("detail-type is '" + abbreviate(detailType) + "', not '" + DETAIL_TYPE + "'");
        }
        String source = root.path("source").asText("aws.codebuild");
        if (!"aws.codebuild".equals(source)) {
            return new Parsed.Invalid("source is '" + abbreviate(source) + "', not 'aws.codebuild'");
        }
        JsonNode detail = root.path("detail");
        String buildId = detail.path("build-id").asText("").trim();
        if (buildId.isEmpty()) {
            JsonNode resources = root.path("resources");
            buildId = resources.isArray() && resources.size() == 1 ? resources.get(0).asText("").trim() : "";
        }
        if (buildId.isEmpty()) {
            return new Parsed.Invalid("the event has no detail.build-id");
        }
        String status = detail.path("build-status").asText("").trim();
        if (status.isEmpty()) {
            return new Parsed.Invalid("the event for " + abbreviate(buildId) + " has no detail.build-status");
        }
        return new Parsed.Event(new BuildEvent(buildId, status));
    }

    /** Keeps log lines short whatever the event holds. */
    static String abbreviate(String value) {
        String oneLine = value.replaceAll("[\\r\\n\\t]", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
