package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub REST under {@code /github} (recorded as {@code github}, operation {@code "GET /repos/..."},
 * parameter {@code authorization} present or absent): get a commit (by SHA, a unique 7+ character
 * prefix or a branch name), list a branch's commits ({@code GET /repos/O/R/commits?sha=HEAD&per_page=N}:
 * newest first, following the stored commits' {@code parents}), get a branch, get a pull request, get a
 * user ({@code GET /users/{login}}, case-insensitively; 404 for an unknown login). From
 * {@code github/<owner>/<repo>/{commits,branches}/*.json}, {@code github/users/*.json} and the
 * {@code put*} methods; a repository exists once it has a commit or a branch.
 */
final class FakeGitHub implements Route {

    static final String PREFIX = "/github";
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final String API = "https://api.github.com";
    private static final String DOCS = "https://docs.github.com/rest";

    private final CallRecorder recorder;
    // by "owner/repo", then by SHA, branch name or pull request number
    private final Map<String, Map<String, ObjectNode>> commits = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> branches = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> pulls = new LinkedHashMap<>();
    // by lowercase login
    private final Map<String, ObjectNode> users = new LinkedHashMap<>();

    FakeGitHub(CallRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void load(Path fixtures) {
        Fixtures.forEachOwnerRepoDir(fixtures.resolve("github"), (repoDir, owner, repo) -> {
            Fixtures.forEachJson(repoDir.resolve("commits"), node -> putCommit(owner, repo, (ObjectNode) node));
            Fixtures.forEachJson(repoDir.resolve("branches"), node -> putBranchJson(owner, repo, (ObjectNode) node));
            Fixtures.forEachJson(repoDir.resolve("pulls"), node -> putPullJson(owner, repo, (ObjectNode) node));
        });
        Fixtures.forEachJson(fixtures.resolve("github/users"), node -> putUser((ObjectNode) node));
    }

    /** Adds a user as {@code GET /users/{login}} returns it (needs {@code login}; {@code email} null for none). */
    synchronized void putUser(ObjectNode user) {
        users.put(Json.required(user, "login").toLowerCase(java.util.Locale.ROOT), user.deepCopy());
    }

    /** Adds a commit as {@code GET /repos/{owner}/{repo}/commits/{sha}} returns it (needs {@code sha}). */
    synchronized void putCommit(String owner, String repo, ObjectNode commit) {
        commits.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>())
                .put(Json.required(commit, "sha"), commit.deepCopy());
    }

    /** Adds a branch as {@code GET /repos/{owner}/{repo}/branches/{name}} returns it (keyed by {@code name}). */
    synchronized void putBranchJson(String owner, String repo, ObjectNode branch) {
        branches.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>())
                .put(Json.required(branch, "name"), branch.deepCopy());
    }

    /** Adds a branch whose head is {@code sha}; the branch's commit is filled from a known commit if there is one. */
    synchronized void putBranch(String owner, String repo, String name, String sha) {
        String api = API + "/repos/" + owner + "/" + repo;
        ObjectNode branch = Json.object().put("name", name);
        ObjectNode known = commits.getOrDefault(owner + "/" + repo, Map.of()).get(sha);
        if (known != null) {
            ObjectNode commit = known.deepCopy();
            commit.remove(List.of("stats", "files"));
            branch.set("commit", commit);
        } else {
            branch.putObject("commit").put("sha", sha).put("url", api + "/commits/" + sha);
        }
        branch.putObject("_links").put("self", api + "/branches/" + name)
                .put("html", "https://github.com/" + owner + "/" + repo + "/tree/" + name);
        branch.put("protected", false);
        ObjectNode checks = branch.putObject("protection").put("enabled", false).putObject("required_status_checks");
        checks.put("enforcement_level", "off");
        checks.putArray("contexts");
        checks.putArray("checks");
        branch.put("protection_url", api + "/branches/" + name + "/protection");
        putBranchJson(owner, repo, branch);
    }

    /** Adds a pull request as {@code GET /repos/{owner}/{repo}/pulls/{number}} returns it (keyed by {@code number}). */
    synchronized void putPullJson(String owner, String repo, ObjectNode pull) {
        pulls.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>())
                .put(number(pull), pull.deepCopy());
    }

    private static String number(ObjectNode pull) {
        if (!pull.path("number").canConvertToInt() || pull.path("number").asInt() <= 0) {
            throw new IllegalArgumentException("missing \"number\" in a pull request fixture");
        }
        return Integer.toString(pull.path("number").asInt());
    }

    /** Adds a pull request whose head is {@code branch} at {@code sha}, into {@code main}. */
    synchronized void putPull(String owner, String repo, int number, String branch, String sha) {
        ObjectNode pull = Json.object().put("number", number).put("state", "open")
                .put("title", "Change " + branch)
                .put("html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + number);
        pull.putObject("head").put("ref", branch).put("sha", sha).put("label", owner + ":" + branch);
        pull.putObject("base").put("ref", "main");
        pulls.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>()).put(Integer.toString(number), pull);
    }

    @Override
    public boolean handles(Request request) {
        return request.path().startsWith(PREFIX + "/");
    }

    @Override
    public Reply handle(Request request) {
        String path = request.path().substring(PREFIX.length());
        String method = request.method();
        Fault fault = recorder.record("github", method + " " + path,
                Map.of("authorization", request.header("Authorization") != null ? "present" : "absent"));
        if (fault != null) {
            return Reply.fault(fault, CONTENT_TYPE);
        }
        String[] parts = path.split("/", 6); // "", "repos", owner, repo, "commits"|"branches"|"pulls", rest
        if (method.equals("GET") && parts.length == 3 && parts[1].equals("users") && !parts[2].isEmpty()) {
            return user(parts[2]);
        }
        if (method.equals("GET") && parts.length == 5 && parts[1].equals("repos") && parts[4].equals("commits")) {
            return listCommits(parts[2] + "/" + parts[3], request.uri().getRawQuery());
        }
        if (!method.equals("GET") || parts.length < 6 || !parts[1].equals("repos") || parts[5].isEmpty()) {
            return error(404, "Not Found", DOCS);
        }
        String repo = parts[2] + "/" + parts[3];
        return switch (parts[4]) {
            case "commits" -> commit(repo, parts[5]);
            case "branches" -> branch(repo, parts[5]);
            case "pulls" -> pull(repo, parts[5]);
            default -> error(404, "Not Found", DOCS);
        };
    }

    private synchronized Reply commit(String repo, String ref) {
        String docs = DOCS + "/commits/commits#get-a-commit";
        if (!repoExists(repo)) {
            return error(404, "Not Found", docs);
        }
        Map<String, ObjectNode> ofRepo = commits.getOrDefault(repo, Map.of());
        ObjectNode commit = ofRepo.get(ref);
        if (commit == null && ref.length() >= 7) {
            List<ObjectNode> byPrefix = ofRepo.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(ref)).map(Map.Entry::getValue).toList();
            commit = byPrefix.size() == 1 ? byPrefix.get(0) : null;
        }
        ObjectNode branch = branches.getOrDefault(repo, Map.of()).get(ref);
        if (commit == null && branch != null) {
            commit = ofRepo.get(branch.path("commit").path("sha").asText());
        }
        if (commit == null) {
            return error(422, "No commit found for SHA: " + ref, docs);
        }
        return Reply.json(200, CONTENT_TYPE, commit);
    }

    /**
     * The commits reachable from {@code sha} (a SHA or a branch name), newest first, as GitHub's
     * list-commits does: here a walk over every stored parent, breadth first, at most {@code per_page}.
     */
    private synchronized Reply listCommits(String repo, String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        if (!repoExists(repo)) {
            return error(404, "Not Found", DOCS + "/commits/commits#list-commits");
        }
        Map<String, ObjectNode> ofRepo = commits.getOrDefault(repo, Map.of());
        String start = query.getOrDefault("sha", "");
        ObjectNode branch = branches.getOrDefault(repo, Map.of()).get(start);
        if (branch != null) {
            start = branch.path("commit").path("sha").asText();
        }
        int perPage = Math.min(100, Integer.parseInt(query.getOrDefault("per_page", "30")));
        com.fasterxml.jackson.databind.node.ArrayNode page = Json.MAPPER.createArrayNode();
        java.util.ArrayDeque<String> queue = new java.util.ArrayDeque<>(List.of(start));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!queue.isEmpty() && page.size() < perPage) {
            ObjectNode commit = ofRepo.get(queue.poll());
            if (commit == null || !seen.add(commit.path("sha").asText())) {
                continue;
            }
            page.add(commit);
            commit.path("parents").forEach(parent -> queue.add(parent.path("sha").asText()));
        }
        if (page.isEmpty()) {
            return error(422, "No commit found for SHA: " + start, DOCS + "/commits/commits#list-commits");
        }
        return Reply.json(200, CONTENT_TYPE, page);
    }

    private synchronized Reply branch(String repo, String name) {
        String docs = DOCS + "/branches/branches#get-a-branch";
        if (!repoExists(repo)) {
            return error(404, "Not Found", docs);
        }
        ObjectNode branch = branches.getOrDefault(repo, Map.of()).get(name);
        return branch == null ? error(404, "Branch not found", docs) : Reply.json(200, CONTENT_TYPE, branch);
    }

    private synchronized Reply pull(String repo, String number) {
        ObjectNode pull = pulls.getOrDefault(repo, Map.of()).get(number);
        return pull == null
                ? error(404, "Not Found", DOCS + "/pulls/pulls#get-a-pull-request")
                : Reply.json(200, CONTENT_TYPE, pull);
    }

    private synchronized Reply user(String login) {
        ObjectNode user = users.get(login.toLowerCase(java.util.Locale.ROOT));
        return user == null
                ? error(404, "Not Found", DOCS + "/users/users#get-a-user")
                : Reply.json(200, CONTENT_TYPE, user);
    }

    private boolean repoExists(String repo) {
        return commits.containsKey(repo) || branches.containsKey(repo);
    }

    private static Reply error(int status, String message, String documentationUrl) {
        ObjectNode body = Json.object()
                .put("message", message)
                .put("documentation_url", documentationUrl)
                .put("status", Integer.toString(status));
        return Reply.json(status, CONTENT_TYPE, body);
    }
}
