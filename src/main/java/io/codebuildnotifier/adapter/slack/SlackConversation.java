package io.codebuildnotifier.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.model.Usergroup;
import io.codebuildnotifier.interactions.Answer;
import io.codebuildnotifier.interactions.Conversation;
import io.codebuildnotifier.interactions.Dialog;
import io.codebuildnotifier.interactions.Home;
import io.codebuildnotifier.interactions.Message;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The chat the interactions answer through, in Slack: answers POSTed as JSON to the request's {@code response_url}
 * (only URLs under the allowed prefix, {@link #SLACK_RESPONSE_URLS} in production), and Web API calls with the bot
 * token: {@code chat.update} (a clicked message without its actions, a note at its end), {@code views.open},
 * {@code views.publish}, {@code usergroups.list} + {@code usergroups.users.list} (kept {@link #GROUPS_KEPT} per
 * instance) and {@code users.info}. Layout is {@link SlackAnswers}'.
 *
 * <p>Slack's answers: {@code ratelimited}, an HTTP 429 or 5xx, or no answer is transient (retried within the
 * deadline, then thrown); a rejected token or a missing scope is a misconfiguration naming the scope (a rejected
 * token is read again from the secret once first); anything else is permanent. No token, body or URL is logged or
 * put in a message.
 */
public final class SlackConversation implements Conversation {
    /** Where Slack's response_urls are. */
    public static final String SLACK_RESPONSE_URLS = "https://hooks.slack.com/";
    /** How long a user group's members are kept by an instance. */
    static final Duration GROUPS_KEPT = Duration.ofMinutes(5);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A call made with less time left than {@link #CALL_TIMEOUT}: short enough to fit the acknowledgement's budget
     * (the interactions handler's 2.5 s less nothing: {@code views.open} must be made while Slack waits), and Slack's
     * {@code trigger_id} expires after 3 s anyway.
     */
    static final Duration SHORT_CALL_TIMEOUT = Duration.ofSeconds(2);

    /** The scope each method needs, for the message of a denial. */
    private static final Map<String, String> SCOPES = Map.of("chat.update", "chat:write",
            "users.info", "users:read and users:read.email", "usergroups.list", "usergroups:read",
            "usergroups.users.list", "usergroups:read", "views.open", "(none: a bot token)",
            "views.publish", "(none: a bot token)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SlackCalls calls;
    private final Patience patience;
    private final String allowedReplies;
    private final Lazy<HttpClient> http;
    private final Map<String, Kept> groups = new ConcurrentHashMap<>();

    private record Kept(List<String> members, Instant until) {
    }

    /**
     * @param apiUrl         Web API root ({@code CBN_SLACK_API_URL}, ending in {@code /})
     * @param token          the bot token, read when first needed ({@code SecretTokens#slackToken})
     * @param refreshToken   forgets the token read, so that the next call reads it again
     * @param allowedReplies what every response_url must start with: {@link #SLACK_RESPONSE_URLS} in production (a
     *                       test's loopback prefix in tests); anything else is refused
     */
    public SlackConversation(URI apiUrl, Function<Deadline, String> token, Runnable refreshToken, Patience patience,
                             String allowedReplies) {
        // an HTTP 429 or 5xx or none is transient, any other permanent; every ok:false answer is thrown
        this.calls = new SlackCalls(apiUrl, CALL_TIMEOUT, SHORT_CALL_TIMEOUT, token, refreshToken, patience,
                status -> status == 429 || status >= 500 || status == 0, SlackConversation::failure);
        this.patience = patience;
        if (allowedReplies == null || !allowedReplies.endsWith("/") || !(allowedReplies.startsWith("https://")
                || allowedReplies.startsWith("http://127.0.0.1:") || allowedReplies.startsWith("http://localhost:"))) {
            throw new IllegalArgumentException("response_urls must be allowed by an https prefix ending in /");
        }
        this.allowedReplies = allowedReplies;
        this.http = Lazy.of(() -> HttpClient.newBuilder().connectTimeout(SHORT_CALL_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build());
    }

    // answering through the response_url

    /** Whether answers may be posted to this URL: under the allowed prefix, and nothing odd in it. */
    boolean allowed(String replyTo) {
        if (replyTo == null || !replyTo.startsWith(allowedReplies) || replyTo.length() > 2000
                || replyTo.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '\\' || c == '@')) {
            return false;
        }
        try {
            URI uri = URI.create(replyTo);
            URI allowed = URI.create(allowedReplies);
            return uri.getHost() != null && uri.getHost().equals(allowed.getHost()) && uri.getPort() == allowed.getPort()
                    && uri.getScheme().equals(allowed.getScheme()) && uri.getRawUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void answer(String replyTo, Answer answer, Deadline deadline) {
        if (!allowed(replyTo)) {
            throw new PermanentFailure("an answer's response_url is not one of Slack's: not posted");
        }
        String body = SlackAnswers.responseBody(answer);
        patience.call(deadline, () -> {
            post(replyTo, body, deadline);
            return null;
        });
    }

    private void post(String url, String body, Deadline deadline) {
        Duration timeout = deadline.attemptTimeout(CALL_TIMEOUT, "Slack response_url");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransientFailure("Slack response_url could not be reached: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("Slack response_url call interrupted", e);
        }
        int status = response.statusCode();
        String said = response.body() == null ? "" : response.body().strip();
        said = said.length() > 40 || !said.matches("[a-z_]*") ? "" : said; // Slack's error words only, nothing else
        if (status / 100 == 2) {
            return;
        }
        if (status == 429 || status >= 500) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(SlackCalls::seconds)
                    .orElse(null);
            throw new TransientFailure("Slack response_url answered HTTP " + status
                    + (said.isEmpty() ? "" : " " + said), null, retryAfter);
        }
        throw new PermanentFailure("Slack response_url refused the answer: HTTP " + status
                + (said.isEmpty() ? "" : " " + said));
    }

    // the Web API

    @Override
    public void amend(Message message, Note note, Deadline deadline) {
        Amended amended = amended(message.opaque(), note);
        call("chat.update", deadline, () -> {
            var request = com.slack.api.methods.request.chat.ChatUpdateRequest.builder()
                    .channel(message.ref().channel()).ts(message.ref().ts()).text(amended.text())
                    .blocksAsString(amended.blocks());
            if (amended.attachments() != null) {
                request.attachmentsAsString(amended.attachments());
            }
            ChatUpdateResponse response = methods(deadline).chatUpdate(request.build());
            return response;
        });
    }

    /** A message's text, blocks and attachments (JSON; null for none) as they are sent to change it. */
    record Amended(String text, String blocks, String attachments) {
    }

    /**
     * The message as it was clicked ({@code message} of a {@code block_actions} payload), without its actions blocks
     * or interactive accessories, with the note as a context block at its end (the last attachment's blocks when it
     * has attachments with blocks, else its own); its text kept.
     */
    static Amended amended(String opaque, Note note) {
        JsonNode message;
        try {
            message = opaque == null || opaque.isBlank() ? null : JSON.readTree(opaque);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || !message.isObject()) {
            throw new PermanentFailure("the clicked message could not be read: not amended");
        }
        ArrayNode blocks = withoutActions(message.path("blocks"));
        ArrayNode attachments = null;
        int last = -1;
        if (message.path("attachments").isArray() && !message.path("attachments").isEmpty()) {
            attachments = JSON.createArrayNode();
            for (JsonNode a : message.path("attachments")) {
                ObjectNode copy = a.isObject() ? ((ObjectNode) a).deepCopy() : JSON.createObjectNode();
                copy.remove(List.of("id", "actions", "callback_id"));
                if (copy.has("blocks")) {
                    copy.set("blocks", withoutActions(copy.path("blocks")));
                    last = attachments.size();
                }
                attachments.add(copy);
            }
        }
        JsonNode context;
        try {
            context = JSON.readTree(SlackAnswers.json(SlackAnswers.note(note.by(), note.text(), note.link())));
        } catch (IOException e) {
            throw new IllegalStateException("our own JSON", e);
        }
        if (attachments != null && last >= 0 && blocks.size() + attachments.get(last).path("blocks").size()
                < BlockKit.BLOCKS) {
            ((ArrayNode) attachments.get(last).path("blocks")).add(context);
        } else if (blocks.size() < BlockKit.BLOCKS) {
            blocks.add(context);
        } else {
            blocks.set(blocks.size() - 1, context);
        }
        String text = message.path("text").asText("");
        return new Amended(text.isBlank() ? Mrkdwn.escape(Mrkdwn.clip(note.text(), 3000)) : text, blocks.toString(),
                attachments == null ? null : attachments.toString());
    }

    /** Blocks without actions blocks, and without the buttons and menus sections carry as accessories. */
    private static ArrayNode withoutActions(JsonNode blocks) {
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode block : blocks) {
            if (!block.isObject() || block.path("type").asText().equals("actions")) {
                continue;
            }
            ObjectNode copy = ((ObjectNode) block).deepCopy();
            if (copy.path("accessory").has("action_id")) {
                copy.remove("accessory");
            }
            kept.add(copy);
        }
        return kept;
    }

    @Override
    public void open(String dialogTrigger, Dialog dialog, Deadline deadline) {
        String view = SlackAnswers.modalJson(dialog);
        call("views.open", deadline, () -> methods(deadline).viewsOpen(r -> r.triggerId(dialogTrigger)
                .viewAsString(view)));
    }

    @Override
    public void showHome(String chatId, Home home, Deadline deadline) {
        String view = SlackAnswers.homeJson(home);
        call("views.publish", deadline, () -> methods(deadline).viewsPublish(r -> r.userId(chatId)
                .viewAsString(view)));
    }

    @Override
    public List<String> membersOf(String groupHandle, Deadline deadline) {
        String handle = (groupHandle.startsWith("@") ? groupHandle.substring(1) : groupHandle).trim()
                .toLowerCase(Locale.ROOT);
        Instant now = deadline.clock().instant();
        Kept kept = groups.get(handle);
        if (kept != null && now.isBefore(kept.until())) {
            return kept.members();
        }
        UsergroupsListResponse list = call("usergroups.list", deadline,
                () -> methods(deadline).usergroupsList(r -> r));
        Optional<String> id = list.getUsergroups() == null ? Optional.empty() : list.getUsergroups().stream()
                .filter(g -> g.getHandle() != null && g.getHandle().equalsIgnoreCase(handle)
                        && (g.getDateDelete() == null || g.getDateDelete() == 0))
                .map(Usergroup::getId).findFirst();
        List<String> members = List.of();
        if (id.isPresent()) {
            UsergroupsUsersListResponse users = call("usergroups.users.list", deadline,
                    () -> methods(deadline).usergroupsUsersList(r -> r.usergroup(id.get())));
            members = users.getUsers() == null ? List.of() : List.copyOf(users.getUsers());
        }
        groups.put(handle, new Kept(members, now.plus(GROUPS_KEPT)));
        return members;
    }

    @Override
    public Optional<String> emailOf(String chatId, Deadline deadline) {
        UsersInfoResponse info;
        try {
            info = call("users.info", deadline, () -> methods(deadline).usersInfo(r -> r.user(chatId)));
        } catch (NotFound e) {
            return Optional.empty();
        }
        String email = info.getUser() == null || info.getUser().getProfile() == null ? null
                : info.getUser().getProfile().getEmail();
        return email == null || email.isBlank() ? Optional.empty() : Optional.of(email.trim());
    }

    // calling Slack

    private MethodsClient methods(Deadline deadline) {
        return calls.methods(deadline);
    }

    private <T> T call(String method, Deadline deadline, SlackCalls.SlackCall<T> call) {
        return calls.call(method, deadline, call);
    }

    /** users.info of nobody the workspace knows. */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }

    /** What an {@code ok: false} answer means. */
    static RuntimeException failure(String method, SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        if (SlackCalls.TRANSIENT_ERRORS.contains(error)) {
            return new TransientFailure("Slack " + method + " answered " + error);
        }
        if (SlackCalls.TOKEN_ERRORS.contains(error)) {
            return new SlackCalls.Unauthorized("Slack rejected the bot token (" + error + ") for " + method + ": check the "
                    + "token in the secret and that the app is installed");
        }
        if (SlackCalls.SCOPE_ERRORS.contains(error)) {
            String needed = response.getNeeded() != null && !response.getNeeded().isBlank() ? response.getNeeded()
                    : SCOPES.getOrDefault(method, "the app's scopes");
            return new MisconfigurationFailure("Slack " + method + " was denied (" + error + "): the app needs the "
                    + "scope " + needed + "; add it in the app's manifest and reinstall the app");
        }
        if (method.equals("users.info") && (error.equals("user_not_found") || error.equals("user_not_visible"))) {
            return new NotFound();
        }
        return new PermanentFailure("Slack " + method + " answered " + error);
    }
}
