package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Route.Reply;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slack {@code usergroups.list} (the workspace's user groups: id, handle, name, and their users when
 * {@code include_users}) and {@code usergroups.users.list} (a group's member ids by its id; an unknown one answers
 * {@code no_such_subteam}). Groups come from {@link #put}.
 */
final class SlackGroups implements FakeSlack.Methods {
    private record Group(String id, String handle, List<String> users) {
    }

    private final Map<String, Group> groups = new LinkedHashMap<>();

    synchronized void put(String id, String handle, List<String> users) {
        groups.put(id, new Group(id, handle, List.copyOf(users)));
    }

    @Override
    public boolean has(String method) {
        return method.equals("usergroups.list") || method.equals("usergroups.users.list");
    }

    @Override
    public synchronized Reply call(String method, Map<String, String> params) {
        if (method.equals("usergroups.users.list")) {
            Group group = groups.get(params.getOrDefault("usergroup", ""));
            if (group == null) {
                return FakeSlack.error("no_such_subteam");
            }
            ObjectNode body = Json.object();
            ArrayNode users = body.putArray("users");
            group.users().forEach(users::add);
            return FakeSlack.ok(body);
        }
        boolean includeUsers = "true".equals(params.get("include_users")) || "1".equals(params.get("include_users"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("usergroups");
        for (Group group : groups.values()) {
            ObjectNode g = list.addObject().put("id", group.id()).put("team_id", FakeSlack.TEAM_ID)
                    .put("is_usergroup", true).put("name", group.handle()).put("handle", group.handle())
                    .put("description", "").put("date_delete", 0).put("user_count", group.users().size());
            if (includeUsers) {
                ArrayNode users = g.putArray("users");
                group.users().forEach(users::add);
            }
        }
        return FakeSlack.ok(body);
    }
}
