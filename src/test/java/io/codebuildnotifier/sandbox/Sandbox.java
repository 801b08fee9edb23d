package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Loopback fakes of every remote API the notifier calls, on one JDK {@link HttpServer} bound to
 * 127.0.0.1 on an ephemeral port. Real clients (AWS SDK v2, slack-api-client, JDK HttpClient) are
 * pointed at it and talk their real wire formats:
 *
 * <ul>
 *   <li>AWS JSON 1.1 on {@code POST /}, dispatched on {@code X-Amz-Target}: CodeBuild
 *       BatchGetBuilds, Secrets Manager GetSecretValue, CodeCommit GetCommit and GetBranch.</li>
 *   <li>GitHub REST under {@code /github}: get a commit, get a branch.</li>
 *   <li>Slack Web API under {@code /api/}: users.lookupByEmail, users.info, users.list,
 *       chat.postMessage, auth.test.</li>
 * </ul>
 *
 * State comes from a fixtures directory (see {@code events/sandbox/README.md}) and from the
 * {@code put*} methods. Every request is recorded ({@link #calls()}), successful Slack posts too
 * ({@link #posts()}), and {@link #failNext} injects faults. All public methods are thread-safe.
 */
public final class Sandbox implements AutoCloseable {

    /** One request as the sandbox saw it. {@code params} never holds a token or secret value. */
    public record Call(String service, String operation, Map<String, String> params) {
    }

    /** A successful chat.postMessage: the channel as sent, the id it resolved to, and the content as sent. */
    public record SlackPost(String channel, String resolvedChannel, String text, String attachmentsJson,
                            String blocksJson) {
    }

    /** What to do instead of answering normally. */
    public sealed interface Fault {

        /** Close the connection without sending any response. */
        Fault DROP_CONNECTION = new DropConnection();

        /** Answer with this status, body ({@code null} for none) and extra headers. */
        record HttpStatus(int status, String body, Map<String, String> headers) implements Fault {
            public HttpStatus {
                headers = Map.copyOf(headers);
            }
        }

        record DropConnection() implements Fault {
        }

        static Fault status(int status) {
            return new HttpStatus(status, null, Map.of());
        }

        static Fault status(int status, String body, Map<String, String> headers) {
            return new HttpStatus(status, body, headers);
        }

        /** Slack's rate limit answer: HTTP 429, {@code Retry-After}, {"ok":false,"error":"ratelimited"}. */
        static Fault slackRateLimited(int retryAfterSeconds) {
            return new HttpStatus(429, "{\"ok\":false,\"error\":\"ratelimited\"}",
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds),
                            "Content-Type", SLACK_JSON));
        }

        /** An AWS JSON 1.1 error, e.g. {@code awsError(400, "ThrottlingException", "Rate exceeded")}. */
        static Fault awsError(int status, String type, String message) {
            String body = JSON.createObjectNode().put("__type", type).put("message", message).toString();
            return new HttpStatus(status, body, Map.of("Content-Type", AWS_JSON));
        }
    }

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";
    /** The secret whose {@code token} field is the Slack token the sandbox expects. */
    public static final String SLACK_SECRET_NAME = "slack/codebuild";

    static final String AWS_JSON = "application/x-amz-json-1.1";
    static final String SLACK_JSON = "application/json; charset=utf-8";
    private static final String GITHUB_JSON = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_API = "https://api.github.com";
    private static final String TEAM_ID = "T0SANDBOX1";
    private static final String BOT_USER_ID = "U0BOTUSER1";
    private static final String BOT_ID = "B0SANDBOX1";
    private static final String APP_ID = "A0SANDBOX1";
    /** Slack message timestamps are seconds.micros; ours count up from here. */
    private static final long TS_SECONDS = 1_793_000_000L;
    private static final double SECRET_CREATED_DATE = 1_790_000_000.125;

    private record Secret(String name, String arn, String versionId, String secretString) {
    }

    private static final class PendingFault {
        final String service;
        final String operation;
        int remaining;
        int pass;
        final Fault fault;

        PendingFault(String service, String operation, int remaining, Fault fault) {
            this.service = service;
            this.operation = operation;
            this.remaining = remaining;
            this.fault = fault;
        }

        boolean matches(String service, String operation) {
            return this.service.equals(service) && (this.operation.equals("*") || this.operation.equals(operation));
        }
    }

    /** What a handler answers: status, headers, body. */
    private record Reply(int status, String contentType, String body, Map<String, String> headers) {
        static Reply json(int status, String contentType, JsonNode body) {
            return new Reply(status, contentType, body.toString(), Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    // state, guarded by "this"
    private final Map<String, ObjectNode> builds = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> gitHubCommits = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> gitHubBranches = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> gitHubPulls = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> codeCommitCommits = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> codeCommitBranches = new LinkedHashMap<>();
    private final Map<String, ObjectNode> slackUsers = new LinkedHashMap<>();
    private final Map<String, String> slackChannels = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<SlackPost> posts = new ArrayList<>();
    private final List<PendingFault> faults = new ArrayList<>();
    private String slackToken;
    private long slackTsCounter;

    static {
        // Without TCP_NODELAY, every request waits ~40 ms for a delayed ACK (Nagle's algorithm):
        // the JDK server reads it once, when its configuration class loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private Sandbox() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    // ------------------------------------------------------------------ lifecycle and addresses

    /** Starts a sandbox loaded from a fixtures directory laid out as in {@code events/sandbox/README.md}. */
    public static Sandbox start(Path fixturesDir) {
        Sandbox sandbox = new Sandbox();
        try {
            sandbox.load(fixturesDir);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    /** Starts an empty sandbox whose only state is the secret {@value #SLACK_SECRET_NAME} holding this token. */
    public static Sandbox empty(String slackToken) {
        Sandbox sandbox = new Sandbox();
        sandbox.putSecret(SLACK_SECRET_NAME, JSON.createObjectNode().put("token", slackToken).toString());
        return sandbox;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Endpoint override for CodeBuild, Secrets Manager and CodeCommit clients. */
    public String awsEndpoint() {
        return baseUrl();
    }

    /** GitHub API base URL, without a trailing slash, like {@code https://api.github.com}. */
    public String githubApiUrl() {
        return baseUrl() + "/github";
    }

    /** Slack methods URL prefix, with the trailing slash, like {@code https://slack.com/api/}. */
    public String slackApiUrl() {
        return baseUrl() + "/api/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ state

    /** Adds or replaces a CodeBuild {@code Build} (BatchGetBuilds wire format; needs {@code id} PROJECT:UUID). */
    public synchronized void putBuild(ObjectNode build) {
        builds.put(required(build, "id"), build.deepCopy());
    }

    /** Adds a commit as {@code GET /repos/{owner}/{repo}/commits/{sha}} returns it (needs {@code sha}). */
    public synchronized void putGitHubCommit(String owner, String repo, ObjectNode commit) {
        gitHubCommits.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>())
                .put(required(commit, "sha"), commit.deepCopy());
    }

    /** Adds a branch whose head is {@code sha}; the branch's commit is filled from a known commit if there is one. */
    public synchronized void putGitHubBranch(String owner, String repo, String name, String sha) {
        String api = GITHUB_API + "/repos/" + owner + "/" + repo;
        ObjectNode branch = JSON.createObjectNode().put("name", name);
        ObjectNode known = gitHubCommits.getOrDefault(owner + "/" + repo, Map.of()).get(sha);
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
        putGitHubBranchJson(owner, repo, branch);
    }

    /** Adds a CodeCommit commit ({@code GetCommit}'s {@code commit} object; needs {@code commitId}). */
    public synchronized void putCodeCommitCommit(String repo, ObjectNode commit) {
        codeCommitCommits.computeIfAbsent(repo, k -> new LinkedHashMap<>())
                .put(required(commit, "commitId"), commit.deepCopy());
        codeCommitBranches.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    }

    public synchronized void putCodeCommitBranch(String repo, String name, String sha) {
        codeCommitBranches.computeIfAbsent(repo, k -> new LinkedHashMap<>()).put(name, sha);
        codeCommitCommits.computeIfAbsent(repo, k -> new LinkedHashMap<>());
    }

    /** Adds or replaces a Slack user object (needs {@code id}; email in {@code profile.email}). */
    public synchronized void putSlackUser(ObjectNode user) {
        slackUsers.put(required(user, "id"), user.deepCopy());
    }

    public synchronized void putSlackChannel(String id, String name) {
        slackChannels.put(id, name);
    }

    /** Adds or replaces a secret; a {@code token} in {@value #SLACK_SECRET_NAME} becomes the expected Slack token. */
    public synchronized void putSecret(String name, String secretString) {
        secrets.put(name, new Secret(name, secretArn(name), versionId(name), secretString));
        String token = tokenIn(secretString);
        if (name.equals(SLACK_SECRET_NAME) && token != null) {
            slackToken = token;
        }
    }

    /**
     * Overrides the token Slack calls must carry. It starts as the {@code token} of the secret
     * {@value #SLACK_SECRET_NAME} (or of the first secret that has one); {@code null} makes every
     * authenticated Slack call fail with invalid_auth.
     */
    public synchronized void setSlackToken(String token) {
        slackToken = token;
    }

    public synchronized String slackToken() {
        return slackToken;
    }

    // ------------------------------------------------------------------ recordings and faults

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<SlackPost> posts() {
        return List.copyOf(posts);
    }

    public synchronized long count(String service, String operation) {
        return calls.stream().filter(c -> c.service().equals(service) && c.operation().equals(operation)).count();
    }

    /** Forgets recorded calls and posts (state and pending faults stay). */
    public synchronized void clearRecordings() {
        calls.clear();
        posts.clear();
    }

    /** Like {@link #failNext}, but lets the first {@code pass} matching requests through. */
    public synchronized void failAfter(String service, String operation, int pass, int times, Fault fault) {
        failNext(service, operation, times, fault);
        faults.get(faults.size() - 1).pass = pass;
    }

    /** Drops every fault not yet served. */
    public synchronized void clearFaults() {
        faults.clear();
        randomFaults.clear();
    }

    /**
     * The next {@code times} requests to {@code service} / {@code operation} (as in {@link Call};
     * {@code "*"} for any operation of the service) get {@code fault} instead of an answer. They are
     * still recorded, with the parameter {@code sandbox.fault}.
     */
    public synchronized void failNext(String service, String operation, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        faults.add(new PendingFault(service, operation, times, Objects.requireNonNull(fault)));
    }

    // ------------------------------------------------------------------ fixtures

    private void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no fixtures directory " + dir.toAbsolutePath());
        }
        forEachJson(dir.resolve("codebuild"), (path, node) -> putBuild((ObjectNode) node));
        forEachRepoDir(dir.resolve("github"), 2, (repoDir, owner, repo) -> {
            forEachJson(repoDir.resolve("commits"), (path, node) -> putGitHubCommit(owner, repo, (ObjectNode) node));
            forEachJson(repoDir.resolve("branches"), (path, node) -> putGitHubBranchJson(owner, repo, (ObjectNode) node));
        });
        forEachRepoDir(dir.resolve("codecommit"), 1, (repoDir, unused, repo) -> {
            forEachJson(repoDir.resolve("commits"), (path, node) ->
                    putCodeCommitCommit(repo, (ObjectNode) (node.has("commit") ? node.get("commit") : node)));
            forEachJson(repoDir.resolve("branches"), (path, node) -> {
                JsonNode branch = node.has("branch") ? node.get("branch") : node;
                putCodeCommitBranch(repo, branch.path("branchName").asText(), branch.path("commitId").asText());
            });
        });
        readIfExists(dir.resolve("slack/users.json")).forEach(user -> putSlackUser((ObjectNode) user));
        readIfExists(dir.resolve("slack/channels.json"))
                .forEach(channel -> putSlackChannel(channel.path("id").asText(), channel.path("name").asText()));
        readIfExists(dir.resolve("secrets.json")).properties()
                .forEach(secret -> putSecret(secret.getKey(), secret.getValue().asText()));
        synchronized (this) {
            if (slackToken == null) {
                slackToken = secrets.values().stream().map(secret -> tokenIn(secret.secretString()))
                        .filter(Objects::nonNull).findFirst().orElse(null);
            }
        }
    }

    /** The {@code token} field of a JSON secret string, or {@code null}. */
    private static String tokenIn(String secretString) {
        try {
            JsonNode token = JSON.readTree(secretString).path("token");
            return token.isTextual() ? token.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private interface JsonFileAction {
        void accept(Path path, JsonNode node);
    }

    private interface RepoDirAction {
        void accept(Path repoDir, String owner, String repo);
    }

    private static void forEachJson(Path dir, JsonFileAction action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".json")).sorted()
                    .forEach(p -> action.accept(p, readJson(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Visits {@code dir/OWNER/REPO} (depth 2, GitHub) or {@code dir/REPO} (depth 1, CodeCommit). */
    private static void forEachRepoDir(Path dir, int depth, RepoDirAction action) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> repoDirs = Files.walk(dir, depth)) {
            repoDirs.filter(p -> dir.relativize(p).getNameCount() == depth && Files.isDirectory(p)).sorted()
                    .forEach(p -> action.accept(p, depth == 2 ? p.getParent().getFileName().toString() : null,
                            p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readIfExists(Path file) {
        return Files.exists(file) ? readJson(file) : JSON.createObjectNode();
    }

    private static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    private synchronized void putGitHubBranchJson(String owner, String repo, ObjectNode branch) {
        gitHubBranches.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>())
                .put(required(branch, "name"), branch.deepCopy());
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing \"" + field + "\" in " + node);
        }
        return value.asText();
    }

    // ------------------------------------------------------------------ HTTP plumbing

    /**
     * Told when the sandbox starts answering a request and when its answer is ready (on the server's
     * thread, before the answer is written, so a client never sees an answer before {@code answered}).
     * For the benchmark, which subtracts the fakes' own time from the handler's.
     */
    public interface RequestListener {
        void started();

        void answered();
    }

    private volatile RequestListener listener;

    /** Sets (or, with {@code null}, removes) the one {@link RequestListener}. */
    public void listen(RequestListener listener) {
        this.listener = listener;
    }

    private void handle(HttpExchange exchange) throws IOException {
        RequestListener told = listener;
        if (told == null) {
            answer(exchange, () -> { });
            return;
        }
        told.started();
        boolean[] answered = {false};
        Runnable ready = () -> {
            if (!answered[0]) {
                answered[0] = true;
                told.answered();
            }
        };
        try {
            answer(exchange, ready);
        } finally {
            ready.run();
        }
    }

    /** Answers one request; {@code ready} runs once the answer is known, before it is written. */
    private void answer(HttpExchange exchange, Runnable ready) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Reply reply;
            if (path.startsWith("/github/")) {
                reply = gitHub(exchange, path.substring("/github".length()));
            } else if (path.startsWith("/api/")) {
                reply = slack(exchange, path.substring("/api/".length()), new String(body, StandardCharsets.UTF_8));
            } else if (path.equals("/") && exchange.getRequestHeaders().containsKey("X-Amz-Target")) {
                reply = aws(exchange, exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            } else {
                reply = new Reply(404, "text/plain; charset=utf-8", "no sandbox route for " + path, Map.of());
            }
            ready.run();
            // null means DROP_CONNECTION: closing an exchange before sending headers closes the socket
            if (reply != null) {
                send(exchange, reply);
            }
        } catch (RuntimeException e) {
            ready.run();
            try {
                send(exchange, new Reply(500, "text/plain; charset=utf-8", "sandbox failure: " + e, Map.of()));
            } catch (IOException alreadyAnswered) {
                e.addSuppressed(alreadyAnswered);
            }
            throw e;
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.contentType() != null && !reply.headers().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    // ------------------------------------------------------------------ DynamoDB pass-through

    private volatile URI dynamoUpstream;
    private final java.net.http.HttpClient forwarder = java.net.http.HttpClient.newHttpClient();

    /**
     * Passes DynamoDB calls made to this sandbox on to DynamoDB Local, so that faults
     * ({@code service "dynamodb"}, e.g. {@code ProvisionedThroughputExceededException}) can be injected
     * between the real client and the real engine. Point {@code aws.endpointUrlDynamoDb} here to use it.
     */
    public void forwardDynamoDbTo(String endpoint) {
        dynamoUpstream = URI.create(endpoint);
    }

    /** A DynamoDB throttling answer, as DynamoDB sends it (JSON 1.0). */
    public static Fault dynamoThrottling() {
        String body = JSON.createObjectNode()
                .put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")
                .put("message", "The level of configured provisioned throughput for the table was exceeded.")
                .toString();
        return new Fault.HttpStatus(400, body, Map.of("Content-Type", "application/x-amz-json-1.0"));
    }

    private Reply forwardToDynamo(HttpExchange exchange, byte[] body) {
        URI upstream = dynamoUpstream;
        if (upstream == null) {
            return awsError(400, "UnknownOperationException", "DynamoDB is not forwarded by this sandbox");
        }
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(upstream.resolve("/"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("X-Amz-Target", "Content-Type", "Authorization", "X-Amz-Date",
                "X-Amz-Security-Token")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            java.net.http.HttpResponse<String> response = forwarder.send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/x-amz-json-1.0"),
                    response.body(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ random faults

    private record RandomFault(String service, String operation, double share, Fault fault, java.util.Random random) {
        boolean matches(String s, String o) {
            return service.equals(s) && (operation.equals("*") || operation.equals(o));
        }
    }

    private final List<RandomFault> randomFaults = new ArrayList<>();
    private final Map<String, Integer> injected = new LinkedHashMap<>();

    /** From now on, a share of the requests to {@code service}/{@code operation} get {@code fault}. */
    public synchronized void failRandomly(String service, String operation, double share, Fault fault, long seed) {
        randomFaults.add(new RandomFault(service, operation, share, fault, new java.util.Random(seed)));
    }

    /** Faults served so far (pending and random), by {@code service operation fault}. */
    public synchronized Map<String, Integer> injectedFaults() {
        return Map.copyOf(injected);
    }

    /** Records the call; returns the fault to apply instead of answering, if one is pending. */
    private synchronized Fault record(String service, String operation, Map<String, String> params) {
        Fault fault = pickFault(service, operation);
        Map<String, String> recorded = new LinkedHashMap<>(params);
        if (fault != null) {
            recorded.put("sandbox.fault", describe(fault));
            injected.merge(service + " " + operation + " " + describe(fault), 1, Integer::sum);
        }
        calls.add(new Call(service, operation, Map.copyOf(recorded)));
        return fault;
    }

    private Fault pickFault(String service, String operation) {
        Fault fault = null;
        for (Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
            PendingFault pending = it.next();
            if (pending.matches(service, operation)) {
                if (pending.pass > 0) {
                    pending.pass--;
                    break;
                }
                fault = pending.fault;
                if (--pending.remaining == 0) {
                    it.remove();
                }
                return fault;
            }
        }
        for (RandomFault random : randomFaults) {
            if (random.matches(service, operation) && random.random().nextDouble() < random.share()) {
                return random.fault();
            }
        }
        return null;
    }

    private static String describe(Fault fault) {
        return fault instanceof Fault.HttpStatus status ? Integer.toString(status.status()) : "DROP_CONNECTION";
    }

    /** The reply for a fault, or {@code null} to drop the connection. */
    private static Reply faultReply(Fault fault, String defaultContentType) {
        if (fault instanceof Fault.HttpStatus status) {
            return new Reply(status.status(), status.body() == null ? null : defaultContentType, status.body(),
                    status.headers());
        }
        return null;
    }

    // ------------------------------------------------------------------ AWS JSON 1.1

    private Reply aws(HttpExchange exchange, String target, byte[] body) {
        int dot = target.indexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        String operation = dot < 0 ? "" : target.substring(dot + 1);
        String service = switch (prefix) {
            case "CodeBuild_20161006" -> "codebuild";
            case "secretsmanager" -> "secretsmanager";
            case "CodeCommit_20150413" -> "codecommit";
            case "DynamoDB_20120810" -> "dynamodb";
            default -> prefix.toLowerCase(Locale.ROOT);
        };
        if (service.equals("dynamodb")) {
            Fault fault = record(service, operation, dynamoParams(body));
            return fault != null ? faultReply(fault, "application/x-amz-json-1.0") : forwardToDynamo(exchange, body);
        }
        JsonNode request;
        try {
            request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return awsError(400, "SerializationException", "Could not parse the request body as JSON");
        }
        Fault fault = record(service, operation, awsParams(request));
        if (fault != null) {
            return faultReply(fault, AWS_JSON);
        }
        return switch (target) {
            case "CodeBuild_20161006.BatchGetBuilds" -> batchGetBuilds(request);
            case "CodeBuild_20161006.ListBuilds" -> listBuilds(request);
            case "CodeBuild_20161006.ListBuildsForProject" -> listBuildsForProject(request);
            case "secretsmanager.GetSecretValue" -> getSecretValue(request);
            case "CodeCommit_20150413.GetCommit" -> getCommit(request);
            case "CodeCommit_20150413.GetBranch" -> getBranch(request);
            default -> awsError(400, "UnknownOperationException", null);
        };
    }

    /** {@code tables}: the tables a DynamoDB request names ({@code TableName} anywhere, {@code RequestItems} keys). */
    private static Map<String, String> dynamoParams(byte[] body) {
        java.util.SortedSet<String> tables = new java.util.TreeSet<>();
        try {
            collectTables(body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body), tables);
        } catch (IOException e) {
            return Map.of();
        }
        return tables.isEmpty() ? Map.of() : Map.of("tables", String.join(",", tables));
    }

    private static void collectTables(JsonNode node, java.util.SortedSet<String> tables) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("TableName") && field.getValue().isTextual()) {
                    tables.add(field.getValue().asText());
                } else if (field.getKey().equals("RequestItems") && field.getValue().isObject()) {
                    field.getValue().fieldNames().forEachRemaining(tables::add);
                }
                collectTables(field.getValue(), tables);
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectTables(item, tables));
        }
    }

    /** Top-level request members as strings; arrays of strings joined with ",". */
    private static Map<String, String> awsParams(JsonNode request) {
        Map<String, String> params = new LinkedHashMap<>();
        request.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
                params.put(field.getKey(), String.join(",", items));
            } else {
                params.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
            }
        });
        return params;
    }

    private static Reply awsOk(JsonNode body) {
        return new Reply(200, AWS_JSON, body.toString(), Map.of("x-amzn-RequestId", UUID.randomUUID().toString()));
    }

    private static Reply awsError(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        return new Reply(status, AWS_JSON, body.toString(), Map.of("x-amzn-RequestId", UUID.randomUUID().toString()));
    }

    /** Every build id, newest first (by start time), 100 a page; the next token is the offset. */
    private synchronized Reply listBuilds(JsonNode request) {
        List<ObjectNode> all = builds.values().stream()
                .sorted(Comparator.comparingDouble((ObjectNode b) -> b.path("startTime").asDouble()).reversed())
                .toList();
        int from = request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
        int to = Math.min(all.size(), from + 100);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode ids = response.putArray("ids");
        all.subList(from, to).forEach(b -> ids.add(b.path("id").asText()));
        if (to < all.size()) {
            response.put("nextToken", Integer.toString(to));
        }
        return awsOk(response);
    }

    /** A project's build ids, newest first (by start time), 100 a page; the next token is the offset. */
    private synchronized Reply listBuildsForProject(JsonNode request) {
        String project = request.path("projectName").asText();
        List<ObjectNode> ofProject = builds.values().stream()
                .filter(b -> b.path("projectName").asText().equals(project))
                .sorted(Comparator.comparingDouble((ObjectNode b) -> b.path("startTime").asDouble()).reversed())
                .toList();
        if (ofProject.isEmpty()) {
            return awsError(400, "ResourceNotFoundException", "Project cannot be found: " + project);
        }
        if ("ASCENDING".equals(request.path("sortOrder").asText())) {
            ofProject = new ArrayList<>(ofProject);
            java.util.Collections.reverse(ofProject);
        }
        int from = request.hasNonNull("nextToken") ? Integer.parseInt(request.path("nextToken").asText()) : 0;
        int to = Math.min(ofProject.size(), from + 100);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode ids = response.putArray("ids");
        ofProject.subList(from, to).forEach(b -> ids.add(b.path("id").asText()));
        if (to < ofProject.size()) {
            response.put("nextToken", Integer.toString(to));
        }
        return awsOk(response);
    }

    private synchronized Reply batchGetBuilds(JsonNode request) {
        JsonNode ids = request.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > 100) {
            return awsError(400, "InvalidInputException",
                    "1 validation error detected: Value at 'ids' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 100 and greater than or equal to 1");
        }
        ObjectNode response = JSON.createObjectNode();
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
        return awsOk(response);
    }

    private synchronized Reply getSecretValue(JsonNode request) {
        String secretId = request.path("SecretId").asText();
        Secret secret = secrets.values().stream()
                .filter(s -> s.name().equals(secretId) || s.arn().equals(secretId))
                .findFirst().orElse(null);
        if (secret == null) {
            return awsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        ObjectNode response = JSON.createObjectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", secret.versionId())
                .put("SecretString", secret.secretString());
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", SECRET_CREATED_DATE);
        return awsOk(response);
    }

    private synchronized Reply getCommit(JsonNode request) {
        String repo = request.path("repositoryName").asText();
        String commitId = request.path("commitId").asText();
        if (repo.isEmpty()) {
            return awsError(400, "RepositoryNameRequiredException", "A repository name is required.");
        }
        if (commitId.isEmpty()) {
            return awsError(400, "CommitIdRequiredException", "A commit ID is required.");
        }
        Map<String, ObjectNode> commits = codeCommitCommits.get(repo);
        if (commits == null) {
            return awsError(400, "RepositoryDoesNotExistException", repo + " does not exist");
        }
        ObjectNode commit = commits.get(commitId);
        if (commit == null) {
            return awsError(400, "CommitIdDoesNotExistException",
                    "Could not find commit " + commitId + " in repository " + repo);
        }
        ObjectNode response = JSON.createObjectNode();
        response.set("commit", commit.deepCopy());
        return awsOk(response);
    }

    private synchronized Reply getBranch(JsonNode request) {
        String repo = request.path("repositoryName").asText();
        String name = request.path("branchName").asText();
        if (repo.isEmpty()) {
            return awsError(400, "RepositoryNameRequiredException", "A repository name is required.");
        }
        if (name.isEmpty()) {
            return awsError(400, "BranchNameRequiredException", "A branch name is required.");
        }
        Map<String, String> branches = codeCommitBranches.get(repo);
        if (branches == null) {
            return awsError(400, "RepositoryDoesNotExistException", repo + " does not exist");
        }
        String sha = branches.get(name);
        if (sha == null) {
            return awsError(400, "BranchDoesNotExistException", "Branch " + name + " does not exist");
        }
        ObjectNode response = JSON.createObjectNode();
        response.putObject("branch").put("branchName", name).put("commitId", sha);
        return awsOk(response);
    }

    private static String secretArn(String name) {
        // Secrets Manager appends "-" and six random characters; ours are derived from the name.
        String suffix = Integer.toString(Math.abs(name.hashCode() % 2_000_000_000), 36);
        suffix = (suffix + "AbCdEf").substring(0, 6);
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
    }

    private static String versionId(String name) {
        return UUID.nameUUIDFromBytes(("version " + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ------------------------------------------------------------------ GitHub REST

    private Reply gitHub(HttpExchange exchange, String path) {
        String method = exchange.getRequestMethod();
        Map<String, String> params = Map.of("authorization",
                exchange.getRequestHeaders().containsKey("Authorization") ? "present" : "absent");
        Fault fault = record("github", method + " " + path, params);
        if (fault != null) {
            return faultReply(fault, GITHUB_JSON);
        }
        String[] parts = path.split("/", 6); // "", "repos", owner, repo, "commits"|"branches", rest
        if (!method.equals("GET") || parts.length < 6 || !parts[1].equals("repos") || parts[5].isEmpty()) {
            return gitHubError(404, "Not Found", "https://docs.github.com/rest");
        }
        String repo = parts[2] + "/" + parts[3];
        return switch (parts[4]) {
            case "commits" -> gitHubCommit(repo, parts[5]);
            case "branches" -> gitHubBranch(repo, parts[5]);
            case "pulls" -> gitHubPull(repo, parts[5]);
            default -> gitHubError(404, "Not Found", "https://docs.github.com/rest");
        };
    }

    /** Adds a pull request whose head is {@code branch} ({@code GET /repos/{o}/{r}/pulls/{n}}). */
    public synchronized void putGitHubPull(String owner, String repo, int number, String branch, String sha) {
        ObjectNode pull = JSON.createObjectNode().put("number", number).put("state", "open")
                .put("html_url", "https://github.com/" + owner + "/" + repo + "/pull/" + number);
        pull.putObject("head").put("ref", branch).put("sha", sha).put("label", owner + ":" + branch);
        pull.putObject("base").put("ref", "main");
        gitHubPulls.computeIfAbsent(owner + "/" + repo, k -> new LinkedHashMap<>()).put(Integer.toString(number), pull);
    }

    private synchronized Reply gitHubPull(String repo, String number) {
        ObjectNode pull = gitHubPulls.getOrDefault(repo, Map.of()).get(number);
        return pull == null
                ? gitHubError(404, "Not Found", "https://docs.github.com/rest/pulls/pulls#get-a-pull-request")
                : new Reply(200, GITHUB_JSON, pull.toString(), Map.of());
    }

    private synchronized Reply gitHubCommit(String repo, String ref) {
        String docs = "https://docs.github.com/rest/commits/commits#get-a-commit";
        if (!gitHubRepoExists(repo)) {
            return gitHubError(404, "Not Found", docs);
        }
        Map<String, ObjectNode> commits = gitHubCommits.getOrDefault(repo, Map.of());
        ObjectNode commit = commits.get(ref);
        if (commit == null && ref.length() >= 7) {
            List<ObjectNode> byPrefix = commits.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(ref)).map(Map.Entry::getValue).toList();
            commit = byPrefix.size() == 1 ? byPrefix.get(0) : null;
        }
        ObjectNode branch = gitHubBranches.getOrDefault(repo, Map.of()).get(ref);
        if (commit == null && branch != null) {
            commit = commits.get(branch.path("commit").path("sha").asText());
        }
        if (commit == null) {
            return gitHubError(422, "No commit found for SHA: " + ref, docs);
        }
        return Reply.json(200, GITHUB_JSON, commit);
    }

    private synchronized Reply gitHubBranch(String repo, String name) {
        String docs = "https://docs.github.com/rest/branches/branches#get-a-branch";
        if (!gitHubRepoExists(repo)) {
            return gitHubError(404, "Not Found", docs);
        }
        ObjectNode branch = gitHubBranches.getOrDefault(repo, Map.of()).get(name);
        if (branch == null) {
            return gitHubError(404, "Branch not found", docs);
        }
        return Reply.json(200, GITHUB_JSON, branch);
    }

    private boolean gitHubRepoExists(String repo) {
        return gitHubCommits.containsKey(repo) || gitHubBranches.containsKey(repo);
    }

    private static Reply gitHubError(int status, String message, String documentationUrl) {
        ObjectNode body = JSON.createObjectNode()
                .put("message", message)
                .put("documentation_url", documentationUrl)
                .put("status", Integer.toString(status));
        return Reply.json(status, GITHUB_JSON, body);
    }

    // ------------------------------------------------------------------ Slack Web API

    private Reply slack(HttpExchange exchange, String method, String body) {
        Map<String, String> params = new LinkedHashMap<>(parseForm(exchange.getRequestURI().getRawQuery()));
        String contentType = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "");
        params.putAll(contentType.startsWith("application/json") ? parseJsonParams(body) : parseForm(body));
        String formToken = params.remove("token");
        Fault fault = record("slack", method, params);
        if (fault != null) {
            return faultReply(fault, SLACK_JSON);
        }
        if (!List.of("users.lookupByEmail", "users.info", "users.list", "chat.postMessage", "auth.test")
                .contains(method)) {
            return slackError("unknown_method");
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : formToken;
        if (token == null || token.isEmpty()) {
            return slackError("not_authed");
        }
        if (!token.equals(slackToken())) {
            return slackError("invalid_auth");
        }
        return switch (method) {
            case "users.lookupByEmail" -> lookupByEmail(params.get("email"));
            case "users.info" -> usersInfo(params.get("user"));
            case "users.list" -> usersList(params.get("cursor"), params.get("limit"));
            case "chat.postMessage" -> postMessage(params);
            default -> authTest();
        };
    }

    private static Reply slackOk(ObjectNode body) {
        ObjectNode answer = JSON.createObjectNode().put("ok", true);
        answer.setAll(body);
        return Reply.json(200, SLACK_JSON, answer);
    }

    private static Reply slackError(String error) {
        return Reply.json(200, SLACK_JSON, JSON.createObjectNode().put("ok", false).put("error", error));
    }

    private synchronized Reply lookupByEmail(String email) {
        if (email == null || email.isBlank()) {
            return slackError("invalid_arguments");
        }
        // Slack answers users_not_found for deactivated users too.
        return slackUsers.values().stream()
                .filter(u -> !u.path("deleted").asBoolean(false))
                .filter(u -> u.path("profile").path("email").asText().equalsIgnoreCase(email.trim()))
                .findFirst()
                .map(u -> slackOk(userBody(u)))
                .orElseGet(() -> slackError("users_not_found"));
    }

    private synchronized Reply usersInfo(String userId) {
        ObjectNode user = userId == null ? null : slackUsers.get(userId);
        return user == null ? slackError("user_not_found") : slackOk(userBody(user));
    }

    private static ObjectNode userBody(ObjectNode user) {
        ObjectNode body = JSON.createObjectNode();
        body.set("user", user.deepCopy());
        return body;
    }

    /** Cursor paging as Slack does it: an opaque base64 cursor naming the next user; "" when done. */
    private synchronized Reply usersList(String cursor, String limitParam) {
        List<ObjectNode> users = List.copyOf(slackUsers.values());
        int start = 0;
        if (cursor != null && !cursor.isEmpty()) {
            String nextId = decodeCursor(cursor);
            start = nextId == null ? -1 : indexOfUser(users, nextId);
            if (start < 0) {
                return slackError("invalid_cursor");
            }
        }
        int limit = parseLimit(limitParam);
        int end = limit <= 0 ? users.size() : Math.min(users.size(), start + limit);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode members = body.putArray("members");
        users.subList(start, end).forEach(u -> members.add(u.deepCopy()));
        body.put("cache_ts", TS_SECONDS);
        String next = end < users.size() ? encodeCursor(users.get(end).path("id").asText()) : "";
        body.putObject("response_metadata").put("next_cursor", next);
        return slackOk(body);
    }

    private static int parseLimit(String limit) {
        try {
            return limit == null || limit.isBlank() ? 0 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int indexOfUser(List<ObjectNode> users, String id) {
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i).path("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String encodeCursor(String userId) {
        return Base64.getEncoder().encodeToString(("user:" + userId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return decoded.startsWith("user:") ? decoded.substring("user:".length()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private synchronized Reply postMessage(Map<String, String> params) {
        String channel = params.get("channel");
        String resolved = channel == null ? null : resolveChannel(channel);
        if (resolved == null) {
            return slackError("channel_not_found");
        }
        String text = params.get("text");
        String attachments = params.get("attachments");
        String blocks = params.get("blocks");
        if (isBlank(text) && isBlank(attachments) && isBlank(blocks)) {
            return slackError("no_text");
        }
        String ts = String.format(Locale.ROOT, "%d.%06d", TS_SECONDS, ++slackTsCounter);
        ObjectNode message = JSON.createObjectNode()
                .put("user", BOT_USER_ID).put("type", "message").put("ts", ts)
                .put("bot_id", BOT_ID).put("app_id", APP_ID).put("text", Objects.requireNonNullElse(text, ""))
                .put("team", TEAM_ID);
        try {
            if (!isBlank(attachments)) {
                message.set("attachments", JSON.readTree(attachments));
            }
        } catch (IOException e) {
            return slackError("invalid_attachments");
        }
        try {
            if (!isBlank(blocks)) {
                message.set("blocks", JSON.readTree(blocks));
            }
        } catch (IOException e) {
            return slackError("invalid_blocks");
        }
        posts.add(new SlackPost(channel, resolved, text, attachments, blocks));
        ObjectNode body = JSON.createObjectNode().put("channel", resolved).put("ts", ts);
        body.set("message", message);
        return slackOk(body);
    }

    /**
     * A known, active user id (U… or W…) opens the DM "D" + rest; the DM id itself also works; a
     * channel id, name or #name gives the channel id. Anything else: {@code null}.
     */
    private String resolveChannel(String channel) {
        ObjectNode user = slackUsers.get(channel);
        if (user != null && !user.path("deleted").asBoolean(false)
                && (channel.startsWith("U") || channel.startsWith("W"))) {
            return "D" + channel.substring(1);
        }
        if (channel.startsWith("D")) {
            for (String id : slackUsers.keySet()) {
                if (!slackUsers.get(id).path("deleted").asBoolean(false) && ("D" + id.substring(1)).equals(channel)) {
                    return channel;
                }
            }
        }
        if (slackChannels.containsKey(channel)) {
            return channel;
        }
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        return slackChannels.entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static Reply authTest() {
        ObjectNode body = JSON.createObjectNode()
                .put("url", "https://sandbox-workspace.slack.com/")
                .put("team", "Sandbox Workspace")
                .put("user", "codebuild-notifier")
                .put("team_id", TEAM_ID)
                .put("user_id", BOT_USER_ID)
                .put("bot_id", BOT_ID)
                .put("is_enterprise_install", false);
        return slackOk(body);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static Map<String, String> parseForm(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static Map<String, String> parseJsonParams(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        try {
            JsonNode node = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            node.properties().forEach(field -> params.put(field.getKey(),
                    field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString()));
        } catch (IOException e) {
            params.put("sandbox.invalid_json", body);
        }
        return params;
    }
}
