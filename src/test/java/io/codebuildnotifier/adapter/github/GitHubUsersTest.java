package io.codebuildnotifier.adapter.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.people.PublicProfiles.Answer;
import io.codebuildnotifier.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /users/LOGIN} against the loopback GitHub: each answer, and each failure as unavailable. */
class GitHubUsersTest {
    private static final Deadline DEADLINE = Deadline.in(Duration.ofMinutes(1));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Sandbox sandbox;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-users");
        http = HttpClient.newHttpClient();
        ObjectNode ada = JSON.createObjectNode().put("login", "ada-l").put("id", 1).put("type", "User")
                .put("email", "ada@example.com");
        sandbox.putGitHubUser(ada);
        sandbox.putGitHubUser(JSON.createObjectNode().put("login", "quiet").put("id", 2).put("type", "User")
                .putNull("email"));
    }

    @AfterAll
    static void stop() {
        http.shutdownNow();
        sandbox.close();
    }

    @BeforeEach
    void forget() {
        sandbox.clearFaults();
        sandbox.clearRecordings();
    }

    private static GitHubUsers users(Optional<String> token) {
        return new GitHubUsers(new GitHubHost(http, URI.create(sandbox.githubApiUrl()), (host, d) -> token,
                new Patience(wait -> { })));
    }

    @Test
    void aUserWithAPublicEmailGivesIt() {
        assertEquals(new Answer.Email("ada@example.com"), users(Optional.of("ghp_x")).publicEmail("Ada-L", DEADLINE));
        assertEquals("GET /users/Ada-L", sandbox.calls().get(0).operation());
        assertEquals("present", sandbox.calls().get(0).params().get("authorization"));
    }

    @Test
    void aUserWithoutOneAndAnUnknownUserAreDefinite() {
        GitHubUsers users = users(Optional.empty());
        assertEquals(new Answer.NoEmail("GitHub user quiet shows no public email"), users.publicEmail("quiet", DEADLINE));
        assertEquals(new Answer.NoEmail("no GitHub user nobody"), users.publicEmail("nobody", DEADLINE));
        assertEquals("absent", sandbox.calls().get(0).params().get("authorization"));
    }

    @Test
    void failuresAreUnavailableAfterOneAttempt() {
        GitHubUsers users = users(Optional.empty());
        Map<Sandbox.Fault, String> faults = Map.of(
                new Sandbox.Fault.HttpStatus(403, "{\"message\":\"API rate limit exceeded\"}",
                        Map.of("x-ratelimit-remaining", "0")), "rate limit reached (HTTP 403)",
                Sandbox.Fault.status(429), "rate limit reached (HTTP 429)",
                Sandbox.Fault.status(502), "HTTP 502",
                new Sandbox.Fault.HttpStatus(200, "<html>", Map.of()), "a body that is not JSON",
                Sandbox.Fault.DROP_CONNECTION, "could not be reached");
        faults.forEach((fault, why) -> {
            sandbox.clearRecordings();
            // the JDK's client itself retries a dropped connection once
            sandbox.failNext("github", "GET /users/ada-l", fault == Sandbox.Fault.DROP_CONNECTION ? 2 : 1, fault);

            Answer answer = users.publicEmail("ada-l", DEADLINE);

            Answer.Unavailable unavailable = assertInstanceOf(Answer.Unavailable.class, answer, fault.toString());
            assertTrue(unavailable.why().contains(why), unavailable.why());
            assertTrue(sandbox.count("github", "GET /users/ada-l") <= 2, "not retried: " + sandbox.calls());
            sandbox.clearFaults();
        });
    }

    @Test
    void noTimeLeftIsUnavailableWithoutACall() {
        Answer answer = users(Optional.empty()).publicEmail("ada-l", Deadline.in(Duration.ofSeconds(1)));

        assertInstanceOf(Answer.Unavailable.class, answer);
        assertEquals(List.of(), sandbox.calls());
    }
}
