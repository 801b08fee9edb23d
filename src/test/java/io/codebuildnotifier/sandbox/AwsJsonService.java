package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An AWS service speaking JSON 1.1 on {@code POST /}, dispatched on {@code X-Amz-Target}
 * ({@code PREFIX.Operation}). This class parses the body, records the call (as service
 * {@link #service}, the operation, and the top-level request members) and serves injected faults;
 * subclasses only {@link #answer}. Also the replies every such service sends.
 */
abstract class AwsJsonService implements Route {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String targetPrefix;
    private final String service;
    private final CallRecorder recorder;

    /** @param targetPrefix what comes before the dot in {@code X-Amz-Target}, e.g. {@code CodeBuild_20161006} */
    AwsJsonService(String targetPrefix, String service, CallRecorder recorder) {
        this.targetPrefix = targetPrefix;
        this.service = service;
        this.recorder = recorder;
    }

    /** Answers one operation of a request that was not faulted; {@link #unknownOperation()} for the rest. */
    abstract Reply answer(String operation, JsonNode request);

    @Override
    public boolean handles(Request request) {
        return request.path().equals("/") && targetPrefix.equals(targetPrefix(request));
    }

    @Override
    public Reply handle(Request request) {
        JsonNode body;
        try {
            body = request.body().length == 0 ? Json.object() : Json.MAPPER.readTree(request.body());
        } catch (IOException e) {
            return new Reply(400, contentType(), Json.object().put("__type", "SerializationException")
                    .put("message", "Could not parse the request body as JSON").toString(), requestId());
        }
        String operation = operation(request);
        Fault fault = recorder.record(service(request), operation, params(body));
        return fault != null ? Reply.fault(fault, contentType()) : answer(operation, body);
    }

    /**
     * The content type of this service's replies: {@link #CONTENT_TYPE} (JSON 1.1) unless the service speaks another
     * version (SQS speaks JSON 1.0, {@link FakeSqs}); also what an injected fault's body is sent as.
     */
    String contentType() {
        return CONTENT_TYPE;
    }

    /** The service name calls are recorded under. */
    String service(Request request) {
        return service;
    }

    /** Any other {@code X-Amz-Target}: recorded as service PREFIX in lower case, answered UnknownOperationException. */
    static Route unknownTargets(CallRecorder recorder) {
        return new AwsJsonService("", "", recorder) {
            @Override
            public boolean handles(Request request) {
                return request.path().equals("/") && request.header("X-Amz-Target") != null;
            }

            @Override
            String service(Request request) {
                return targetPrefix(request).toLowerCase(Locale.ROOT);
            }

            @Override
            Reply answer(String operation, JsonNode request) {
                return unknownOperation();
            }
        };
    }

    static String targetPrefix(Request request) {
        String target = request.header("X-Amz-Target");
        int dot = target == null ? -1 : target.indexOf('.');
        return target == null ? null : dot < 0 ? target : target.substring(0, dot);
    }

    static String operation(Request request) {
        String target = request.header("X-Amz-Target");
        int dot = target.indexOf('.');
        return dot < 0 ? "" : target.substring(dot + 1);
    }

    /** Top-level request members as strings; arrays of strings joined with ",". */
    private static Map<String, String> params(JsonNode request) {
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

    static Reply ok(JsonNode body) {
        return new Reply(200, CONTENT_TYPE, body.toString(), requestId());
    }

    /** An AWS JSON 1.1 error: {@code {"__type": type, "message": message}} (no message if {@code null}). */
    static Reply error(int status, String type, String message) {
        ObjectNode body = Json.object().put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        return new Reply(status, CONTENT_TYPE, body.toString(), requestId());
    }

    static Map<String, String> requestId() {
        return Map.of("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    static Reply unknownOperation() {
        return error(400, "UnknownOperationException", null);
    }
}
