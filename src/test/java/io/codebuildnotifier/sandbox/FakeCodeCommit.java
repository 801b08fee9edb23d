package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * CodeCommit ({@code CodeCommit_20150413}, recorded as {@code codecommit}): GetCommit, GetBranch,
 * GetPullRequest, GetDifferences. From {@code codecommit/<repo>/{commits,branches,pull-requests}/*.json},
 * {@code codecommit/<repo>/differences/<before>..<after>.json} ({@code root..<after>.json} for no before
 * commit) and the {@code put*} methods. A repository exists once it has a commit, a branch or a pull request;
 * pull request ids are the account's, not a repository's, as in CodeCommit.
 */
final class FakeCodeCommit extends AwsJsonService {

    /** When {@link #putPullRequest(String, String, String, String)} says its pull requests were opened. */
    private static final double PULL_REQUEST_DATE = 1_793_720_000.0;

    /** What CodeCommit accepts as a pull request id; anything else is InvalidPullRequestIdException. */
    private static final String PULL_REQUEST_ID = "[1-9][0-9]{0,18}";

    private final Map<String, Map<String, ObjectNode>> commits = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> branches = new LinkedHashMap<>();
    private final Map<String, ObjectNode> pullRequests = new LinkedHashMap<>();
    /** Per repository, {@code before..after} (before empty for none) to its whole list of differences. */
    private final Map<String, Map<String, com.fasterxml.jackson.databind.node.ArrayNode>> differences =
            new LinkedHashMap<>();
    /** CodeCommit's page when a request names no MaxResults. */
    static final int DIFFERENCES_PAGE = 100;

    FakeCodeCommit(CallRecorder recorder) {
        super("CodeCommit_20150413", "codecommit", recorder);
    }

    @Override
    public void load(Path fixtures) {
        Fixtures.forEachRepoDir(fixtures.resolve("codecommit"), (repoDir, repo) -> {
            Fixtures.forEachJson(repoDir.resolve("commits"), node -> putCommit(repo, Json.unwrap(node, "commit")));
            Fixtures.forEachJson(repoDir.resolve("branches"), node -> {
                JsonNode branch = Json.unwrap(node, "branch");
                putBranch(repo, branch.path("branchName").asText(), branch.path("commitId").asText());
            });
            Fixtures.forEachJson(repoDir.resolve("pull-requests"), node -> {
                ObjectNode pullRequest = Json.unwrap(node, "pullRequest");
                if (!targetsRepo(pullRequest, repo)) {
                    throw new IllegalArgumentException("pull request " + pullRequest.path("pullRequestId")
                            + " under codecommit/" + repo + " has no target in " + repo);
                }
                putPullRequest(pullRequest);
            });
            Path dir = repoDir.resolve("differences");
            if (java.nio.file.Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
                    files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(file -> {
                        String name = file.getFileName().toString();
                        String[] range = name.substring(0, name.length() - ".json".length()).split("\\.\\.", -1);
                        if (range.length != 2 || range[1].isEmpty()) {
                            throw new IllegalArgumentException("codecommit/" + repo + "/differences/" + name
                                    + " is not named BEFORE..AFTER.json (root..AFTER.json for no before commit)");
                        }
                        JsonNode list = Fixtures.read(file).path("differences");
                        if (!list.isArray()) {
                            throw new IllegalArgumentException("codecommit/" + repo + "/differences/" + name
                                    + " has no differences array");
                        }
                        putDifferences(repo, range[0].equals("root") ? "" : range[0], range[1],
                                (com.fasterxml.jackson.databind.node.ArrayNode) list);
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    /**
     * What GetDifferences answers from {@code before} (empty for none) to {@code after}: every {@code Difference}
     * ({@code changeType}, {@code beforeBlob}, {@code afterBlob}), served a page at a time. The commits need not be
     * known; the repository exists from now on.
     */
    synchronized void putDifferences(String repo, String before, String after,
                                     com.fasterxml.jackson.databind.node.ArrayNode list) {
        differences.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(before + ".." + after, list.deepCopy());
        commits.computeIfAbsent(repo, k -> new LinkedHashMap<>());
        branches.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    }

    /** Adds a commit ({@code GetCommit}'s {@code commit} object; needs {@code commitId}). */
    synchronized void putCommit(String repo, ObjectNode commit) {
        commits.computeIfAbsent(repo, k -> new LinkedHashMap<>())
                .put(Json.required(commit, "commitId"), commit.deepCopy());
        branches.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    }

    synchronized void putBranch(String repo, String name, String sha) {
        branches.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(name, sha);
        commits.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    }

    /** Adds or replaces a pull request (GetPullRequest's {@code pullRequest}; needs {@code pullRequestId}). */
    synchronized void putPullRequest(ObjectNode pullRequest) {
        String id = Json.required(pullRequest, "pullRequestId");
        if (!id.matches(PULL_REQUEST_ID)) {
            throw new IllegalArgumentException("CodeCommit pull request ids are positive integers, not " + id);
        }
        pullRequests.put(id, pullRequest.deepCopy());
        pullRequest.path("pullRequestTargets").forEach(target -> {
            String repo = target.path("repositoryName").asText();
            if (!repo.isEmpty()) {
                commits.computeIfAbsent(repo, k -> new LinkedHashMap<>());
                branches.computeIfAbsent(repo, k -> new LinkedHashMap<>());
            }
        });
    }

    /**
     * Adds or replaces an open pull request from {@code sourceBranch} into {@code destinationBranch}
     * (names with or without {@code refs/heads/}); its commits are the branches' heads, if known.
     */
    synchronized void putPullRequest(String repo, String id, String sourceBranch, String destinationBranch) {
        String source = branchName(sourceBranch);
        String destination = branchName(destinationBranch);
        ObjectNode pullRequest = Json.object().put("pullRequestId", id)
                .put("title", "Merge " + source + " into " + destination)
                .put("lastActivityDate", PULL_REQUEST_DATE).put("creationDate", PULL_REQUEST_DATE)
                .put("pullRequestStatus", "OPEN")
                .put("authorArn", "arn:aws:iam::" + Sandbox.ACCOUNT + ":user/sandbox");
        ObjectNode target = pullRequest.putArray("pullRequestTargets").addObject().put("repositoryName", repo)
                .put("sourceReference", "refs/heads/" + source)
                .put("destinationReference", "refs/heads/" + destination);
        Map<String, String> heads = branches.getOrDefault(repo, Map.of());
        if (heads.containsKey(destination)) {
            target.put("destinationCommit", heads.get(destination));
        }
        if (heads.containsKey(source)) {
            target.put("sourceCommit", heads.get(source));
        }
        target.putObject("mergeMetadata").put("isMerged", false);
        pullRequest.put("revisionId", UUID.nameUUIDFromBytes(("revision " + id).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", ""));
        pullRequest.putArray("approvalRules");
        putPullRequest(pullRequest);
    }

    private static String branchName(String branch) {
        return branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
    }

    private static boolean targetsRepo(JsonNode pullRequest, String repo) {
        for (JsonNode target : pullRequest.path("pullRequestTargets")) {
            if (target.path("repositoryName").asText().equals(repo)) {
                return true;
            }
        }
        return false;
    }

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return switch (operation) {
            case "GetCommit" -> getCommit(request);
            case "GetBranch" -> getBranch(request);
            case "GetPullRequest" -> getPullRequest(request);
            case "GetDifferences" -> getDifferences(request);
            default -> unknownOperation();
        };
    }

    private Reply getCommit(JsonNode request) {
        String repo = request.path("repositoryName").asText();
        String commitId = request.path("commitId").asText();
        if (repo.isEmpty()) {
            return error(400, "RepositoryNameRequiredException", "A repository name is required.");
        }
        if (commitId.isEmpty()) {
            return error(400, "CommitIdRequiredException", "A commit ID is required.");
        }
        Map<String, ObjectNode> ofRepo = commits.get(repo);
        if (ofRepo == null) {
            return error(400, "RepositoryDoesNotExistException", repo + " does not exist");
        }
        ObjectNode commit = ofRepo.get(commitId);
        if (commit == null) {
            return error(400, "CommitIdDoesNotExistException",
                    "Could not find commit " + commitId + " in repository " + repo);
        }
        ObjectNode response = Json.object();
        response.set("commit", commit.deepCopy());
        return ok(response);
    }

    /**
     * GetDifferences by {@code beforeCommitSpecifier} (optional) and {@code afterCommitSpecifier}, paginated by
     * {@code MaxResults} and {@code NextToken} (CodeCommit spells these two with capitals). A range with no
     * differences put answers an empty list when both commits are known, else CommitDoesNotExistException.
     */
    private Reply getDifferences(JsonNode request) {
        String repo = request.path("repositoryName").asText();
        String before = request.path("beforeCommitSpecifier").asText("");
        String after = request.path("afterCommitSpecifier").asText("");
        if (repo.isEmpty()) {
            return error(400, "RepositoryNameRequiredException", "A repository name is required.");
        }
        if (after.isEmpty()) {
            return error(400, "CommitRequiredException", "A commit is required.");
        }
        Map<String, ObjectNode> ofRepo = commits.get(repo);
        if (ofRepo == null) {
            return error(400, "RepositoryDoesNotExistException", repo + " does not exist");
        }
        com.fasterxml.jackson.databind.node.ArrayNode all = differences.getOrDefault(repo, Map.of())
                .get(before + ".." + after);
        if (all == null) {
            for (String sha : before.isEmpty() ? List.of(after) : List.of(before, after)) {
                if (!ofRepo.containsKey(sha)) {
                    return error(400, "CommitDoesNotExistException", "Could not find commit " + sha
                            + " in repository " + repo);
                }
            }
            all = Json.MAPPER.createArrayNode();
        }
        int max = request.has("MaxResults") ? request.path("MaxResults").asInt(-1) : DIFFERENCES_PAGE;
        if (max <= 0) {
            return error(400, "InvalidMaxResultsException", "The specified number of maximum results is not valid.");
        }
        int start = 0;
        if (request.hasNonNull("NextToken")) {
            String token = request.path("NextToken").asText();
            if (!token.matches("page-[0-9]{1,6}") || Integer.parseInt(token.substring(5)) > all.size()) {
                return error(400, "InvalidContinuationTokenException", "The continuation token is not valid.");
            }
            start = Integer.parseInt(token.substring(5));
        }
        ObjectNode response = Json.object();
        var page = response.putArray("differences");
        int end = Math.min(all.size(), start + max);
        for (int i = start; i < end; i++) {
            page.add(all.get(i).deepCopy());
        }
        if (end < all.size()) {
            response.put("NextToken", "page-" + end);
        }
        return ok(response);
    }

    private Reply getBranch(JsonNode request) {
        String repo = request.path("repositoryName").asText();
        String name = request.path("branchName").asText();
        if (repo.isEmpty()) {
            return error(400, "RepositoryNameRequiredException", "A repository name is required.");
        }
        if (name.isEmpty()) {
            return error(400, "BranchNameRequiredException", "A branch name is required.");
        }
        Map<String, String> ofRepo = branches.get(repo);
        if (ofRepo == null) {
            return error(400, "RepositoryDoesNotExistException", repo + " does not exist");
        }
        String sha = ofRepo.get(name);
        if (sha == null) {
            return error(400, "BranchDoesNotExistException", "Branch " + name + " does not exist");
        }
        ObjectNode response = Json.object();
        response.putObject("branch").put("branchName", name).put("commitId", sha);
        return ok(response);
    }

    private Reply getPullRequest(JsonNode request) {
        String id = request.path("pullRequestId").asText();
        if (id.isEmpty()) {
            return error(400, "PullRequestIdRequiredException", "A pull request ID is required.");
        }
        if (!id.matches(PULL_REQUEST_ID)) {
            return error(400, "InvalidPullRequestIdException", "The pull request ID is not valid. Make sure that "
                    + "you have provided the full ID and that the pull request is in the specified repository, "
                    + "and then try again.");
        }
        ObjectNode pullRequest = pullRequests.get(id);
        if (pullRequest == null) {
            return error(400, "PullRequestDoesNotExistException", "The pull request ID could not be found. Make "
                    + "sure that you have specified the correct repository name and pull request ID, and then try "
                    + "again.");
        }
        ObjectNode response = Json.object();
        response.set("pullRequest", pullRequest.deepCopy());
        return ok(response);
    }
}
