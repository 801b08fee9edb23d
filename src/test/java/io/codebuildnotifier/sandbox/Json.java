package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper the fakes share, and small helpers around it. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A non-empty text member, or {@link IllegalArgumentException}. */
    static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("missing \"" + field + "\" in " + node);
        }
        return value.asText();
    }

    /** {@code node.get(wrapper)} when the node is wrapped in it (as API responses are), else the node itself. */
    static ObjectNode unwrap(JsonNode node, String wrapper) {
        return (ObjectNode) (node.has(wrapper) ? node.get(wrapper) : node);
    }
}
