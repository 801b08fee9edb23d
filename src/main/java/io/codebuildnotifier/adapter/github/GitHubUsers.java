package io.codebuildnotifier.adapter.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.kernel.NotifierFailure;
import io.codebuildnotifier.people.PublicProfiles;
import java.io.IOException;
import java.time.Duration;

/**
 * Public profiles of github.com users ({@code GET /users/LOGIN} of {@code CBN_GITHUB_API_URL}), through
 * the {@link GitHubHost}'s HTTP client and with its token when one is configured. A profile without
 * {@code email} (the user shows none) and an unknown user (404) are definite answers. Anything
 * else (GitHub down or slow, a rate limit, a refused token, a body that is no user) makes the
 * profile {@link PublicProfiles.Answer.Unavailable unavailable} for this notification, with one log
 * line: it is one call, not retried, because a profile is only a better guess than the alias table,
 * and never worth holding up the notification's delivery.
 */
public final class GitHubUsers implements PublicProfiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shorter than a commit's: a profile is a nicety. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final GitHubHost host;

    public GitHubUsers(GitHubHost host) {
        this.host = host;
    }

    @Override
    public Answer publicEmail(String login, Deadline deadline) {
        GitHubHost.Response response;
        try {
            response = host.getFromApi("/users/" + GitHubHost.encode(login), TIMEOUT, deadline);
        } catch (NotifierFailure e) {
            return unavailable(login, e.getMessage());
        }
        if (response.status() == 404) {
            return new Answer.NoEmail("no GitHub user " + login);
        }
        if (response.status() != 200) {
            boolean limited = response.status() == 429
                    || (response.status() == 403 && "0".equals(response.rateLimitRemaining()));
            return unavailable(login, limited ? "rate limit reached (HTTP " + response.status() + ")"
                    : "HTTP " + response.status());
        }
        JsonNode user;
        try {
            user = JSON.readTree(response.body());
        } catch (IOException e) {
            return unavailable(login, "a body that is not JSON");
        }
        if (user == null || !user.isObject() || !user.path("login").isTextual()) {
            return unavailable(login, "a body that is not a user");
        }
        String email = user.path("email").isTextual() ? user.path("email").asText().strip() : "";
        return email.isEmpty() ? new Answer.NoEmail("GitHub user " + login + " shows no public email")
                : new Answer.Email(email);
    }

    private static Answer unavailable(String login, String why) {
        String reason = "GitHub profile of " + login + " not read: " + why;
        System.err.println(LogText.oneLine("codebuild-notifier: " + LogText.clip(reason, 300)));
        return new Answer.Unavailable(reason);
    }
}
