package io.codebuildnotifier.function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.sources.build.BuildEvent;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an event into what it carries: a "CodeBuild Build State Change" event, read leniently: unknown fields, float
 * numbers and sparse start events are fine. Only the detail type, the build id and the status matter. The delivery
 * chain's events (CodePipeline, CodeDeploy, CodeCommit, and the SNS records of approvals and triggers) are read by
 * {@link ChainEvents}.
 */
final class EventParser {
    static final String DETAIL_TYPE = "CodeBuild Build State Change";
    static final String SCHEDULE_TYPE = "Scheduled Event";
    /** {@code arn:PARTITION:codebuild:REGION:ACCOUNT:build/PROJECT:UUID}; project names are 2 to 255 characters. */
    static final java.util.regex.Pattern BUILD_ARN = java.util.regex.Pattern.compile(
            "arn:aws[a-z-]*:codebuild:[a-z0-9-]{1,30}:\\d{12}:build/[A-Za-z0-9][A-Za-z0-9_-]{1,254}:[0-9a-fA-F-]{36}");
    static final java.util.regex.Pattern BUILD_ID = java.util.regex.Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9_-]{1,254}:[0-9a-fA-F-]{36}");

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(JsonParser.Feature.ALLOW_COMMENTS, false);

    Envelope parse(InputStream input) {
        JsonNode root;
        try {
            root = JSON.readTree(input);
        } catch (IOException e) {
            return new Envelope.Invalid("the event is not JSON");
        }
        if (root == null || !root.isObject()) {
            return new Envelope.Invalid("the event is not a JSON object");
        }
        if (root.path("Records").isArray() && !root.has("detail-type")) {
            return ChainEvents.fromRecords(root.path("Records"));
        }
        String detailType = root.path("detail-type").asText("");
        if (ChainEvents.DETAIL_TYPES.contains(detailType)) {
            return ChainEvents.fromEventBridge(root, detailType);
        }
        if (SCHEDULE_TYPE.equals(detailType) && "aws.events".equals(root.path("source").asText(""))) {
            return new Envelope.Schedule();
        }
        if (!DETAIL_TYPE.equals(detailType)) {
            return new Envelope.Invalid("the event's detail-type is not '" + DETAIL_TYPE + "'");
        }
        String source = root.path("source").asText("aws.codebuild");
        if (!"aws.codebuild".equals(source)) {
            return new Envelope.Invalid("the event's source is not 'aws.codebuild'");
        }
        JsonNode detail = root.path("detail");
        String buildId = detail.path("build-id").asText("").trim();
        if (buildId.isEmpty()) {
            JsonNode resources = root.path("resources");
            buildId = resources.isArray() && resources.size() == 1 ? resources.get(0).asText("").trim() : "";
        }
        if (buildId.isEmpty()) {
            return new Envelope.Invalid("the event has no detail.build-id");
        }
        if (!BUILD_ARN.matcher(buildId).matches() && !BUILD_ID.matcher(buildId).matches()) {
            return new Envelope.Invalid("detail.build-id is not a CodeBuild build ARN or PROJECT:UUID ("
                    + abbreviate(buildId.length() > 60 ? buildId.substring(0, 60) : buildId) + ")");
        }
        String status = detail.path("build-status").asText("").trim();
        if (status.isEmpty()) {
            return new Envelope.Invalid("the event for " + abbreviate(buildId) + " has no detail.build-status");
        }
        JsonNode info = detail.path("additional-information");
        BuildEvent.Source built = new BuildEvent.Source(text(info.path("source").path("type")),
                text(info.path("source").path("location")), text(info.path("source-version")));
        return new Envelope.BuildStateChange(new BuildEvent(buildId, status, built));
    }

    /** A short text value, or empty: nothing longer than a repository URL or a version is kept. */
    private static String text(JsonNode node) {
        String value = node.isTextual() ? node.asText().trim() : "";
        return value.length() > 2048 || value.chars().anyMatch(Character::isISOControl) ? "" : value;
    }

    /** Keeps log lines short and on one line whatever the event holds. */
    static String abbreviate(String value) {
        return LogText.abbreviate(value, 200);
    }
}
