package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Route.Reply;
import io.codebuildnotifier.sandbox.Sandbox.SlackAccepted;
import io.codebuildnotifier.sandbox.Sandbox.SlackContent;
import io.codebuildnotifier.sandbox.Sandbox.SlackMessageHistory;
import io.codebuildnotifier.sandbox.Sandbox.SlackPost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Slack {@code chat.postMessage} to a channel (by id, {@code name} or {@code #name}) or to an
 * active user (by {@code U…}/{@code W…} id, answering the DM {@code D…} with the same rest, which
 * also works as a target), and {@code chat.update} of a message kept from a post (by the
 * conversation id and ts the post answered). Channels come from {@code slack/channels.json} and
 * {@link #putChannel}; every successful post is kept ({@link #posts}), every message with each of its
 * versions ({@link #messages}), and every accepted post or update with the time it was accepted
 * ({@link #accepted}). Posts are rate limited per conversation ({@link SlackLimits}, off by default).
 * A post with {@code thread_ts} is a reply in the thread of that message of the conversation (kept with
 * its parent's ts and {@code reply_broadcast}, {@link #replies}); naming no message there (or one
 * {@link #delete deleted}) it answers {@code thread_not_found}, as Slack does; an update of a deleted
 * message answers {@code message_not_found}.
 * Every post or update is kept with its metadata. Blocks that break Block Kit's rules ({@link BlockKitRules})
 * are refused as Slack refuses them.
 */
final class SlackChat implements FakeSlack.Methods {

    /** Message timestamps are seconds.micros; ours count up from here. */
    private static final long TS_SECONDS = 1_793_000_000L;

    private final SlackUsers users;
    private final SlackLimits.Gate limits;
    private final Map<String, String> channels = new LinkedHashMap<>();
    private final List<SlackPost> posts = new ArrayList<>();
    /** Every message posted, by {@code CHANNEL/TS}: its versions, the first as posted. */
    private final Map<String, List<SlackContent>> messages = new LinkedHashMap<>();
    /** The conversations of the kept messages. */
    private final Set<String> conversations = new HashSet<>();
    private final List<SlackAccepted> accepted = new ArrayList<>();
    private long tsCounter;
    /** The replies, by {@code CHANNEL/TS}, in the order posted. */
    private final Map<String, Sandbox.SlackReply> replies = new LinkedHashMap<>();
    /** The messages someone deleted, by {@code CHANNEL/TS}: their versions stay for the tests to read. */
    private final Set<String> deleted = new HashSet<>();

    SlackChat(SlackUsers users, SlackLimits.Gate limits) {
        this.users = users;
        this.limits = limits;
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

    synchronized List<SlackAccepted> accepted() {
        return List.copyOf(accepted);
    }

    /** Forgets the recordings (posts, accepted calls); the messages stay, they can still be updated. */
    synchronized void clearPosts() {
        posts.clear();
        accepted.clear();
    }

    synchronized Optional<SlackMessageHistory> message(String channel, String ts) {
        return Optional.ofNullable(messages.get(key(channel, ts))).map(v -> new SlackMessageHistory(channel, ts, v));
    }

    synchronized List<Sandbox.SlackReply> replies() {
        return List.copyOf(replies.values());
    }

    /** Deletes a message as someone in Slack would: updates of it and replies to it fail from now on. */
    synchronized boolean delete(String channel, String ts) {
        return messages.containsKey(key(channel, ts)) && deleted.add(key(channel, ts));
    }

    synchronized List<SlackMessageHistory> messages() {
        return messages.entrySet().stream().map(e -> {
            int slash = e.getKey().indexOf('/');
            return new SlackMessageHistory(e.getKey().substring(0, slash), e.getKey().substring(slash + 1),
                    e.getValue());
        }).toList();
    }

    @Override
    public boolean has(String method) {
        return method.equals("chat.postMessage") || method.equals("chat.update");
    }

    @Override
    public synchronized Reply call(String method, Map<String, String> params) {
        return method.equals("chat.update") ? update(params) : postMessage(params);
    }

    private Reply postMessage(Map<String, String> params) {
        String channel = params.get("channel");
        String resolved = channel == null ? null : resolve(channel);
        if (resolved == null) {
            return FakeSlack.error("channel_not_found");
        }
        long retryAfter = limits.admit("chat.postMessage", resolved);
        if (retryAfter > 0) {
            return FakeSlack.rateLimited(retryAfter);
        }
        String text = params.get("text");
        String attachments = params.get("attachments");
        String blocks = params.get("blocks");
        String metadata = params.get("metadata");
        Parsed parsed = parse(attachments, blocks);
        String refusal = refusal(text, attachments, blocks, metadata, parsed);
        if (refusal != null) {
            return FakeSlack.error(refusal);
        }
        String threadTs = params.get("thread_ts");
        if (!isBlank(threadTs)) {
            String parentKey = key(resolved, threadTs);
            if (!messages.containsKey(parentKey) || deleted.contains(parentKey)) {
                return FakeSlack.error("thread_not_found");
            }
            Sandbox.SlackReply parentIsReply = replies.get(parentKey);
            threadTs = parentIsReply == null ? threadTs : parentIsReply.threadTs(); // Slack threads under the parent
        }
        String ts = String.format(Locale.ROOT, "%d.%06d", TS_SECONDS, ++tsCounter);
        if (!isBlank(threadTs)) {
            replies.put(key(resolved, ts), new Sandbox.SlackReply(resolved, ts, threadTs,
                    isTrue(params.get("reply_broadcast"))));
        }
        SlackContent content = new SlackContent(Objects.requireNonNullElse(text, ""),
                parsed.attachments == null ? null : attachments, parsed.blocks == null ? null : blocks,
                isBlank(metadata) ? null : metadata);
        posts.add(new SlackPost(channel, resolved, text, attachments, blocks, isBlank(metadata) ? null : metadata));
        messages.put(key(resolved, ts), new ArrayList<>(List.of(content)));
        conversations.add(resolved);
        accepted.add(new SlackAccepted("chat.postMessage", resolved, ts, limits.now(), content.text(),
                content.attachmentsJson(), content.blocksJson()));
        ObjectNode body = Json.object().put("channel", resolved).put("ts", ts);
        body.set("message", message(ts, content.text(), parsed.attachments, parsed.blocks));
        return FakeSlack.ok(body);
    }

    /** Why Slack refuses a post's or an update's content (no text at all, unreadable JSON, Block Kit's rules), or null. */
    private static String refusal(String text, String attachments, String blocks, String metadata, Parsed parsed) {
        if (isBlank(text) && isBlank(attachments) && isBlank(blocks)) {
            return "no_text";
        }
        return parsed.error != null ? parsed.error : refused(blocks, attachments, metadata);
    }

    /**
     * Replaces a kept message's content, as Slack does: a text given replaces the text; attachments or
     * blocks left out stay as they were, an empty array removes them.
     */
    private Reply update(Map<String, String> params) {
        String channel = params.get("channel");
        if (isBlank(channel) || !isConversation(channel)) {
            return FakeSlack.error("channel_not_found");
        }
        String ts = params.get("ts");
        List<SlackContent> versions = ts == null || deleted.contains(key(channel, ts)) ? null
                : messages.get(key(channel, ts));
        if (versions == null) {
            return FakeSlack.error("message_not_found");
        }
        String text = params.get("text");
        String attachments = params.get("attachments");
        String blocks = params.get("blocks");
        String metadata = params.get("metadata");
        Parsed parsed = parse(attachments, blocks);
        String refusal = refusal(text, attachments, blocks, metadata, parsed);
        if (refusal != null) {
            return FakeSlack.error(refusal);
        }
        SlackContent before = versions.getLast();
        SlackContent after = new SlackContent(text == null ? before.text() : text,
                attachments == null ? before.attachmentsJson() : parsed.attachments == null ? null : attachments,
                blocks == null ? before.blocksJson() : parsed.blocks == null ? null : blocks,
                isBlank(metadata) ? before.metadataJson() : metadata);
        versions.add(after);
        accepted.add(new SlackAccepted("chat.update", channel, ts, limits.now(), after.text(),
                after.attachmentsJson(), after.blocksJson()));
        ObjectNode body = Json.object().put("channel", channel).put("ts", ts).put("text", after.text());
        body.set("message", message(ts, after.text(), readArray(after.attachmentsJson()),
                readArray(after.blocksJson())));
        return FakeSlack.ok(body);
    }

    /**
     * Slack's error for blocks that break Block Kit's rules ({@link BlockKitRules}) or metadata that is not an
     * {@code event_type} with an {@code event_payload} object; {@code null} when it takes them.
     */
    private static String refused(String blocks, String attachments, String metadata) {
        if (!BlockKitRules.problems(blocks, null).isEmpty()) {
            return "invalid_blocks";
        }
        if (!BlockKitRules.problems(null, attachments).isEmpty()
                || !BlockKitRules.problems(blocks, attachments).isEmpty()) {
            return "invalid_attachments";
        }
        if (!isBlank(metadata)) {
            try {
                JsonNode node = Json.MAPPER.readTree(metadata);
                if (!node.path("event_type").isTextual() || node.path("event_type").asText().isEmpty()
                        || !node.path("event_payload").isObject()) {
                    return "invalid_metadata_format";
                }
            } catch (IOException e) {
                return "invalid_metadata_format";
            }
        }
        return null;
    }

    /** Attachments and blocks as JSON ({@code null} when absent or empty), or the error naming the bad one. */
    private record Parsed(JsonNode attachments, JsonNode blocks, String error) {
    }

    private static Parsed parse(String attachments, String blocks) {
        JsonNode parsedAttachments;
        try {
            parsedAttachments = readArray(attachments);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, null, "invalid_attachments");
        }
        try {
            return new Parsed(parsedAttachments, readArray(blocks), null);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, null, "invalid_blocks");
        }
    }

    /** The JSON, or {@code null} for nothing or an empty array; {@link IllegalArgumentException} when it is not JSON. */
    private static JsonNode readArray(String json) {
        if (isBlank(json)) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node.isArray() && node.isEmpty() ? null : node;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode message(String ts, String text, JsonNode attachments, JsonNode blocks) {
        ObjectNode message = Json.object()
                .put("user", FakeSlack.BOT_USER_ID).put("type", "message").put("ts", ts)
                .put("bot_id", FakeSlack.BOT_ID).put("app_id", FakeSlack.APP_ID)
                .put("text", text).put("team", FakeSlack.TEAM_ID);
        if (attachments != null) {
            message.set("attachments", attachments);
        }
        if (blocks != null) {
            message.set("blocks", blocks);
        }
        return message;
    }

    private static String key(String channel, String ts) {
        return channel + "/" + ts;
    }

    /** Whether this is a conversation's id (not a name, not a member): a channel, an active member's DM or one posted to. */
    private boolean isConversation(String channel) {
        return conversations.contains(channel) || channel.equals(resolve(channel));
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

    /** Slack reads a boolean argument as {@code true} or {@code 1}. */
    private static boolean isTrue(String s) {
        return "true".equalsIgnoreCase(s) || "1".equals(s);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
