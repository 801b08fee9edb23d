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
 * ARN or {@code PROJECT:UUID}, ListBuilds, ListBuildsForProject, RetryBuild (a new build of the same project
 * and source, numbered next; the same {@code idempotencyToken} answers the build it started, as CodeBuild does for
 * five minutes; an unknown build is ResourceNotFoundException, one still running InvalidInputException; every
 * retry kept, {@link #retries}); BatchGetReports and DescribeTestCases
 * (status and keyword filter, {@code maxResults}, {@code nextToken} paging). Builds come from
 * {@code codebuild/*.json} and {@link #put}; reports from {@code codebuild/reports/NAME.json} with their
 * cases in {@code codebuild/reports/NAME.cases.json}, and {@link #putReport} / {@link #putTestCases}.
 */
final class FakeCodeBuild extends AwsJsonService {

    private static final int PAGE = 100;
    private static final String CASES_SUFFIX = ".cases.json";
    private static final java.util.Set<String> CASE_STATUSES = java.util.Set.of("SUCCEEDED", "FAILED", "ERROR",
            "SKIPPED", "UNKNOWN");

    private final Map<String, ObjectNode> builds = new LinkedHashMap<>();
    /** Reports by ARN, as BatchGetReports answers them. */
    private final Map<String, ObjectNode> reports = new LinkedHashMap<>();
    /** Each report's test cases, in the order DescribeTestCases lists them. */
    private final Map<String, List<ObjectNode>> testCases = new LinkedHashMap<>();

    /** The build each idempotency token started. */
    private final Map<String, String> retriedByToken = new LinkedHashMap<>();
    /** Every build a RetryBuild started, in order. */
    private final List<Retry> retries = new ArrayList<>();
    private long retryCounter;

    /** A retry: the build retried, the token it came with, the new build's id and number. */
    record Retry(String retriedId, String token, String newId, long newNumber) {
    }

    FakeCodeBuild(CallRecorder recorder) {
        super("CodeBuild_20161006", "codebuild", recorder);
    }

    @Override
    public void load(Path fixtures) {
        Fixtures.forEachJson(fixtures.resolve("codebuild"), node -> put((ObjectNode) node));
        loadReports(fixtures.resolve("codebuild").resolve("reports"));
    }

    /** {@code NAME.json} is a Report (needs {@code arn}); {@code NAME.cases.json} the cases of that report. */
    private void loadReports(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            Map<String, String> arnOf = new LinkedHashMap<>();
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (!name.endsWith(CASES_SUFFIX)) {
                    ObjectNode report = (ObjectNode) Fixtures.read(file);
                    putReport(report);
                    arnOf.put(name.substring(0, name.length() - ".json".length()), Json.required(report, "arn"));
                }
            }
            for (Path file : all) {
                String name = file.getFileName().toString();
                if (name.endsWith(CASES_SUFFIX)) {
                    String report = name.substring(0, name.length() - CASES_SUFFIX.length());
                    String arn = arnOf.get(report);
                    if (arn == null) {
                        throw new IllegalArgumentException("fixture " + file + " names no report: there is no "
                                + report + ".json beside it");
                    }
                    putTestCases(arn, Fixtures.read(file).path("testCases"));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Adds or replaces a {@code Report} as BatchGetReports answers it (needs {@code arn}). */
    synchronized void putReport(ObjectNode report) {
        reports.put(Json.required(report, "arn"), report.deepCopy());
    }

    /** Sets a report's test cases ({@code TestCase} objects; {@code reportArn} is filled in when missing). */
    synchronized void putTestCases(String reportArn, JsonNode cases) {
        if (!cases.isArray()) {
            throw new IllegalArgumentException("test cases of " + reportArn + " must be an array");
        }
        List<ObjectNode> copies = new ArrayList<>();
        for (JsonNode c : cases) {
            ObjectNode copy = (ObjectNode) c.deepCopy();
            if (!copy.hasNonNull("reportArn")) {
                copy.put("reportArn", reportArn);
            }
            copies.add(copy);
        }
        testCases.put(reportArn, copies);
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
            case "BatchGetReports" -> batchGetReports(request);
            case "DescribeTestCases" -> describeTestCases(request);
            case "RetryBuild" -> retryBuild(request);
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

    synchronized List<Retry> retries() {
        return List.copyOf(retries);
    }

    private Reply retryBuild(JsonNode request) {
        String given = request.path("id").asText("");
        if (given.isEmpty()) {
            return error(400, "InvalidInputException", "1 validation error detected: Value null at 'id' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        String token = request.path("idempotencyToken").asText("");
        if (!token.isEmpty() && retriedByToken.containsKey(token)) {
            ObjectNode response = Json.object();
            response.set("build", builds.get(retriedByToken.get(token)).deepCopy());
            return ok(response);
        }
        int slash = given.indexOf(":build/");
        String id = given.startsWith("arn:") && slash >= 0 ? given.substring(slash + ":build/".length()) : given;
        ObjectNode old = builds.get(id);
        if (old == null) {
            return error(400, "ResourceNotFoundException", "Build " + given + " does not exist");
        }
        if (old.path("buildStatus").asText().equals("IN_PROGRESS") || !old.path("buildComplete").asBoolean(true)) {
            return error(400, "InvalidInputException", "Build " + given + " is not complete: only a completed "
                    + "build can be retried");
        }
        String project = old.path("projectName").asText(id.substring(0, Math.max(0, id.indexOf(':'))));
        long number = builds.values().stream().filter(b -> b.path("projectName").asText().equals(project))
                .mapToLong(b -> b.path("buildNumber").asLong(0)).max().orElse(0) + 1;
        String newId = project + ":" + String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d",
                ++retryCounter);
        ObjectNode build = old.deepCopy();
        build.put("id", newId).put("arn", "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":build/"
                + newId).put("buildNumber", number).put("buildStatus", "IN_PROGRESS").put("buildComplete", false)
                .put("currentPhase", "QUEUED").put("startTime", java.time.Instant.now().getEpochSecond())
                .put("initiator", "codebuild-notifier-interactions");
        build.remove(List.of("endTime", "phases", "reportArns"));
        builds.put(newId, build);
        if (!token.isEmpty()) {
            retriedByToken.put(token, newId);
        }
        retries.add(new Retry(id, token, newId, number));
        ObjectNode response = Json.object();
        response.set("build", build.deepCopy());
        return ok(response);
    }

    private Reply batchGetReports(JsonNode request) {
        JsonNode arns = request.path("reportArns");
        if (!arns.isArray() || arns.isEmpty() || arns.size() > 100) {
            return error(400, "InvalidInputException",
                    "1 validation error detected: Value at 'reportArns' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        ObjectNode response = Json.object();
        ArrayNode found = response.putArray("reports");
        ArrayNode notFound = response.putArray("reportsNotFound");
        for (JsonNode arn : arns) {
            ObjectNode report = reports.get(arn.asText());
            if (report != null) {
                found.add(report.deepCopy());
            } else {
                notFound.add(arn.asText());
            }
        }
        return ok(response);
    }

    /**
     * A report's cases, filtered by {@code filter.status} and {@code filter.keyword} (a substring of the name or
     * the prefix), {@code maxResults} (1 to 100, default 100) a page; the next token is the offset.
     */
    private Reply describeTestCases(JsonNode request) {
        String arn = request.path("reportArn").asText("");
        if (arn.isEmpty()) {
            return error(400, "InvalidInputException", "1 validation error detected: Value null at 'reportArn' "
                    + "failed to satisfy constraint: Member must not be null");
        }
        if (!reports.containsKey(arn)) {
            return error(400, "ResourceNotFoundException", "Report not found: " + arn);
        }
        int max = request.path("maxResults").asInt(PAGE);
        if (request.has("maxResults") && (max < 1 || max > PAGE)) {
            return error(400, "InvalidInputException", "1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal "
                    + "to 100 and greater than or equal to 1");
        }
        String status = request.path("filter").path("status").asText("");
        if (!status.isEmpty() && !CASE_STATUSES.contains(status)) {
            return error(400, "InvalidInputException", "Invalid test case status: " + status);
        }
        String keyword = request.path("filter").path("keyword").asText("");
        List<ObjectNode> matching = testCases.getOrDefault(arn, List.of()).stream()
                .filter(c -> status.isEmpty() || c.path("status").asText().equals(status))
                .filter(c -> keyword.isEmpty() || c.path("name").asText().contains(keyword)
                        || c.path("prefix").asText().contains(keyword))
                .toList();
        int from;
        try {
            from = request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
        } catch (NumberFormatException e) {
            return error(400, "InvalidInputException", "Invalid nextToken");
        }
        if (from < 0 || from > matching.size()) {
            return error(400, "InvalidInputException", "Invalid nextToken");
        }
        int to = Math.min(matching.size(), from + max);
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray("testCases");
        matching.subList(from, to).forEach(c -> page.add(c.deepCopy()));
        if (to < matching.size()) {
            response.put("nextToken", Integer.toString(to));
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
