package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * DynamoDB ({@code DynamoDB_20120810}, JSON 1.0, recorded as {@code dynamodb} with the parameter
 * {@code tables}): not a fake but a pass-through to DynamoDB Local ({@link #forwardTo}), so that
 * faults can be injected between the real client and the real engine. Unforwarded, every call
 * answers UnknownOperationException.
 */
final class FakeDynamoDbForwarder implements Route {

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final List<String> FORWARDED_HEADERS = List.of("X-Amz-Target", "Content-Type", "Authorization",
            "X-Amz-Date", "X-Amz-Security-Token");

    private final CallRecorder recorder;
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile URI upstream;

    FakeDynamoDbForwarder(CallRecorder recorder) {
        this.recorder = recorder;
    }

    /** Stops the client's selector thread (a JVM that exits would wait for it). */
    void close() {
        client.shutdownNow();
    }

    void forwardTo(String endpoint) {
        upstream = URI.create(endpoint);
    }

    /** A DynamoDB throttling answer, as DynamoDB sends it. */
    static Fault throttling() {
        String body = Json.object()
                .put("__type", "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")
                .put("message", "The level of configured provisioned throughput for the table was exceeded.")
                .toString();
        return new Fault.HttpStatus(400, body, Map.of("Content-Type", CONTENT_TYPE));
    }

    @Override
    public boolean handles(Request request) {
        return request.path().equals("/") && "DynamoDB_20120810".equals(AwsJsonService.targetPrefix(request));
    }

    @Override
    public Reply handle(Request request) {
        Fault fault = recorder.record("dynamodb", AwsJsonService.operation(request), tables(request.body()));
        return fault != null ? Reply.fault(fault, CONTENT_TYPE) : forward(request);
    }

    private Reply forward(Request request) {
        URI to = upstream;
        if (to == null) {
            return AwsJsonService.error(400, "UnknownOperationException", "DynamoDB is not forwarded by this sandbox");
        }
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(to.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (String header : FORWARDED_HEADERS) {
            String value = request.header(header);
            if (value != null) {
                forwarded.header(header, value);
            }
        }
        try {
            HttpResponse<String> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(CONTENT_TYPE),
                    response.body(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code tables}: the tables a request names ({@code TableName} anywhere, {@code RequestItems} keys). */
    private static Map<String, String> tables(byte[] body) {
        SortedSet<String> tables = new TreeSet<>();
        try {
            collectTables(body.length == 0 ? Json.object() : Json.MAPPER.readTree(body), tables);
        } catch (IOException e) {
            return Map.of();
        }
        return tables.isEmpty() ? Map.of() : Map.of("tables", String.join(",", tables));
    }

    private static void collectTables(JsonNode node, SortedSet<String> tables) {
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
}
