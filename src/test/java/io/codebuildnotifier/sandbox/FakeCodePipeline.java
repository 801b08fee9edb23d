package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodePipeline ({@code CodePipeline_20150709}, recorded as {@code codepipeline}): GetPipeline,
 * GetPipelineExecution, ListActionExecutions (filtered by {@code filter.pipelineExecutionId}, newest first,
 * {@code maxResults} 1–100 a page with a {@code nextToken}), GetPipelineState and ListPipelines. From
 * {@code codepipeline/<pipeline>/{pipeline.json, executions/*.json, action-executions.json, state.json}} and the
 * {@code put*} methods. A pipeline exists once its declaration is put; an unknown one answers
 * PipelineNotFoundException, an unknown execution PipelineExecutionNotFoundException.
 *
 * <p>Also the calls that change things: PutApprovalResult (the token must be the one the action's latest execution
 * waits with, else InvalidApprovalTokenException; an approval no longer {@code InProgress} is
 * ApprovalAlreadyCompletedException; the state then reads as CodePipeline's does, {@code Succeeded} or {@code Failed}
 * with the summary and the function as {@code lastUpdatedBy}, and no token, and the approval's run in
 * ListActionExecutions ended the same way: its status, {@code updatedBy} and {@code externalExecutionSummary}),
 * StartPipelineExecution (a new
 * {@code InProgress} execution; the same {@code clientRequestToken} answers the same execution) and
 * ListPipelineExecutions (newest first, {@code maxResults} 1–100, {@code nextToken}). {@link #putWaitingApproval}
 * sets up an approval waiting with a token; {@link #decisions} and {@link #started} tell what was done.
 */
final class FakeCodePipeline extends AwsJsonService {
    /** What a ListPipelines page holds here, so that paging is exercised with a few pipelines. */
    static final int PIPELINES_PAGE = 2;

    private final Map<String, ObjectNode> pipelines = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> executions = new LinkedHashMap<>();
    /** Each pipeline's action executions, newest first. */
    private final Map<String, List<ObjectNode>> actionExecutions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> states = new LinkedHashMap<>();

    /** Who CodePipeline names as the updater of an approval decided through the API here. */
    static final String DECIDER = "arn:aws:sts::" + Sandbox.ACCOUNT
            + ":assumed-role/codebuild-notifier-SlackInteractionsFunctionRole-1A2B3C4D/codebuild-notifier-SlackInteractionsFunction-5E6F7A8B";

    /** An approval decided through PutApprovalResult. */
    record Decision(String pipeline, String stage, String action, String status, String summary) {
    }

    /** An execution StartPipelineExecution started. */
    record Started(String pipeline, String clientRequestToken, String executionId) {
    }

    private final List<Decision> decisions = new ArrayList<>();
    private final List<Started> started = new ArrayList<>();
    /** Each pipeline's executions in the order they were put or started (the newest last). */
    private final Map<String, List<String>> executionOrder = new LinkedHashMap<>();
    private long startCounter;

    FakeCodePipeline(CallRecorder recorder) {
        super("CodePipeline_20150709", "codepipeline", recorder);
    }

    @Override
    public void load(Path fixtures) {
        Path root = fixtures.resolve("codepipeline");
        Fixtures.forEachRepoDir(root, (dir, name) -> {
            if (dir.equals(root)) {
                return; // the walk's own start
            }
            Path declaration = dir.resolve("pipeline.json");
            if (!Files.exists(declaration)) {
                throw new IllegalArgumentException("codepipeline/" + name + " has no pipeline.json");
            }
            ObjectNode pipeline = Json.unwrap(Fixtures.read(declaration), "pipeline");
            if (!name.equals(pipeline.path("name").asText())) {
                throw new IllegalArgumentException("codepipeline/" + name + "/pipeline.json names pipeline "
                        + pipeline.path("name"));
            }
            putPipeline(pipeline);
            Fixtures.forEachJson(dir.resolve("executions"), node ->
                    putExecution(name, Json.unwrap(node, "pipelineExecution")));
            Path runs = dir.resolve("action-executions.json");
            if (Files.exists(runs)) {
                List<ObjectNode> details = new ArrayList<>();
                Fixtures.read(runs).path("actionExecutionDetails").forEach(d -> details.add((ObjectNode) d));
                putActionExecutions(name, details);
            }
            Path state = dir.resolve("state.json");
            if (Files.exists(state)) {
                putState(name, (ObjectNode) Fixtures.read(state));
            }
        });
    }

    /**
     * Adds or replaces a pipeline ({@code GetPipeline}'s {@code pipeline}: needs {@code name}), served as it is: an
     * action's {@code timeoutInMinutes}, when set, must be what CodePipeline accepts (a whole number, 5 to 86,400).
     */
    synchronized void putPipeline(ObjectNode pipeline) {
        String name = Json.required(pipeline, "name");
        pipeline.path("stages").forEach(stage -> stage.path("actions").forEach(action -> {
            JsonNode timeout = action.get("timeoutInMinutes");
            if (timeout != null && !timeout.isNull() && (!timeout.canConvertToExactIntegral()
                    || timeout.asLong() < 5 || timeout.asLong() > 86_400)) {
                throw new IllegalArgumentException("pipeline " + name + ": action " + action.path("name")
                        + "'s timeoutInMinutes " + timeout + " is not a whole number of minutes from 5 to 86400");
            }
        }));
        pipelines.put(name, pipeline.deepCopy());
        executions.computeIfAbsent(name, k -> new LinkedHashMap<>());
        actionExecutions.computeIfAbsent(name, k -> new ArrayList<>());
    }

    /** Adds or replaces an execution ({@code GetPipelineExecution}'s {@code pipelineExecution}). */
    synchronized void putExecution(String pipeline, ObjectNode execution) {
        ObjectNode copy = execution.deepCopy();
        copy.put("pipelineName", pipeline);
        String id = Json.required(execution, "pipelineExecutionId");
        executions.computeIfAbsent(pipeline, k -> new LinkedHashMap<>()).put(id, copy);
        List<String> order = executionOrder.computeIfAbsent(pipeline, k -> new ArrayList<>());
        order.remove(id);
        order.add(id);
    }

    /**
     * Makes an approval wait in a pipeline's state: the stage's latest execution {@code executionId}
     * ({@code InProgress}) and the action's latest execution {@code InProgress} with this token; the stage and the
     * action are added to the state if they are not in it.
     */
    synchronized void putWaitingApproval(String pipeline, String stage, String action, String executionId,
                                         String token) {
        ObjectNode state = states.computeIfAbsent(pipeline, k -> {
            ObjectNode s = Json.object().put("pipelineName", pipeline);
            s.putArray("stageStates");
            return s;
        });
        ArrayNode stages = state.withArray("stageStates");
        ObjectNode stageState = null;
        for (JsonNode s : stages) {
            if (s.path("stageName").asText().equals(stage)) {
                stageState = (ObjectNode) s;
            }
        }
        if (stageState == null) {
            stageState = stages.addObject().put("stageName", stage);
            stageState.putArray("actionStates");
        }
        stageState.putObject("latestExecution").put("pipelineExecutionId", executionId).put("status", "InProgress");
        ArrayNode actions = stageState.withArray("actionStates");
        ObjectNode actionState = null;
        for (JsonNode a : actions) {
            if (a.path("actionName").asText().equals(action)) {
                actionState = (ObjectNode) a;
            }
        }
        if (actionState == null) {
            actionState = actions.addObject().put("actionName", action);
        }
        actionState.putObject("latestExecution").put("actionExecutionId", "approval-" + executionId)
                .put("status", "InProgress").put("token", token).put("lastStatusChange", 1_793_000_000.0);
    }

    synchronized List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    synchronized List<Started> started() {
        return List.copyOf(started);
    }

    /**
     * Replaces a pipeline's action executions ({@code actionExecutionDetails[]}, newest first as CodePipeline
     * lists them).
     */
    synchronized void putActionExecutions(String pipeline, List<ObjectNode> details) {
        List<ObjectNode> copies = new ArrayList<>();
        details.forEach(d -> copies.add(d.deepCopy()));
        actionExecutions.put(pipeline, copies);
    }

    /** Adds an action execution as the pipeline's newest ({@code actionExecutionDetails[]}'s element). */
    synchronized void putActionExecution(String pipeline, ObjectNode detail) {
        actionExecutions.computeIfAbsent(pipeline, k -> new ArrayList<>()).add(0, detail.deepCopy());
    }

    /** Sets a pipeline's state (a {@code GetPipelineState} response). */
    synchronized void putState(String pipeline, ObjectNode state) {
        ObjectNode copy = state.deepCopy();
        copy.put("pipelineName", pipeline);
        states.put(pipeline, copy);
    }

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetPipeline" -> getPipeline(request);
            case "GetPipelineExecution" -> getPipelineExecution(request);
            case "ListActionExecutions" -> listActionExecutions(request);
            case "GetPipelineState" -> getPipelineState(request);
            case "ListPipelines" -> listPipelines(request);
            case "PutApprovalResult" -> putApprovalResult(request);
            case "StartPipelineExecution" -> startPipelineExecution(request);
            case "ListPipelineExecutions" -> listPipelineExecutions(request);
            default -> unknownOperation();
        };
    }

    private static Reply notFound(String name) {
        return error(400, "PipelineNotFoundException", "Account '" + Sandbox.ACCOUNT
                + "' does not have a pipeline with name '" + name + "'");
    }

    private static Reply validation(String message) {
        return error(400, "ValidationException", message);
    }

    private Reply getPipeline(JsonNode request) {
        String name = request.path("name").asText();
        if (name.isEmpty()) {
            return validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        ObjectNode pipeline = pipelines.get(name);
        if (pipeline == null) {
            return notFound(name);
        }
        ObjectNode response = Json.object();
        response.set("pipeline", pipeline.deepCopy());
        response.putObject("metadata").put("pipelineArn", "arn:aws:codepipeline:" + Sandbox.REGION + ":"
                + Sandbox.ACCOUNT + ":" + name).put("created", 1_793_000_000.0).put("updated", 1_793_000_000.0);
        return ok(response);
    }

    private Reply getPipelineExecution(JsonNode request) {
        String name = request.path("pipelineName").asText();
        String id = request.path("pipelineExecutionId").asText();
        if (name.isEmpty() || id.isEmpty()) {
            return validation("pipelineName and pipelineExecutionId are required");
        }
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        ObjectNode execution = executions.getOrDefault(name, Map.of()).get(id);
        if (execution == null) {
            return error(400, "PipelineExecutionNotFoundException", "Pipeline execution '" + id
                    + "' does not exist in pipeline '" + name + "'");
        }
        ObjectNode response = Json.object();
        response.set("pipelineExecution", execution.deepCopy());
        return ok(response);
    }

    private Reply listActionExecutions(JsonNode request) {
        String name = request.path("pipelineName").asText();
        if (name.isEmpty()) {
            return validation("pipelineName is required");
        }
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        int max = request.path("maxResults").asInt(100);
        if (max < 1 || max > 100) {
            return validation("maxResults must be between 1 and 100");
        }
        String execution = request.path("filter").path("pipelineExecutionId").asText("");
        if (!execution.isEmpty() && !executions.getOrDefault(name, Map.of()).containsKey(execution)) {
            return error(400, "PipelineExecutionNotFoundException", "Pipeline execution '" + execution
                    + "' does not exist in pipeline '" + name + "'");
        }
        List<ObjectNode> matching = actionExecutions.getOrDefault(name, List.of()).stream()
                .filter(d -> execution.isEmpty() || execution.equals(d.path("pipelineExecutionId").asText()))
                .toList();
        int from = offset(request.path("nextToken").asText(""));
        if (from < 0 || from > matching.size()) {
            return error(400, "InvalidNextTokenException", "The next token is not valid");
        }
        int to = Math.min(matching.size(), from + max);
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray("actionExecutionDetails");
        matching.subList(from, to).forEach(d -> page.add(d.deepCopy()));
        if (to < matching.size()) {
            response.put("nextToken", "page-" + to);
        }
        return ok(response);
    }

    private Reply getPipelineState(JsonNode request) {
        String name = request.path("name").asText();
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        ObjectNode state = states.get(name);
        if (state == null) {
            state = Json.object().put("pipelineName", name);
            state.putArray("stageStates");
        }
        return ok(state.deepCopy());
    }

    private Reply listPipelines(JsonNode request) {
        List<String> names = pipelines.keySet().stream().sorted().toList();
        int from = offset(request.path("nextToken").asText(""));
        if (from < 0 || from > names.size()) {
            return error(400, "InvalidNextTokenException", "The next token is not valid");
        }
        int to = Math.min(names.size(), from + PIPELINES_PAGE);
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray("pipelines");
        names.subList(from, to).forEach(n -> page.addObject().put("name", n).put("version", 1)
                .put("pipelineType", "V2").put("executionMode", "QUEUED")
                .put("created", 1_793_000_000.0).put("updated", 1_793_000_000.0));
        if (to < names.size()) {
            response.put("nextToken", "page-" + to);
        }
        return ok(response);
    }

    private Reply putApprovalResult(JsonNode request) {
        String name = request.path("pipelineName").asText();
        String stage = request.path("stageName").asText();
        String action = request.path("actionName").asText();
        String token = request.path("token").asText();
        String status = request.path("result").path("status").asText();
        String summary = request.path("result").path("summary").asText(null);
        if (name.isEmpty() || stage.isEmpty() || action.isEmpty() || token.isEmpty() || summary == null) {
            return validation("pipelineName, stageName, actionName, result.summary and token are required");
        }
        if (!status.equals("Approved") && !status.equals("Rejected")) {
            return validation("1 validation error detected: Value '" + status + "' at 'result.status' failed to "
                    + "satisfy constraint: Member must satisfy enum value set: [Approved, Rejected]");
        }
        if (summary.length() > 512) {
            return validation("1 validation error detected: Value at 'result.summary' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 512");
        }
        if (!token.matches("[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}")) {
            return validation("1 validation error detected: Value at 'token' failed to satisfy constraint: Member "
                    + "must satisfy regular expression pattern");
        }
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        ObjectNode stageState = null;
        for (JsonNode s : states.getOrDefault(name, Json.object()).path("stageStates")) {
            if (s.path("stageName").asText().equals(stage)) {
                stageState = (ObjectNode) s;
            }
        }
        if (stageState == null) {
            return error(400, "StageNotFoundException", "Stage " + stage + " not found in pipeline " + name);
        }
        ObjectNode actionState = null;
        for (JsonNode a : stageState.path("actionStates")) {
            if (a.path("actionName").asText().equals(action)) {
                actionState = (ObjectNode) a;
            }
        }
        if (actionState == null) {
            return error(400, "ActionNotFoundException", "Action " + action + " not found in stage " + stage);
        }
        JsonNode latest = actionState.path("latestExecution");
        if (!latest.path("status").asText().equals("InProgress")) {
            return error(400, "ApprovalAlreadyCompletedException", "The approval request has already been "
                    + "completed");
        }
        if (!token.equals(latest.path("token").asText())) {
            return error(400, "InvalidApprovalTokenException", "The approval token is not valid");
        }
        double now = java.time.Instant.now().getEpochSecond();
        ObjectNode decided = ((ObjectNode) latest).deepCopy();
        decided.remove("token");
        decided.put("status", status.equals("Approved") ? "Succeeded" : "Failed").put("summary", summary)
                .put("lastUpdatedBy", DECIDER).put("lastStatusChange", now);
        actionState.set("latestExecution", decided);
        // ListActionExecutions then shows the approval's run ended too, as CodePipeline's does
        String execution = stageState.path("latestExecution").path("pipelineExecutionId").asText("");
        String actionExecutionId = latest.path("actionExecutionId").asText("");
        for (ObjectNode run : actionExecutions.getOrDefault(name, List.of())) {
            boolean same = actionExecutionId.isEmpty() ? run.path("pipelineExecutionId").asText().equals(execution)
                    && run.path("stageName").asText().equals(stage) && run.path("actionName").asText().equals(action)
                    && run.path("status").asText().equals("InProgress")
                    : run.path("actionExecutionId").asText().equals(actionExecutionId);
            if (same) {
                run.put("status", status.equals("Approved") ? "Succeeded" : "Failed").put("lastUpdateTime", now)
                        .put("updatedBy", DECIDER);
                ObjectNode output = run.path("output").isObject() ? (ObjectNode) run.get("output")
                        : run.putObject("output");
                ObjectNode result = output.path("executionResult").isObject()
                        ? (ObjectNode) output.get("executionResult") : output.putObject("executionResult");
                result.put("externalExecutionSummary", summary);
            }
        }
        decisions.add(new Decision(name, stage, action, status, summary));
        return ok(Json.object().put("approvedAt", now));
    }

    private Reply startPipelineExecution(JsonNode request) {
        String name = request.path("name").asText();
        if (name.isEmpty()) {
            return validation("1 validation error detected: Value null at 'name' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        String token = request.path("clientRequestToken").asText("");
        if (!token.isEmpty() && !token.matches("^[a-zA-Z0-9-]+$") || token.length() > 128) {
            return validation("1 validation error detected: Value '" + token + "' at 'clientRequestToken' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9-]+$");
        }
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        if (!token.isEmpty()) {
            for (Started s : started) {
                if (s.pipeline().equals(name) && s.clientRequestToken().equals(token)) {
                    return ok(Json.object().put("pipelineExecutionId", s.executionId()));
                }
            }
        }
        String id = String.format(java.util.Locale.ROOT, "00000000-0000-4000-9000-%012d", ++startCounter);
        ObjectNode execution = Json.object().put("pipelineExecutionId", id).put("pipelineVersion", 1)
                .put("status", "InProgress").put("executionMode", "QUEUED").put("executionType", "STANDARD")
                .put("startTime", (double) java.time.Instant.now().getEpochSecond());
        execution.putArray("artifactRevisions");
        execution.putObject("trigger").put("triggerType", "StartPipelineExecution")
                .put("triggerDetail", FakeCodePipeline.DECIDER);
        putExecution(name, execution);
        started.add(new Started(name, token, id));
        return ok(Json.object().put("pipelineExecutionId", id));
    }

    private Reply listPipelineExecutions(JsonNode request) {
        String name = request.path("pipelineName").asText();
        if (name.isEmpty()) {
            return validation("pipelineName is required");
        }
        if (!pipelines.containsKey(name)) {
            return notFound(name);
        }
        int max = request.path("maxResults").asInt(100);
        if (max < 1 || max > 100) {
            return validation("maxResults must be between 1 and 100");
        }
        List<String> newestFirst = new ArrayList<>(executionOrder.getOrDefault(name, List.of()));
        java.util.Collections.reverse(newestFirst);
        int from = offset(request.path("nextToken").asText(""));
        if (from < 0 || from > newestFirst.size()) {
            return error(400, "InvalidNextTokenException", "The next token is not valid");
        }
        int to = Math.min(newestFirst.size(), from + max);
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray("pipelineExecutionSummaries");
        for (String id : newestFirst.subList(from, to)) {
            ObjectNode execution = executions.get(name).get(id);
            ObjectNode summary = page.addObject().put("pipelineExecutionId", id)
                    .put("status", execution.path("status").asText("InProgress"))
                    .put("executionMode", execution.path("executionMode").asText("QUEUED"));
            if (execution.has("startTime")) {
                summary.set("startTime", execution.get("startTime"));
                summary.set("lastUpdateTime", execution.get("startTime"));
            }
            ArrayNode revisions = summary.putArray("sourceRevisions");
            execution.path("artifactRevisions").forEach(r -> {
                ObjectNode revision = revisions.addObject().put("actionName", r.path("name").asText("Source"));
                for (String field : List.of("revisionId", "revisionSummary", "revisionUrl")) {
                    if (r.hasNonNull(field)) {
                        revision.put(field, r.path(field).asText());
                    }
                }
            });
            if (execution.has("trigger")) {
                summary.set("trigger", execution.get("trigger").deepCopy());
            }
        }
        if (to < newestFirst.size()) {
            response.put("nextToken", "page-" + to);
        }
        return ok(response);
    }

    private static int offset(String token) {
        if (token.isEmpty()) {
            return 0;
        }
        if (!token.matches("page-\\d{1,6}")) {
            return -1;
        }
        return Integer.parseInt(token.substring(5));
    }
}
