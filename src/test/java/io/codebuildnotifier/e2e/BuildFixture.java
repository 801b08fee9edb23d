package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The one way tests make a CodeBuild build: a {@code Build} as {@code BatchGetBuilds} answers it
 * (AWS JSON 1.1: camelCase, times in epoch seconds), for the sandbox's {@link Sandbox#putBuild}.
 * A finished build of a project, from GitHub or CodeCommit, at a source version resolved to a commit,
 * with a status its BUILD phase agrees with (a failure carries the failing command in its context).
 *
 * <p>The starting point is a small synthetic build, or a recorded one ({@link #recorded}) for tests
 * that want real wire sizes (the benchmark); every field a test sets is set the same way on either.
 * A build starts at {@code second + 0.25} and ends 90.25 s later.
 */
public final class BuildFixture {
    public static final String FAILED_COMMAND = "Error while executing command: ./mvnw -B verify. Reason: exit status 1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode build;
    private final String project;
    private String uuid = UUID.randomUUID().toString();
    private String status = "SUCCEEDED";

    private BuildFixture(ObjectNode template, String project) {
        this.build = template;
        this.project = project;
        build.put("projectName", project);
    }

    /** A small synthetic build of {@code project}: SUBMITTED then BUILD phase, GitHub acme/widgets, random id. */
    public static BuildFixture of(String project) {
        ObjectNode build = JSON.createObjectNode().put("buildNumber", 1).put("currentPhase", "COMPLETED")
                .put("initiator", "GitHub-Hookshot/4f2e1a0").put("buildComplete", true);
        build.putObject("source").put("type", "GITHUB").put("location", "https://github.com/acme/widgets.git");
        ArrayNode phases = build.putArray("phases");
        phases.addObject().put("phaseType", "SUBMITTED").put("phaseStatus", "SUCCEEDED");
        phases.addObject().put("phaseType", "BUILD");
        build.putObject("logs");
        return new BuildFixture(build, project);
    }

    /** A copy of a recorded build (like {@code events/sandbox/codebuild/*.json}) made into one of {@code project}. */
    public static BuildFixture recorded(ObjectNode recorded, String project) {
        return new BuildFixture(recorded.deepCopy(), project);
    }

    /** Reads a recorded build file. */
    public static ObjectNode read(Path file) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The build's id is derived from {@code seed} (a name-based UUID) instead of random. */
    public BuildFixture seeded(String seed) {
        uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        return this;
    }

    public BuildFixture number(int buildNumber) {
        build.put("buildNumber", buildNumber);
        return this;
    }

    /** Source of type GITHUB at {@code https://github.com/OWNER/REPO.git}. */
    public BuildFixture gitHub(String owner, String repo) {
        return source("GITHUB", "https://github.com/" + owner + "/" + repo + ".git");
    }

    /** Source of type CODECOMMIT, repository {@code repo} in the sandbox's region. */
    public BuildFixture codeCommit(String repo) {
        return source("CODECOMMIT", "https://git-codecommit." + Sandbox.REGION + ".amazonaws.com/v1/repos/" + repo);
    }

    public BuildFixture source(String type, String location) {
        ((ObjectNode) build.get("source")).put("type", type).put("location", location);
        return this;
    }

    /** The source version as the build was started with ({@code pr/42}, {@code refs/heads/main}, a SHA), resolved to {@code sha}. */
    public BuildFixture at(String sourceVersion, String sha) {
        build.put("sourceVersion", sourceVersion).put("resolvedSourceVersion", sha);
        return this;
    }

    public BuildFixture startedAt(long second) {
        build.put("startTime", second + 0.25).put("endTime", second + 90.5);
        return this;
    }

    /** SUCCEEDED, FAILED, FAULT, TIMED_OUT, STOPPED, IN_PROGRESS. */
    public BuildFixture status(String status) {
        this.status = status;
        return this;
    }

    /** Variables the buildspec exports ({@code env: exported-variables}). */
    public BuildFixture exporting(Map<String, String> exported) {
        ArrayNode variables = build.putArray("exportedEnvironmentVariables");
        exported.forEach((name, value) -> variables.addObject().put("name", name).put("value", value));
        return this;
    }

    /** The test and coverage reports the build names ({@code reportArns}); none removes them. */
    public BuildFixture reports(String... reportArns) {
        if (reportArns.length == 0) {
            build.remove("reportArns");
            return this;
        }
        ArrayNode arns = build.putArray("reportArns");
        for (String arn : reportArns) {
            arns.add(arn);
        }
        return this;
    }

    public String id() {
        return project + ":" + uuid;
    }

    public String arn() {
        return "arn:aws:codebuild:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":build/" + id();
    }

    /** The build as BatchGetBuilds answers it. */
    public ObjectNode json() {
        build.put("id", id()).put("arn", arn()).put("buildStatus", status);
        for (JsonNode phase : build.get("phases")) {
            if (phase.path("phaseType").asText().equals("BUILD")) {
                boolean passed = status.equals("SUCCEEDED");
                ((ObjectNode) phase).put("phaseStatus", status);
                ((ObjectNode) phase).putArray("contexts").addObject()
                        .put("statusCode", passed ? "" : "COMMAND_EXECUTION_ERROR")
                        .put("message", passed ? "" : FAILED_COMMAND);
            }
        }
        String group = "/aws/codebuild/" + project;
        ((ObjectNode) build.get("logs")).put("groupName", group).put("streamName", uuid)
                .put("deepLink", "https://console.aws.amazon.com/cloudwatch/home?region=" + Sandbox.REGION
                        + "#logEvent:group=" + group + ";stream=" + uuid);
        return build;
    }

    /** The BUILD phase's first context of a build's JSON, for tests that change the failing command. */
    public static ObjectNode buildPhaseContext(ObjectNode build) {
        for (JsonNode phase : build.get("phases")) {
            if (phase.path("phaseType").asText().equals("BUILD")) {
                return (ObjectNode) phase.get("contexts").get(0);
            }
        }
        throw new IllegalArgumentException("no BUILD phase in " + build.path("id").asText());
    }

    /** Puts the build into the sandbox (after {@code change}, if any); returns its JSON. */
    public ObjectNode into(Sandbox sandbox, Consumer<ObjectNode> change) {
        ObjectNode json = json();
        change.accept(json);
        sandbox.putBuild(json);
        return json;
    }

    public ObjectNode into(Sandbox sandbox) {
        return into(sandbox, b -> { });
    }
}
