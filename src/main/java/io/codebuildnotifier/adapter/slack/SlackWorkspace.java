package io.codebuildnotifier.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.users.UsersInfoResponse;
import com.slack.api.methods.response.users.UsersListResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.Attachment;
import com.slack.api.model.User;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.Messenger;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.PostResult;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import io.codebuildnotifier.people.ChatDirectory;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Slack workspace, through the Web API with a bot token: finds members by email, sends
 * direct messages and channel posts and updates them in place, laid out by {@link SlackMessages}.
 * Deleted members and bots are never messaged. No call outlives the invocation: one takes at most
 * {@link #CALL_TIMEOUT} (or {@link #SHORT_CALL_TIMEOUT} when less time is left), and none starts
 * that could not finish before the deadline less a margin.
 */
public final class SlackWorkspace implements ChatDirectory, Messenger {
    private static final Pattern MEMBER_ID = Pattern.compile("^[UW][A-Z0-9]{6,}$");

    /** The longest one Web API call may take (connect, send, read). */
    static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(10);
    /** The timeout of a call made when the invocation has less than {@link #CALL_TIMEOUT} left. */
    static final java.time.Duration SHORT_CALL_TIMEOUT = java.time.Duration.ofSeconds(3);

    private final SlackCalls calls;
    private final Map<String, String> admins = new ConcurrentHashMap<>();

    /**
     * @param apiUrl Web API root ({@code CBN_SLACK_API_URL}, ending in {@code /})
     * @param token  the bot token, read when first needed
     */
    public SlackWorkspace(URI apiUrl, Function<Deadline, String> token, Runnable refreshToken, Patience patience) {
        // any HTTP failure is transient; an ok:false answer is thrown only for a rejected token or a rate limit
        this.calls = new SlackCalls(apiUrl, CALL_TIMEOUT, SHORT_CALL_TIMEOUT, token, refreshToken, patience,
                status -> true, (method, response) -> {
                    error(response); // throws for a rejected token or a rate limit
                    return null;
                });
    }

    /**
     * Loads and warms what a first message needs, without calling Slack: the JSON mapping of the
     * answers to the methods we use, and the forms of their requests. For a SnapStart snapshot.
     */
    public void prime() {
        com.google.gson.Gson gson = com.slack.api.util.json.GsonFactory.createSnakeCase(calls.config());
        gson.fromJson("{\"ok\":true,\"user\":{\"id\":\"U0PRIMING1\",\"deleted\":false,\"is_bot\":false,"
                + "\"profile\":{\"email\":\"priming@example.com\"}}}", UsersLookupByEmailResponse.class);
        gson.fromJson("{\"ok\":true,\"channel\":\"D0PRIMING1\",\"ts\":\"1.000001\"}",
                com.slack.api.methods.response.chat.ChatPostMessageResponse.class);
        gson.fromJson("{\"ok\":true,\"channel\":\"D0PRIMING1\",\"ts\":\"1.000001\"}", ChatUpdateResponse.class);
        // a message of each kind laid out in Block Kit, and its requests as sent (blocks, attachment and
        // metadata serialised), but not sent
        for (Notification notification : PRIMING_NOTIFICATIONS) {
            SlackMessage message = SlackMessages.render(notification);
            gson.toJson(List.of(attachment(message)));
            com.slack.api.methods.RequestFormBuilder.toForm(posting(ChatPostMessageRequest.builder()
                    .channel("U0PRIMING1"), message).build()).build();
            com.slack.api.methods.RequestFormBuilder.toForm(updating(ChatUpdateRequest.builder()
                    .channel("D0PRIMING1").ts("1.000001"), message).build()).build();
        }
        com.slack.api.methods.RequestFormBuilder.toForm(com.slack.api.methods.request.users.UsersLookupByEmailRequest
                .builder().email("priming@example.com").build()).build();
    }

    /** One notification of each kind, with every part a message can have, for {@link #prime}. */
    private static final List<Notification> PRIMING_NOTIFICATIONS = primingNotifications();

    private static List<Notification> primingNotifications() {
        io.codebuildnotifier.notification.NotificationKey key =
                io.codebuildnotifier.notification.NotificationKey.build("priming:00000000-0000-4000-8000-000000000000");
        List<Notification.Fact> facts = List.of(new Notification.Fact(Notification.FactKey.PROJECT, "priming"),
                new Notification.Fact(Notification.FactKey.STATUS, "failed"),
                new Notification.Fact(Notification.FactKey.BUILD_NUMBER, "1"),
                new Notification.Fact(Notification.FactKey.DURATION, "1s"),
                new Notification.Fact(Notification.FactKey.SHORT_COMMIT, "0000000"),
                new Notification.Fact(Notification.FactKey.SUBJECT, "Priming & <more>"),
                new Notification.Fact(Notification.FactKey.SOURCE_REF, "pr/1"),
                new Notification.Fact(Notification.FactKey.PR_TITLE, "Priming"),
                new Notification.Fact(Notification.FactKey.FAILED_PHASE, "BUILD"),
                new Notification.Fact(Notification.FactKey.FAILED_PHASE_STATUS, "failed"),
                new Notification.Fact(Notification.FactKey.STREAK, "1st failure"),
                new Notification.Fact(Notification.FactKey.REPOSITORY, "priming/priming"),
                new Notification.Fact(Notification.FactKey.FINISHED, "2"),
                new Notification.Fact(Notification.FactKey.EMAIL, "priming@example.com"),
                new Notification.Fact(Notification.FactKey.ERROR, "users_not_found"));
        List<Notification.Link> links = List.of(
                new Notification.Link(Notification.LinkKey.BUILD, "https://priming.invalid/build", ""),
                new Notification.Link(Notification.LinkKey.LOGS, "https://priming.invalid/logs", ""),
                new Notification.Link(Notification.LinkKey.COMMIT, "https://priming.invalid/commit", ""),
                new Notification.Link(Notification.LinkKey.SOURCE_REF, "https://priming.invalid/pr/1", ""));
        List<Notification.Person> people = List.of(new Notification.Person(Notification.Person.Role.AUTHOR,
                "Priming", "priming@example.com", "U0PRIMING1"));
        Notification.Tests tests = new Notification.Tests(Notification.Tests.State.READY, 2, 1, 1, 0,
                List.of(new Notification.TestCase("PrimingTest.primes", "expected <true>", true)), 1, 50.0);
        Notification build = new Notification(key, Notification.Kind.BUILD_RESULT, Notification.Severity.FAILURE,
                "", facts, links, people, List.of()).withTests(tests)
                .withMetadata(new Notification.Metadata("priming", java.util.Map.of("priming", List.of(1, true))));
        Notification rollup = new Notification(key, Notification.Kind.COMMIT_ROLLUP, Notification.Severity.SUCCESS,
                "", facts, links, people, List.of(), List.of(
                new Notification.Part("a", Notification.Severity.SUCCESS, "succeeded", "https://priming.invalid/a"),
                new Notification.Part("b", Notification.Severity.FAILURE, "failed", "https://priming.invalid/b")));
        Notification notice = new Notification(key, Notification.Kind.PERSON_NOT_FOUND, Notification.Severity.WARNING,
                "", facts, List.of(), List.of(), List.of());
        return List.of(build, rollup, notice);
    }

    /**
     * For a SnapStart snapshot: one Web API call that needs no token ({@code api.test}), through the
     * client every call uses, so that its HTTP client, TLS and the reading of an answer are loaded.
     * Reads no token and sends none; whatever Slack answers is only read. The connection it opened is
     * closed afterwards: no connection made before a snapshot is used after a restore.
     *
     * @return whether Slack answered {@code ok}
     * @throws TransientFailure when Slack cannot be reached in time
     */
    public boolean primeApi(Deadline deadline) {
        Slack client = calls.client(deadline, "api.test");
        try {
            return calls.once("api.test", () -> client.methods().apiTest(r -> r)).isOk();
        } finally {
            client.getHttpClient().getOkHttpClient().connectionPool().evictAll();
        }
    }

    /** A client whose every call ends before the deadline less a margin; none when no call could. */
    private MethodsClient methods(Deadline deadline) {
        return calls.methods(deadline);
    }

    /** One Web API call, retried; a token Slack rejects is read again from the secret once (it may have been rotated). */
    private <T> T call(String method, Deadline deadline, SlackCalls.SlackCall<T> call) {
        return calls.call(method, deadline, call);
    }

    @Override
    public Lookup lookupByEmail(String email, Deadline deadline) {
        UsersLookupByEmailResponse response = call("users.lookupByEmail", deadline,
                () -> methods(deadline).usersLookupByEmail(r -> r.email(email)));
        if (!response.isOk()) {
            return new Lookup.Missing(error(response));
        }
        return reachable(response.getUser()).<Lookup>map(Lookup.Found::new)
                .orElseGet(() -> new Lookup.Missing(unreachableReason(response.getUser())));
    }

    /** Finds an admin; found ones are remembered for the instance's life, misses are asked again next time. */
    @Override
    public Optional<String> resolveAdmin(String admin, Deadline deadline) {
        String key = admin.trim();
        String known = admins.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = findAdmin(key, deadline);
        found.ifPresent(id -> admins.put(key, id));
        return found;
    }

    private Optional<String> findAdmin(String admin, Deadline deadline) {
        if (MEMBER_ID.matcher(admin).matches()) {
            UsersInfoResponse info = call("users.info", deadline, () -> methods(deadline).usersInfo(r -> r.user(admin)));
            return info.isOk() ? reachable(info.getUser()) : Optional.empty();
        }
        if (admin.contains("@") && !admin.startsWith("@")) {
            return switch (lookupByEmail(admin, deadline)) {
                case Lookup.Found found -> Optional.of(found.userId());
                case Lookup.Missing missing -> Optional.empty();
            };
        }
        String name = (admin.startsWith("@") ? admin.substring(1) : admin).toLowerCase(Locale.ROOT);
        // the member whose username this is (unique in a workspace); else the one member, and only one, who shows
        // it as their display name: display names are anybody's to choose, so two of them name nobody (an admin's
        // rights are not to be had by taking an admin's name)
        List<String> shown = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            UsersListResponse response = call("users.list", deadline,
                    () -> methods(deadline).usersList(r -> r.limit(200).cursor(page)));
            if (!response.isOk()) {
                error(response);
                return Optional.empty();
            }
            for (User user : response.getMembers()) {
                if (reachable(user).isEmpty()) {
                    continue;
                }
                if (name.equalsIgnoreCase(user.getName())) {
                    return Optional.of(user.getId());
                }
                if (showsName(user, name)) {
                    shown.add(user.getId());
                }
            }
            cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return shown.size() == 1 ? Optional.of(shown.get(0)) : Optional.empty();
    }

    private static boolean showsName(User user, String name) {
        User.Profile profile = user.getProfile();
        return profile != null && (name.equalsIgnoreCase(profile.getDisplayName())
                || name.equalsIgnoreCase(profile.getDisplayNameNormalized()));
    }

    private static Optional<String> reachable(User user) {
        if (user == null || user.getId() == null || user.isDeleted() || user.isBot()
                || "USLACKBOT".equals(user.getId())) {
            return Optional.empty();
        }
        return Optional.of(user.getId());
    }

    private static String unreachableReason(User user) {
        if (user == null) {
            return "users_not_found";
        }
        return user.isDeleted() ? "user_deactivated" : "user_is_bot";
    }

    /**
     * Replaces the message with this notification, rendered as {@link #post} renders it, through chat.update:
     * its text, blocks and attachment all sent, so that nothing of the old content stays (Slack keeps the
     * attachments or blocks of the message it replaces when none are sent), and its metadata when it has some.
     */
    @Override
    public PostResult update(MessageRef ref, Notification notification, Deadline deadline) {
        SlackMessage message = SlackMessages.render(notification);
        ChatUpdateResponse response = call("chat.update", deadline, () -> methods(deadline)
                .chatUpdate(r -> updating(r.channel(ref.channel()).ts(ref.ts()), message)));
        if (!response.isOk()) {
            return failed(error(response), MESSAGE_GONE);
        }
        String where = response.getChannel() == null || response.getChannel().isEmpty() ? ref.channel()
                : response.getChannel();
        String ts = response.getTs() == null || response.getTs().isEmpty() ? ref.ts() : response.getTs();
        return new PostResult.Posted(new MessageRef(where, ts));
    }

    @Override
    public PostResult post(String channel, Notification notification, Deadline deadline) {
        SlackMessage message = SlackMessages.render(notification);
        ChatPostMessageResponse response = call("chat.postMessage", deadline, () -> methods(deadline)
                .chatPostMessage(r -> posting(r.channel(channel), message)));
        if (!response.isOk()) {
            return new PostResult.Failed(error(response));
        }
        String where = response.getChannel() == null || response.getChannel().isEmpty() ? channel : response.getChannel();
        String ts = response.getTs() == null ? "" : response.getTs();
        // Slack always says where a message landed; should it not, the message still went out
        return new PostResult.Posted(ts.isEmpty() ? Optional.empty() : Optional.of(new MessageRef(where, ts)));
    }

    /** What Slack answers an update of a message that no longer exists. */
    private static final Set<String> MESSAGE_GONE = Set.of("message_not_found");
    /**
     * What Slack answers a reply whose parent is gone ({@code thread_not_found}; a {@code thread_ts} it
     * cannot use, {@code invalid_thread_ts} or {@code cannot_reply_to_message}).
     */
    private static final Set<String> PARENT_GONE = Set.of("thread_not_found", "invalid_thread_ts",
            "message_not_found", "cannot_reply_to_message");

    private static PostResult.Failed failed(String error, Set<String> gone) {
        return new PostResult.Failed(error, gone.contains(error));
    }

    /** A reply in the parent's thread, broadcast to the conversation, rendered as {@link #post} renders it. */
    @Override
    public PostResult reply(MessageRef parent, Notification notification, Deadline deadline) {
        SlackMessage message = SlackMessages.render(notification);
        ChatPostMessageResponse response = call("chat.postMessage", deadline, () -> methods(deadline)
                .chatPostMessage(r -> posting(r.channel(parent.channel()).threadTs(parent.ts()).replyBroadcast(true),
                        message)));
        if (!response.isOk()) {
            return failed(error(response), PARENT_GONE);
        }
        String where = response.getChannel() == null || response.getChannel().isEmpty() ? parent.channel()
                : response.getChannel();
        String ts = response.getTs() == null ? "" : response.getTs();
        return new PostResult.Posted(ts.isEmpty() ? Optional.empty() : Optional.of(new MessageRef(where, ts)));
    }

    /** What a post or a reply sends: the text, the headline blocks, the attachment, the metadata; no unfurling. */
    private static ChatPostMessageRequest.ChatPostMessageRequestBuilder posting(
            ChatPostMessageRequest.ChatPostMessageRequestBuilder request, SlackMessage message) {
        request.text(message.text()).blocks(message.headline()).attachments(List.of(attachment(message)))
                .unfurlLinks(false).unfurlMedia(false);
        SlackMessages.metadata(message).ifPresent(request::metadata);
        return request;
    }

    /** What an update sends: the same content as a post. */
    private static ChatUpdateRequest.ChatUpdateRequestBuilder updating(ChatUpdateRequest.ChatUpdateRequestBuilder request,
                                                                      SlackMessage message) {
        request.text(message.text()).blocks(message.headline()).attachments(List.of(attachment(message)));
        SlackMessages.metadata(message).ifPresent(request::metadata);
        return request;
    }

    /** The legacy attachment of a message: the coloured bar around the detail blocks, the text as the fallback. */
    static Attachment attachment(SlackMessage message) {
        return Attachment.builder()
                .color(message.color())
                .fallback(message.text())
                .blocks(message.details())
                .build();
    }

    /** Reads {@code ok:false}: auth problems and rate limits are thrown, anything else is returned. */
    private static String error(SlackApiTextResponse response) {
        String error = response.getError() == null ? "unknown_error" : response.getError();
        // a scope Slack denies also has the token read again: a rotated token may have other scopes
        if (SlackCalls.TOKEN_ERRORS.contains(error) || SlackCalls.SCOPE_ERRORS.contains(error)) {
            throw new SlackCalls.Unauthorized("Slack rejected the bot token (" + error + "): check the token in the "
                    + "secret and the app's scopes (chat:write, users:read, users:read.email)");
        }
        if (SlackCalls.TRANSIENT_ERRORS.contains(error)) {
            throw new TransientFailure("Slack answered " + error);
        }
        return error;
    }
}
