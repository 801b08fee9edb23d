package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Route.Reply;
import io.codebuildnotifier.sandbox.Sandbox.SlackPost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Slack {@code chat.postMessage} to a channel (by id, {@code name} or {@code #name}) or to an
 * active user (by {@code U…}/{@code W…} id, answering the DM {@code D…} with the same rest, which
 * also works as a target). Channels come from {@code slack/channels.json} and {@link #putChannel};
 * every successful post is kept ({@link #posts}).
 */
final class SlackChat implements FakeSlack.Methods {

    /** Message timestamps are seconds.micros; ours count up from here. */
    private static final long TS_SECONDS = 1_793_000_000L;

    private final SlackUsers users;
    private final Map<String, String> channels = new LinkedHashMap<>();
    private final List<SlackPost> posts = new ArrayList<>();
    private long tsCounter;

    SlackChat(SlackUsers users) {
        this.users = users;
    }

    void load(Path fixtures) {
        Fixtures.readIfExists(fixtures.resolve("slack/channels.json"))
                .forEach(channel -> putChannel(channel.path("id").asText(), channel.path("name").asText()));
    }

    synchronized void putChannel(String id, String name) {
        channels.put(id, name);
    }

    synchronized List<SlackPost> posts() {
        return List.copyOf(posts);
    }

    synchronized void clearPosts() {
        posts.clear();
    }

    @Override
    public boolean has(String method) {
        return method.equals("chat.postMessage");
    }

    @Override
    public synchronized Reply call(String method, Map<String, String> params) {
        String channel = params.get("channel");
        String resolved = channel == null ? null : resolve(channel);
        if (resolved == null) {
            return FakeSlack.error("channel_not_found");
        }
        String text = params.get("text");
        String attachments = params.get("attachments");
        String blocks = params.get("blocks");
        if (isBlank(text) && isBlank(attachments) && isBlank(blocks)) {
            return FakeSlack.error("no_text");
        }
        String ts = String.format(Locale.ROOT, "%d.%06d", TS_SECONDS, ++tsCounter);
        ObjectNode message = Json.object()
                .put("user", FakeSlack.BOT_USER_ID).put("type", "message").put("ts", ts)
                .put("bot_id", FakeSlack.BOT_ID).put("app_id", FakeSlack.APP_ID)
                .put("text", Objects.requireNonNullElse(text, "")).put("team", FakeSlack.TEAM_ID);
        try {
            if (!isBlank(attachments)) {
                message.set("attachments", Json.MAPPER.readTree(attachments));
            }
        } catch (IOException e) {
            return FakeSlack.error("invalid_attachments");
        }
        try {
            if (!isBlank(blocks)) {
                message.set("blocks", Json.MAPPER.readTree(blocks));
            }
        } catch (IOException e) {
            return FakeSlack.error("invalid_blocks");
        }
        posts.add(new SlackPost(channel, resolved, text, attachments, blocks));
        ObjectNode body = Json.object().put("channel", resolved).put("ts", ts);
        body.set("message", message);
        return FakeSlack.ok(body);
    }

    /** The channel id a target resolves to, or {@code null}. */
    private String resolve(String channel) {
        if ((channel.startsWith("U") || channel.startsWith("W")) && users.isActive(channel)) {
            return "D" + channel.substring(1);
        }
        if (channel.startsWith("D")
                && users.activeIds().stream().anyMatch(id -> ("D" + id.substring(1)).equals(channel))) {
            return channel;
        }
        if (channels.containsKey(channel)) {
            return channel;
        }
        String name = channel.startsWith("#") ? channel.substring(1) : channel;
        return channels.entrySet().stream().filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
