package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Route.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack {@code users.lookupByEmail} (case-insensitive, active users only), {@code users.info} and
 * {@code users.list} (cursor paging). Users come from {@code slack/users.json} and {@link #put},
 * and keep their order. {@code users.lookupByEmail} is Tier 3: under {@link SlackLimits} it is
 * rate limited before it gets here ({@link FakeSlack}); the others are not limited.
 */
final class SlackUsers implements FakeSlack.Methods {

    /** Slack's {@code cache_ts} for users.list. */
    static final long CACHE_TS = 1_793_000_000L;

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();

    void load(Path fixtures) {
        Fixtures.readIfExists(fixtures.resolve("slack/users.json")).forEach(user -> put((ObjectNode) user));
    }

    /** Adds or replaces a user object (needs {@code id}; email in {@code profile.email}). */
    synchronized void put(ObjectNode user) {
        users.put(Json.required(user, "id"), user.deepCopy());
    }

    /** Whether this is the id of a known user who is not deactivated. */
    synchronized boolean isActive(String id) {
        ObjectNode user = users.get(id);
        return user != null && !user.path("deleted").asBoolean(false);
    }

    /** The ids of every user who is not deactivated. */
    synchronized List<String> activeIds() {
        return users.keySet().stream().filter(this::isActive).toList();
    }

    @Override
    public boolean has(String method) {
        return Set.of("users.lookupByEmail", "users.info", "users.list").contains(method);
    }

    @Override
    public synchronized Reply call(String method, Map<String, String> params) {
        return switch (method) {
            case "users.lookupByEmail" -> lookupByEmail(params.get("email"));
            case "users.info" -> info(params.get("user"));
            default -> list(params.get("cursor"), params.get("limit"));
        };
    }

    private Reply lookupByEmail(String email) {
        if (email == null || email.isBlank()) {
            return FakeSlack.error("invalid_arguments");
        }
        // Slack answers users_not_found for deactivated users too.
        return users.values().stream()
                .filter(u -> !u.path("deleted").asBoolean(false))
                .filter(u -> u.path("profile").path("email").asText().equalsIgnoreCase(email.trim()))
                .findFirst()
                .map(u -> FakeSlack.ok(userBody(u)))
                .orElseGet(() -> FakeSlack.error("users_not_found"));
    }

    private Reply info(String userId) {
        ObjectNode user = userId == null ? null : users.get(userId);
        return user == null ? FakeSlack.error("user_not_found") : FakeSlack.ok(userBody(user));
    }

    private static ObjectNode userBody(ObjectNode user) {
        ObjectNode body = Json.object();
        body.set("user", user.deepCopy());
        return body;
    }

    /** Cursor paging as Slack does it: an opaque base64 cursor naming the next user; "" when done. */
    private Reply list(String cursor, String limitParam) {
        List<ObjectNode> all = List.copyOf(users.values());
        int start = 0;
        if (cursor != null && !cursor.isEmpty()) {
            String nextId = decodeCursor(cursor);
            start = nextId == null ? -1 : indexOf(all, nextId);
            if (start < 0) {
                return FakeSlack.error("invalid_cursor");
            }
        }
        int limit = parseLimit(limitParam);
        int end = limit <= 0 ? all.size() : Math.min(all.size(), start + limit);
        ObjectNode body = Json.object();
        ArrayNode members = body.putArray("members");
        all.subList(start, end).forEach(u -> members.add(u.deepCopy()));
        body.put("cache_ts", CACHE_TS);
        String next = end < all.size() ? encodeCursor(all.get(end).path("id").asText()) : "";
        body.putObject("response_metadata").put("next_cursor", next);
        return FakeSlack.ok(body);
    }

    private static int parseLimit(String limit) {
        try {
            return limit == null || limit.isBlank() ? 0 : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int indexOf(List<ObjectNode> users, String id) {
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
}
