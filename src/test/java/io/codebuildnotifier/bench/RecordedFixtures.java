package io.codebuildnotifier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.e2e.BuildFixture;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Commits, builds and events made from the recorded fixtures of {@code events/} (real wire formats
 * and sizes), changed where needed and put into the sandbox: what the benchmarks' worlds build their
 * scenarios from. The repositories are GitHub's {@code acme/*}.
 */
final class RecordedFixtures {
    static final String OWNER = "acme";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Sandbox sandbox;
    private final ObjectNode buildTemplate;
    private final ObjectNode commitTemplate;
    private final ObjectNode eventTemplate;

    RecordedFixtures(Path events, Sandbox sandbox) {
        this.sandbox = sandbox;
        Path fixtures = events.resolve("sandbox");
        buildTemplate = BuildFixture.read(fixtures.resolve("codebuild/e96a2eae-f2b5-5f06-bd0d-37e27eea19f5.json"));
        buildTemplate.remove("reportArns"); // a scenario names the reports its build has, if any
        commitTemplate = (ObjectNode) read(
                fixtures.resolve("github/acme/widgets/commits/c2199841d037cb5ae3fe3c263bd4834b4d2ac81c.json"));
        eventTemplate = (ObjectNode) read(events.resolve("pr-failed.json"));
    }

    /** A deterministic 40-hex-digit commit id. */
    static String sha(String seed) {
        String a = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        String b = UUID.nameUUIDFromBytes((seed + "'").getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
        return (a + b).substring(0, 40);
    }

    /** A commit of acme/{@code repo}, put into the sandbox's GitHub. */
    void commit(String repo, String sha, String authorName, String authorEmail, String committerName,
                String committerEmail, String message) {
        ObjectNode commit = commitTemplate.deepCopy();
        String api = "https://api.github.com/repos/" + OWNER + "/" + repo;
        commit.put("sha", sha).put("url", api + "/commits/" + sha)
                .put("html_url", "https://github.com/" + OWNER + "/" + repo + "/commit/" + sha)
                .put("comments_url", api + "/commits/" + sha + "/comments");
        ObjectNode inner = (ObjectNode) commit.get("commit");
        ((ObjectNode) inner.get("author")).put("name", authorName).put("email", authorEmail);
        ((ObjectNode) inner.get("committer")).put("name", committerName).put("email", committerEmail);
        inner.put("message", message).put("url", api + "/git/commits/" + sha);
        sandbox.putGitHubCommit(OWNER, repo, commit);
    }

    /**
     * A finished build of acme/{@code repo} by {@code project}, as CodeBuild's BatchGetBuilds returns it,
     * put into the sandbox's CodeBuild; its id is derived from {@code seed}.
     */
    BuildFixture build(String repo, String project, String sourceVersion, String sha, long startSecond, String status,
                       String seed, String... reportArns) {
        BuildFixture build = BuildFixture.recorded(buildTemplate, project).seeded(seed)
                .number(Math.abs(seed.hashCode() % 10_000)).gitHub(OWNER, repo).at(sourceVersion, sha)
                .startedAt(startSecond).status(status).reports(reportArns);
        build.into(sandbox);
        return build;
    }

    /** The EventBridge event for a finished build of acme/{@code repo} (the recorded sample event, changed). */
    String event(String arn, String repo, String status, String sourceVersion) {
        ObjectNode event = eventTemplate.deepCopy();
        String id = arn.substring(arn.indexOf("build/") + "build/".length());
        String project = id.substring(0, id.indexOf(':'));
        String uuid = id.substring(id.indexOf(':') + 1);
        event.put("id", UUID.nameUUIDFromBytes(("event " + arn).getBytes(StandardCharsets.UTF_8)).toString());
        ((ArrayNode) event.get("resources")).removeAll().add(arn);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("build-status", status).put("project-name", project).put("build-id", arn);
        ObjectNode info = (ObjectNode) detail.get("additional-information");
        info.put("source-version", sourceVersion);
        ((ObjectNode) info.get("source")).put("location", "https://github.com/" + OWNER + "/" + repo + ".git");
        ((ObjectNode) info.get("logs")).put("group-name", "/aws/codebuild/" + project).put("stream-name", uuid)
                .put("deep-link", "https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEvent:group="
                        + "/aws/codebuild/" + project + ";stream=" + uuid);
        for (JsonNode phase : info.get("phases")) {
            if (phase.path("phase-type").asText().equals("BUILD")) {
                ((ObjectNode) phase).put("phase-status", status);
                ArrayNode context = ((ObjectNode) phase).putArray("phase-context");
                if (!status.equals("SUCCEEDED")) {
                    context.add("COMMAND_EXECUTION_ERROR: " + BuildFixture.FAILED_COMMAND);
                }
            }
        }
        return event.toString();
    }

    static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
