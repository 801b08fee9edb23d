package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A loopback AWS JSON 1.0 service for the board's tests: SQS {@code GetQueueAttributes} answering each queue's depth
 * (or an error for a queue made unreadable), and any service answering one error, as the real ones do on the wire.
 */
final class JsonStub implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A reply: HTTP status, JSON body, and an {@code x-amzn-query-error} header when not null. */
    record Reply(int status, String body, String queryError) {
    }

    private final HttpServer server;
    private final Function<JsonNode, Reply> answer;
    final Map<String, Integer> depths = new ConcurrentHashMap<>();
    final Map<String, Boolean> unreadable = new ConcurrentHashMap<>();

    private JsonStub(Function<JsonNode, Reply> answer) {
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** SQS: each queue URL's {@code ApproximateNumberOfMessages} (0 unless set), or AccessDenied if unreadable. */
    static JsonStub sqs() {
        JsonStub[] self = new JsonStub[1];
        self[0] = new JsonStub(request -> {
            String url = request.path("QueueUrl").asText();
            if (self[0].unreadable.containsKey(url)) {
                return new Reply(400, "{\"__type\":\"com.amazonaws.sqs#AccessDenied\",\"message\":\"denied\"}",
                        "AccessDenied;Sender");
            }
            return new Reply(200, "{\"Attributes\":{\"ApproximateNumberOfMessages\":\""
                    + self[0].depths.getOrDefault(url, 0) + "\"}}", null);
        });
        return self[0];
    }

    /** Any call answers this error ({@code __type} as DynamoDB writes it). */
    static JsonStub failing(int status, String type) {
        return new JsonStub(request -> new Reply(status,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"stubbed\"}", null));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String queueUrl(String name) {
        return endpoint() + "/123456789012/" + name;
    }

    SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
    }

    DynamoDbClient dynamoClient() {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())).build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("stubKey", "stubSecret"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            Reply reply = answer.apply(in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in));
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "stub");
            if (reply.queryError() != null) {
                exchange.getResponseHeaders().set("x-amzn-query-error", reply.queryError());
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            exchange.getResponseBody().write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
