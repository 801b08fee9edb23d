package io.codebuildnotifier.adapter.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.PullRequest;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.git.Repository;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Commits and branches from the GitHub REST API (github.com or Enterprise at {@code https://HOST/api/v3}).
 * A token is optional: public repositories work without one. A token is only sent to the host it
 * is for: the github.com token to the API of {@code CBN_GITHUB_API_URL}, an Enterprise token to its
 * own host, so that a project whose source names some other host never receives one.
 */
public final class GitHubHost implements GitHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI githubApi;
    private final Tokens tokens;
    private final Patience patience;

    /** Where tokens come from, by the API host they are for. */
    @FunctionalInterface
    public interface Tokens {
        Optional<String> forHost(String apiHost, Deadline deadline);
    }

    /**
     * @param githubApi API root for github.com ({@code CBN_GITHUB_API_URL})
     * @param tokens    the tokens, read when first needed
     */
    public GitHubHost(HttpClient http, URI githubApi, Tokens tokens, Patience patience) {
        this.http = http;
        this.githubApi = githubApi;
        this.tokens = tokens;
        this.patience = patience;
    }

    /** The API root for a repository: {@code CBN_GITHUB_API_URL}, or {@code https://HOST/api/v3} for Enterprise. */
    public String apiRoot(Repository repo) {
        if (repo.host() == Repository.Host.GITHUB_ENTERPRISE) {
            return "https://" + repo.server() + "/api/v3";
        }
        String root = githubApi.toString();
        return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    @Override
    public Commit commit(Repository repo, String sha, Deadline deadline) {
        JsonNode root = patience.call(deadline, () -> {
            Response response = get(repo, "/commits/" + encode(sha), deadline);
            if (response.status() == 404 || response.status() == 422) {
                throw new PermanentFailure("GitHub does not know commit " + sha + " of " + repo.owner() + "/"
                        + repo.name() + " (HTTP " + response.status()
                        + "; a private repository needs github_token in the secret)");
            }
            return response.okJson("GitHub commit " + sha);
        });
        JsonNode commit = root.path("commit");
        if (!root.isObject() || !commit.isObject() || !commit.path("author").isObject()) {
            throw new TransientFailure("GitHub answered commit " + sha + " with something that is not a commit");
        }
        return Commit.of(root.path("sha").asText(sha),
                commit.path("author").path("name").asText(""), commit.path("author").path("email").asText(""),
                commit.path("committer").path("name").asText(""), commit.path("committer").path("email").asText(""),
                commit.path("message").asText(""));
    }

    @Override
    public Optional<String> branchHead(Repository repo, String branch, Deadline deadline) {
        return patience.call(deadline, () -> {
            Response response = get(repo, "/branches/" + encode(branch), deadline);
            if (response.status() == 404) {
                return Optional.<String>empty();
            }
            String sha = response.okJson("GitHub branch " + branch).path("commit").path("sha").asText("");
            return sha.isEmpty() ? Optional.<String>empty() : Optional.of(sha);
        });
    }

    /**
     * One call: the branch's latest commits from {@code head} ({@code GET /repos/O/R/commits?sha=HEAD}),
     * followed along first parents within that page.
     */
    @Override
    public List<String> firstParents(Repository repo, String head, int depth, Deadline deadline) {
        int perPage = Math.max(1, Math.min(depth, 100));
        JsonNode page = patience.call(deadline, () -> {
            Response response = get(repo, "/commits?sha=" + encode(head) + "&per_page=" + perPage, deadline);
            if (response.status() == 404 || response.status() == 409 || response.status() == 422) {
                return JSON.createArrayNode();
            }
            return response.okJson("GitHub commits of " + head);
        });
        Map<String, String> firstParent = new HashMap<>();
        for (JsonNode commit : page.isArray() ? page : JSON.createArrayNode()) {
            String sha = commit.path("sha").asText("").toLowerCase(Locale.ROOT);
            JsonNode parents = commit.path("parents");
            if (!sha.isEmpty()) {
                firstParent.put(sha, parents.isArray() && !parents.isEmpty()
                        ? parents.get(0).path("sha").asText("").toLowerCase(Locale.ROOT) : "");
            }
        }
        List<String> line = new ArrayList<>();
        for (String sha = head.toLowerCase(Locale.ROOT); !sha.isEmpty() && firstParent.containsKey(sha)
                && line.size() < depth; sha = firstParent.get(sha)) {
            line.add(sha);
        }
        return line;
    }

    @Override
    public Optional<PullRequest> pullRequest(Repository repo, String number, Deadline deadline) {
        return patience.call(deadline, () -> {
            Response response = get(repo, "/pulls/" + encode(number), deadline);
            if (response.status() == 404) {
                return Optional.<PullRequest>empty();
            }
            com.fasterxml.jackson.databind.JsonNode pull = response.okJson("GitHub pull request " + number);
            return Optional.of(new PullRequest(pull.path("head").path("ref").asText(""),
                    pull.path("title").asText("")));
        });
    }

    /**
     * For a SnapStart snapshot: one request that needs no token and that GitHub does not count against
     * the rate limit ({@code GET /rate_limit} of {@code CBN_GITHUB_API_URL}), its answer read as JSON,
     * so that the HTTP client's request and response paths (and TLS) are loaded. Reads no token and
     * sends none.
     *
     * @return the HTTP status GitHub answered
     * @throws TransientFailure when GitHub cannot be reached in time
     */
    public int prime(Deadline deadline) {
        String root = githubApi.toString();
        URI uri = URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + "/rate_limit");
        Response response = send(uri, Optional.empty(), deadline.attemptTimeout(TIMEOUT, "GitHub request"));
        if (response.status() / 100 == 2) {
            response.okJson("GitHub rate limit");
        }
        return response.status();
    }

    /**
     * One {@code GET} of a path under {@code CBN_GITHUB_API_URL} (for {@link GitHubUsers}), with the
     * github.com token when one is configured; no retries.
     */
    Response getFromApi(String path, Duration cap, Deadline deadline) {
        String root = githubApi.toString();
        URI uri = URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
        Duration timeout = deadline.attemptTimeout(cap, "GitHub request");
        return send(uri, tokens.forHost(uri.getHost(), deadline), timeout);
    }

    private Response get(Repository repo, String path, Deadline deadline) {
        URI uri = URI.create(apiRoot(repo) + "/repos/" + encode(repo.owner()) + "/" + encode(repo.name()) + path);
        Duration timeout = deadline.attemptTimeout(TIMEOUT, "GitHub request");
        return send(uri, tokens.forHost(uri.getHost(), deadline), timeout);
    }

    private Response send(URI uri, Optional<String> token, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "codebuild-notifier");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        // the request's own timeout ends with the response's headers: the whole exchange, body
        // included, is bounded here
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("x-ratelimit-remaining").orElse(""), uri.getHost());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new TransientFailure("GitHub at " + uri.getHost() + " did not answer within " + timeout.toMillis()
                    + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TransientFailure("GitHub at " + uri.getHost() + " could not be reached: " + cause.getMessage(),
                    cause);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while calling GitHub", e);
        }
    }

    record Response(int status, String body, String rateLimitRemaining, String host) {
        JsonNode okJson(String what) {
            if (status == 401) {
                throw new MisconfigurationFailure("GitHub at " + host + " rejected the github_token from the secret (HTTP 401)");
            }
            if (status == 429 || (status == 403 && "0".equals(rateLimitRemaining))) {
                throw new TransientFailure("GitHub rate limit reached for " + what + "; add github_token to the secret "
                        + "for 5,000 requests an hour");
            }
            if (status == 403) {
                throw new MisconfigurationFailure("GitHub at " + host + " refused " + what + " (HTTP 403): check the "
                        + "github_token's access to the repository");
            }
            if (status >= 500) {
                throw new TransientFailure("GitHub answered HTTP " + status + " for " + what);
            }
            if (status / 100 != 2) {
                throw new PermanentFailure("GitHub answered HTTP " + status + " for " + what);
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new TransientFailure("GitHub answered " + what + " with a body that is not JSON", e);
            }
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
