package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeBuild ({@code CodeBuild_20161006}, recorded as {@code codebuild}): BatchGetBuilds by full
 * ARN or {@code PROJECT:UUID}, ListBuilds, ListBuildsForProject. Builds come from
 * {@code codebuild/*.json} and {@link #put}.
 */
final class FakeCodeBuild extends AwsJsonService {

    private static final int PAGE = 100;

    private final Map<String, ObjectNode> builds = new LinkedHashMap<>();

    FakeCodeBuild(CallRecorder recorder) {
        super("CodeBuild_20161006", "codebuild", recorder);
    }

    @Override
    public void load(Path fixtures) {
        Fixtures.forEachJson(fixtures.resolve("codebuild"), node -> put((ObjectNode) node));
    }

    /** Adds or replaces a {@code Build} (needs {@code id} PROJECT:UUID). */
    synchronized void put(ObjectNode build) {
        builds.put(Json.required(build, "id"), build.deepCopy());
    }

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return switch (operation) {
            case "BatchGetBuilds" -> batchGetBuilds(request);
            case "ListBuilds" -> listBuilds(request);
            case "ListBuildsForProject" -> listBuildsForProject(request);
            default -> unknownOperation();
        };
    }

    private Reply batchGetBuilds(JsonNode request) {
        JsonNode ids = request.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            return error(400, "InvalidInputException",
                    "1 validation error detected: Value at 'ids' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        ObjectNode response = Json.object();
        ArrayNode found = response.putArray("builds");
        ArrayNode notFound = response.putArray("buildsNotFound");
        for (JsonNode id : ids) {
            String given = id.asText();
            int slash = given.indexOf(":build/");
            ObjectNode build = builds.get(given.startsWith("arn:") && slash >= 0
                    ? given.substring(slash + ":build/".length()) : given);
            if (build != null) {
                found.add(build.deepCopy());
            } else {
                notFound.add(given);
            }
        }
        return ok(response);
    }

    /** Every build id, newest first (by start time), 100 a page; the next token is the offset. */
    private Reply listBuilds(JsonNode request) {
        return page(newestFirst(builds.values()), request);
    }

    /** A project's build ids, newest first (by start time) unless ASCENDING, 100 a page; next token as above. */
    private Reply listBuildsForProject(JsonNode request) {
        String project = request.path("projectName").asText();
        List<ObjectNode> ofProject = newestFirst(builds.values().stream()
                .filter(b -> b.path("projectName").asText().equals(project)).toList());
        if (ofProject.isEmpty()) {
            return error(400, "ResourceNotFoundException", "Project cannot be found: " + project);
        }
        if ("ASCENDING".equals(request.path("sortOrder").asText())) {
            ofProject = new ArrayList<>(ofProject);
            Collections.reverse(ofProject);
        }
        return page(ofProject, request);
    }

    private static List<ObjectNode> newestFirst(Iterable<ObjectNode> builds) {
        List<ObjectNode> sorted = new ArrayList<>();
        builds.forEach(sorted::add);
        sorted.sort(Comparator.comparingDouble((ObjectNode b) -> b.path("startTime").asDouble()).reversed());
        return sorted;
    }

    private static Reply page(List<ObjectNode> all, JsonNode request) {
        int from = request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
        int to = Math.min(all.size(), from + PAGE);
        ObjectNode response = Json.object();
        ArrayNode ids = response.putArray("ids");
        all.subList(from, to).forEach(b -> ids.add(b.path("id").asText()));
        if (to < all.size()) {
            response.put("nextToken", Integer.toString(to));
        }
        return ok(response);
    }
}
