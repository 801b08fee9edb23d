package io.codebuildnotifier.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.sources.deploy.DeploymentEvent;
import io.codebuildnotifier.sources.pipeline.ApprovalEvent;
import io.codebuildnotifier.sources.pipeline.PipelineRunEvent;
import io.codebuildnotifier.sources.push.PushEvent;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the delivery chain's events, through either door: EventBridge (CodePipeline, CodeDeploy and
 * CodeCommit state changes) and the records SNS or a CodeCommit trigger hands to Lambda (a manual
 * approval's notification, a CodeDeploy trigger, a CodeCommit trigger). Every field is optional and
 * unknown ones are ignored; names are checked against what the services allow, so nothing odd reaches
 * a key or a log line.
 */
final class ChainEvents {
    static final String PIPELINE_EXECUTION = "CodePipeline Pipeline Execution State Change";
    static final String ACTION_EXECUTION = "CodePipeline Action Execution State Change";
    static final String DEPLOYMENT = "CodeDeploy Deployment State-change Notification";
    static final String REPOSITORY = "CodeCommit Repository State Change";
    static final Set<String> DETAIL_TYPES = Set.of(PIPELINE_EXECUTION, ACTION_EXECUTION, DEPLOYMENT, REPOSITORY);
    /** The service whose events carry each detail type ({@code source}). */
    private static final java.util.Map<String, String> SOURCES = java.util.Map.of(PIPELINE_EXECUTION, "aws.codepipeline",
            ACTION_EXECUTION, "aws.codepipeline", DEPLOYMENT, "aws.codedeploy", REPOSITORY, "aws.codecommit");

    /** Pipeline, stage and action names: {@code [A-Za-z0-9.@\-_]+}, at most 100 characters. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");
    static final Pattern EXECUTION_ID = Pattern.compile("[0-9a-fA-F-]{36}");
    static final Pattern DEPLOYMENT_ID = Pattern.compile("d-[A-Z0-9]{9}");
    /** CodeDeploy application and group names: 1 to 100 characters, no control characters. */
    static final Pattern DEPLOY_NAME = Pattern.compile("[\\p{Graph} ]{1,100}");
    /** CodeCommit repository names. */
    static final Pattern REPOSITORY_NAME = Pattern.compile("[\\w.-]{1,100}");
    static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainEvents() {
    }

    /** An EventBridge envelope with one of {@link #DETAIL_TYPES}. */
    static Envelope fromEventBridge(JsonNode root, String detailType) {
        // as for builds: a source that is missing is taken as the service's own, another one is not its event
        if (!root.path("source").asText(SOURCES.get(detailType)).equals(SOURCES.get(detailType))) {
            return new Envelope.Invalid("the event's source is not '" + SOURCES.get(detailType) + "'");
        }
        JsonNode detail = root.path("detail");
        if (!detail.isObject()) {
            return new Envelope.Invalid("the event's detail is not an object");
        }
        // a region names a console's host in links: anything but a region's name is not taken
        String region = region(text(detail.path("region")));
        if (region.isEmpty()) {
            region = region(text(root.path("region")));
        }
        String account = account(text(root.path("account")));
        Instant time = instant(text(root.path("time")));
        return switch (detailType) {
            case PIPELINE_EXECUTION -> pipelineRun(detail, time, region, account);
            case ACTION_EXECUTION -> approval(detail, time, region, account);
            case DEPLOYMENT -> deployment(detail, time, region, account);
            case REPOSITORY -> push(detail, time, region, account);
            default -> new Envelope.Invalid("the event's detail-type is not one the notifier reads");
        };
    }

    private static Envelope pipelineRun(JsonNode detail, Instant time, String region, String account) {
        String pipeline = text(detail.path("pipeline"));
        String execution = text(detail.path("execution-id"));
        if (!NAME.matcher(pipeline).matches()) {
            return new Envelope.Invalid("the pipeline execution event has no valid detail.pipeline");
        }
        if (!EXECUTION_ID.matcher(execution).matches()) {
            return new Envelope.Invalid("the pipeline execution event for " + pipeline + " has no valid detail.execution-id");
        }
        JsonNode trigger = detail.path("execution-trigger");
        return new Envelope.PipelineRun(new PipelineRunEvent(pipeline, execution, word(detail.path("state")),
                short_(trigger.path("trigger-type")), short_(trigger.path("trigger-detail")), time, region, account));
    }

    private static Envelope approval(JsonNode detail, Instant time, String region, String account) {
        JsonNode type = detail.path("type");
        if (!"Approval".equals(text(type.path("category")))) {
            String category = word(type.path("category"));
            return new Envelope.Invalid("the action execution event is not a manual approval ("
                    + (category.isEmpty() ? "no category" : "category " + category) + ")");
        }
        String pipeline = text(detail.path("pipeline"));
        String stage = text(detail.path("stage"));
        String action = text(detail.path("action"));
        String execution = text(detail.path("execution-id"));
        if (!NAME.matcher(pipeline).matches() || !NAME.matcher(stage).matches() || !NAME.matcher(action).matches()) {
            return new Envelope.Invalid("the approval event has no valid detail.pipeline, stage and action");
        }
        if (!EXECUTION_ID.matcher(execution).matches()) {
            return new Envelope.Invalid("the approval event for " + pipeline + " has no valid detail.execution-id");
        }
        return new Envelope.Approval(new ApprovalEvent(ApprovalEvent.Origin.EVENTBRIDGE, pipeline, execution, stage,
                action, word(detail.path("state")), time, "", null, "", "", region, account));
    }

    private static Envelope deployment(JsonNode detail, Instant time, String region, String account) {
        String id = text(detail.path("deploymentId"));
        if (!DEPLOYMENT_ID.matcher(id).matches()) {
            return new Envelope.Invalid("the deployment event has no valid detail.deploymentId");
        }
        String application = text(detail.path("application"));
        String group = text(detail.path("deploymentGroup"));
        if (!DEPLOY_NAME.matcher(application).matches() || !DEPLOY_NAME.matcher(group).matches()) {
            return new Envelope.Invalid("the deployment event for " + id + " has no valid application and group");
        }
        return new Envelope.Deployment(new DeploymentEvent(DeploymentEvent.Origin.EVENTBRIDGE, application, group, id,
                word(detail.path("state")), time, region, account));
    }

    private static Envelope push(JsonNode detail, Instant time, String region, String account) {
        String repository = text(detail.path("repositoryName"));
        if (!REPOSITORY_NAME.matcher(repository).matches()) {
            return new Envelope.Invalid("the repository event has no valid detail.repositoryName");
        }
        String event = word(detail.path("event"));
        if (event.equals("unreferencedMergeCommitCreated")) {
            // a merge commit no branch points at (a pull request's): no push; the push source says it ignores it
            return new Envelope.Push(List.of(new PushEvent(PushEvent.Origin.EVENTBRIDGE, repository, event, "", "",
                    commit(detail.path("commitId")), "", arn(detail.path("callerUserArn")), time, region, account)));
        }
        String type = word(detail.path("referenceType"));
        String name = refName(text(detail.path("referenceName")));
        if (name.isEmpty() || !(type.equals("branch") || type.equals("tag"))) {
            return new Envelope.Invalid("the repository event for " + repository + " names no branch or tag");
        }
        String commit = commit(detail.path("commitId"));
        String old = commit(detail.path("oldCommitId"));
        return new Envelope.Push(List.of(new PushEvent(PushEvent.Origin.EVENTBRIDGE, repository, event, type, name,
                commit, old, arn(detail.path("callerUserArn")), time, region, account)));
    }

    /**
     * Lambda records ({@code Records[]}): SNS notifications (an approval's, a CodeDeploy trigger's, a
     * CodeCommit trigger's through SNS), or a CodeCommit trigger's own records.
     */
    static Envelope fromRecords(JsonNode records) {
        if (records.isEmpty()) {
            return new Envelope.Invalid("the event's Records are empty");
        }
        JsonNode first = records.get(0);
        if ("aws:sns".equals(text(first.path("EventSource")))) {
            if (records.size() != 1) {
                return new Envelope.Invalid("an SNS event carries one record; this one has " + records.size());
            }
            String message = first.path("Sns").path("Message").asText("");
            JsonNode body;
            try {
                body = message.length() > 262_144 ? null : JSON.readTree(message);
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                return new Envelope.Invalid("the SNS message is not JSON");
            }
            return fromSnsMessage(body, instant(text(first.path("Sns").path("Timestamp"))));
        }
        if ("aws:codecommit".equals(text(first.path("eventSource")))) {
            return codeCommitTrigger(records);
        }
        return new Envelope.Invalid("the event's Records are neither SNS nor CodeCommit records");
    }

    private static Envelope fromSnsMessage(JsonNode body, Instant time) {
        if (body.path("approval").isObject()) {
            return snsApproval(body, time);
        }
        if (body.has("deploymentId") && body.has("deploymentGroupName")) {
            return deploymentTrigger(body, time);
        }
        if (body.path("Records").isArray()) {
            return fromRecords(body.path("Records"));
        }
        return new Envelope.Invalid("the SNS message is not a manual approval's, a CodeDeploy trigger's or a "
                + "CodeCommit trigger's");
    }

    private static Envelope snsApproval(JsonNode body, Instant time) {
        JsonNode approval = body.path("approval");
        String pipeline = text(approval.path("pipelineName"));
        String stage = text(approval.path("stageName"));
        String action = text(approval.path("actionName"));
        if (!NAME.matcher(pipeline).matches() || !NAME.matcher(stage).matches() || !NAME.matcher(action).matches()) {
            return new Envelope.Invalid("the approval notification has no valid pipelineName, stageName and actionName");
        }
        String token = text(approval.path("token"));
        if (!EXECUTION_ID.matcher(token).matches()) {
            return new Envelope.Invalid("the approval notification for " + pipeline + " has no valid token");
        }
        String region = text(body.path("region"));
        return new Envelope.Approval(new ApprovalEvent(ApprovalEvent.Origin.SNS, pipeline, "", stage, action,
                "STARTED", time, token, instant(text(approval.path("expires"))), url(approval.path("externalEntityLink")),
                long_(approval.path("customData")), region(region), ""));
    }

    private static Envelope deploymentTrigger(JsonNode body, Instant time) {
        String id = text(body.path("deploymentId"));
        if (!DEPLOYMENT_ID.matcher(id).matches()) {
            return new Envelope.Invalid("the CodeDeploy trigger has no valid deploymentId");
        }
        if (body.has("instanceId") || body.has("instanceStatus")) {
            return new Envelope.Invalid("the CodeDeploy trigger for " + id + " is about an instance; only deployment "
                    + "events are read");
        }
        String application = text(body.path("applicationName"));
        String group = text(body.path("deploymentGroupName"));
        if (!DEPLOY_NAME.matcher(application).matches() || !DEPLOY_NAME.matcher(group).matches()) {
            return new Envelope.Invalid("the CodeDeploy trigger for " + id + " has no valid application and group");
        }
        String state = switch (word(body.path("status")).toUpperCase(Locale.ROOT)) {
            case "SUCCEEDED" -> "SUCCESS";
            case "FAILED" -> "FAILURE";
            case "STOPPED" -> "STOP";
            case "READY" -> "READY";
            case "CREATED", "IN_PROGRESS", "QUEUED" -> "START";
            default -> word(body.path("status"));
        };
        String region = text(body.path("region"));
        return new Envelope.Deployment(new DeploymentEvent(DeploymentEvent.Origin.SNS, application, group, id, state,
                time, region(region), account(text(body.path("accountId")))));
    }

    private static Envelope codeCommitTrigger(JsonNode records) {
        List<PushEvent> pushes = new ArrayList<>();
        for (JsonNode record : records) {
            String source = text(record.path("eventSourceARN"));
            // arn:aws:codecommit:REGION:ACCOUNT:REPOSITORY
            String[] parts = source.split(":", 6);
            if (parts.length != 6 || !parts[2].equals("codecommit") || !REPOSITORY_NAME.matcher(parts[5]).matches()) {
                return new Envelope.Invalid("the CodeCommit trigger record has no valid eventSourceARN");
            }
            Instant time = instant(text(record.path("eventTime")));
            String caller = arn(record.path("userIdentityARN"));
            for (JsonNode reference : record.path("codecommit").path("references")) {
                String ref = text(reference.path("ref"));
                if (ref.startsWith("refs/") && !ref.startsWith("refs/heads/") && !ref.startsWith("refs/tags/")) {
                    continue; // a note, a pull request's ref: no branch or tag
                }
                String type = ref.startsWith("refs/tags/") ? "tag" : "branch";
                String name = refName(ref);
                if (name.isEmpty()) {
                    continue;
                }
                String event = reference.path("deleted").asBoolean(false) ? "referenceDeleted"
                        : reference.path("created").asBoolean(false) ? "referenceCreated" : "referenceUpdated";
                pushes.add(new PushEvent(PushEvent.Origin.TRIGGER, parts[5], event, type, name,
                        commit(reference.path("commit")), "", caller, time,
                        REGION.matcher(parts[3]).matches() ? parts[3] : "", parts[4].matches("\\d{12}") ? parts[4] : ""));
            }
        }
        if (pushes.isEmpty()) {
            return new Envelope.Invalid("the CodeCommit trigger names no branch or tag");
        }
        return new Envelope.Push(pushes);
    }

    /** A region's name ({@code us-east-1}), or empty. */
    private static String region(String value) {
        return REGION.matcher(value).matches() ? value : "";
    }

    /** An account id (12 digits), or empty. */
    private static String account(String value) {
        return value.matches("\\d{12}") ? value : "";
    }

    /** {@code refs/heads/main} and {@code main} are {@code main}; {@code refs/tags/v1} is {@code v1}. */
    private static String refName(String ref) {
        String name = ref.startsWith("refs/heads/") ? ref.substring(11) : ref.startsWith("refs/tags/") ? ref.substring(10)
                : ref;
        return name.isEmpty() || name.length() > 255 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "" : name;
    }

    private static String commit(JsonNode node) {
        String value = text(node);
        return COMMIT.matcher(value).matches() ? value : "";
    }

    private static String arn(JsonNode node) {
        String value = text(node);
        return value.startsWith("arn:") && value.length() <= 2048 ? value : "";
    }

    private static String url(JsonNode node) {
        String value = text(node);
        return (value.startsWith("https://") || value.startsWith("http://")) && value.length() <= 2048 ? value : "";
    }

    /** A status word: letters and underscores only. */
    private static String word(JsonNode node) {
        String value = text(node);
        return value.matches("[A-Za-z_]{1,40}") ? value : "";
    }

    private static String short_(JsonNode node) {
        return clip(text(node));
    }

    /** Free text a person wrote (an approval's custom data): kept up to 2,000 characters. */
    private static String long_(JsonNode node) {
        String value = node.isTextual() ? node.asText() : "";
        return value.length() > 2000 ? value.substring(0, 2000) : value;
    }

    private static String clip(String value) {
        return LogText.clip(value, 300);
    }

    private static String text(JsonNode node) {
        String value = node.isTextual() ? node.asText().trim() : "";
        return value.length() > 4096 ? "" : value;
    }

    /** ISO-8601 ({@code 2026-01-01T00:00:00Z}, with or without seconds), or CodeDeploy's Java date string. */
    static Instant instant(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // other forms below
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                return ZonedDateTime.parse(value, format).toInstant();
            } catch (DateTimeParseException e) {
                // the next
            }
        }
        return null;
    }

    private static final List<DateTimeFormatter> FORMATS = List.of(
            new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd'T'HH:mm").appendLiteral('Z').toFormatter()
                    .withZone(java.time.ZoneOffset.UTC),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"),
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT));
}
