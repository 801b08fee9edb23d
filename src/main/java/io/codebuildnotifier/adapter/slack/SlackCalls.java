package io.codebuildnotifier.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Web API calls with the bot token, as {@link SlackWorkspace} and {@link SlackConversation} make them: a client whose
 * every call takes at most the call timeout, or the short one when less time is left, and none started that could
 * not finish before the deadline less a margin; bounded retries ({@link Patience}) for rate limits, outages and
 * dropped connections; a token Slack rejects ({@link Unauthorized}) read again from the secret once.
 *
 * <p>What the two differ in is given: the timeouts, which HTTP statuses are transient (the others are permanent),
 * and what an {@code ok: false} answer means ({@link Refusals}).
 */
final class SlackCalls {
    /** Slack's words for a token it does not take. */
    static final Set<String> TOKEN_ERRORS = Set.of("invalid_auth", "not_authed", "account_inactive",
            "token_revoked", "token_expired", "not_allowed_token_type", "team_access_not_granted");
    /** Slack's words for a method the token's scopes do not allow. */
    static final Set<String> SCOPE_ERRORS = Set.of("missing_scope", "no_permission", "ekm_access_denied");
    /** Slack's words for a failure worth trying again. */
    static final Set<String> TRANSIENT_ERRORS = Set.of("ratelimited", "rate_limited", "fatal_error",
            "internal_error", "service_unavailable", "request_timeout");

    /** One Web API call. */
    interface SlackCall<T> {
        T call() throws IOException, SlackApiException;
    }

    /** What an {@code ok: false} answer of a method means: the failure to throw, or null to return the answer. */
    interface Refusals {
        RuntimeException failure(String method, SlackApiTextResponse response);
    }

    /** Slack rejected the token: it is read again once. */
    static final class Unauthorized extends MisconfigurationFailure {
        Unauthorized(String message) {
            super(message);
        }
    }

    private final Slack slack;
    private final Lazy<Slack> shortCalls;
    private final Duration callTimeout;
    private final Duration shortCallTimeout;
    private final Function<Deadline, String> token;
    private final Runnable refreshToken;
    private final Patience patience;
    private final IntPredicate transientStatus;
    private final Refusals refusals;

    /**
     * @param callTimeout      the longest one call may take (connect, send, read)
     * @param shortCallTimeout the timeout of a call made when less than {@code callTimeout} is left
     * @param transientStatus  which HTTP statuses of a failed call are worth retrying; any other is permanent
     */
    SlackCalls(URI apiUrl, Duration callTimeout, Duration shortCallTimeout, Function<Deadline, String> token,
               Runnable refreshToken, Patience patience, IntPredicate transientStatus, Refusals refusals) {
        this.slack = Slack.getInstance(config(apiUrl, callTimeout));
        // needed only when an invocation is nearly out of time: built then
        this.shortCalls = Lazy.of(() -> Slack.getInstance(config(apiUrl, shortCallTimeout)));
        this.callTimeout = callTimeout;
        this.shortCallTimeout = shortCallTimeout;
        this.token = token;
        this.refreshToken = refreshToken;
        this.patience = patience;
        this.transientStatus = transientStatus;
        this.refusals = refusals;
    }

    private static SlackConfig config(URI apiUrl, Duration callTimeout) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl.toString());
        config.setStatsEnabled(false);
        config.setPrettyResponseLoggingEnabled(false);
        config.setHttpClientCallTimeoutMillis((int) callTimeout.toMillis());
        return config;
    }

    /** The configuration of the normal client. */
    SlackConfig config() {
        return slack.getConfig();
    }

    /**
     * The client whose every call ends before the deadline less a margin.
     *
     * @param what what is not started when no call could, for the message
     * @throws TransientFailure when no call could
     */
    Slack client(Deadline deadline, String what) {
        Duration budget = deadline.callBudget();
        Slack client = budget.compareTo(callTimeout) >= 0 ? slack
                : budget.compareTo(shortCallTimeout) >= 0 ? shortCalls.get() : null;
        if (client == null) {
            throw new TransientFailure("Slack " + what + " not started: the invocation has "
                    + Math.max(0, deadline.remaining().toMillis()) + " ms left");
        }
        return client;
    }

    /** {@link #client}'s methods with the bot token. */
    MethodsClient methods(Deadline deadline) {
        return client(deadline, "call").methods(token.apply(deadline));
    }

    /** One Web API call, retried within the deadline; once more with the token read again should Slack reject it. */
    <T> T call(String method, Deadline deadline, SlackCall<T> call) {
        try {
            return patience.call(deadline, () -> once(method, call));
        } catch (Unauthorized e) {
            refreshToken.run();
            return patience.call(deadline, () -> once(method, call));
        }
    }

    /** One attempt: no answer, an unreadable one or a transient status is transient; a refusal is {@link Refusals}'. */
    <T> T once(String method, SlackCall<T> call) {
        T response;
        try {
            response = call.call();
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            String retryAfter = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
            if (transientStatus.test(status)) {
                throw new TransientFailure("Slack " + method + " failed with HTTP " + status
                        + (retryAfter == null ? "" : " (Retry-After " + retryAfter + "s)"), e, seconds(retryAfter));
            }
            String error = e.getError() == null ? "" : e.getError().getError();
            throw new PermanentFailure("Slack " + method + " failed with HTTP " + status
                    + (error == null || error.isEmpty() ? "" : " " + error), e);
        } catch (IOException e) {
            throw new TransientFailure("Slack " + method + " could not be reached: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof NotifierFailure) {
                throw e;
            }
            throw new TransientFailure("Slack " + method + " answered something unreadable: "
                    + e.getClass().getSimpleName(), e);
        }
        if (response instanceof SlackApiTextResponse text && !text.isOk()) {
            RuntimeException failure = refusals.failure(method, text);
            if (failure != null) {
                throw failure;
            }
        }
        return response;
    }

    /** A Retry-After header's seconds; null for none or none readable. */
    static Duration seconds(String retryAfter) {
        if (retryAfter == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
