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
 */
final class FakeCodePipeline extends AwsJsonService {
    /** What a ListPipelines page holds here, so that paging is exercised with a few pipelines. */
    static final int PIPELINES_PAGE = 2;

    private final Map<String, ObjectNode> pipelines = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> executions = new LinkedHashMap<>();
    /** Each pipeline's action executions, newest first. */
    private final Map<String, List<ObjectNode>> actionExecutions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> states = new LinkedHashMap<>();

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
        executions.computeIfAbsent(pipeline, k -> new LinkedHashMap<>())
                .put(Json.required(execution, "pipelineExecutionId"), copy);
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
