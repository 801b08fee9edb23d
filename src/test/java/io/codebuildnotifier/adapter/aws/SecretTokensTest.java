package io.codebuildnotifier.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.sandbox.Sandbox;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The tokens of the secret, through the real SDK against the sandbox's Secrets Manager. */
class SecretTokensTest {
    private static final Deadline DEADLINE = Deadline.in(Duration.ofMinutes(1));
    private static Sandbox sandbox;
    private static SecretsManagerClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = SecretsManagerClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    private static SecretTokens tokens(String name, String secret) {
        sandbox.putSecret(name, secret);
        return new SecretTokens(client, name, "api.github.com");
    }

    @Test
    void theGitHubTokenGoesOnlyToTheGitHubComApiHost() {
        SecretTokens tokens = tokens("t/one", "{\"token\":\"xoxb-1\",\"github_token\":\"ghp_com\"}");
        assertEquals("xoxb-1", tokens.slackToken(DEADLINE));
        assertEquals(Optional.of("ghp_com"), tokens.githubToken("api.github.com", DEADLINE));
        assertEquals(Optional.of("ghp_com"), tokens.githubToken("API.GitHub.com", DEADLINE));
        // a project whose source names some other host must never receive the github.com token
        assertEquals(Optional.empty(), tokens.githubToken("ghe.attacker.example", DEADLINE));
        assertEquals(Optional.empty(), tokens.githubToken("github.com.attacker.example", DEADLINE));
    }

    @Test
    void enterpriseTokensArePerHost() {
        SecretTokens tokens = tokens("t/two", "{\"token\":\"xoxb-2\",\"github_token\":\"ghp_com\","
                + "\"github_tokens\":{\"ghe.example.com\":\"ghp_ghe\",\"GHE2.example.com\":\" ghp_two \"}}");
        assertEquals(Optional.of("ghp_ghe"), tokens.githubToken("ghe.example.com", DEADLINE));
        assertEquals(Optional.of("ghp_two"), tokens.githubToken("ghe2.example.com", DEADLINE));
        assertEquals(Optional.empty(), tokens.githubToken("ghe3.example.com", DEADLINE));
        assertEquals(Optional.of("ghp_com"), tokens.githubToken("api.github.com", DEADLINE));
    }

    @Test
    void theGitHubComHostFollowsTheConfiguredApiUrl() {
        sandbox.putSecret("t/three", "{\"token\":\"xoxb-3\",\"github_token\":\"ghp_proxy\"}");
        SecretTokens tokens = new SecretTokens(client, "t/three", "github-proxy.internal");
        assertEquals(Optional.of("ghp_proxy"), tokens.githubToken("github-proxy.internal", DEADLINE));
        assertEquals(Optional.empty(), tokens.githubToken("api.github.com", DEADLINE));
    }

    @Test
    void githubTokensMustBeAnObject() {
        SecretTokens tokens = tokens("t/four", "{\"token\":\"xoxb-4\",\"github_tokens\":\"ghp_oops\"}");
        MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                () -> tokens.slackToken(DEADLINE));
        assertTrue(failure.getMessage().contains("github_tokens"), failure.getMessage());
        assertFalse(failure.getMessage().contains("ghp_oops"), "a secret value in a message");
    }
}
