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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The Slack app's signing secret, beside the token in the same secret, through the sandbox's Secrets Manager. */
class SecretTokensSigningTest {
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

    @Test
    void theSigningSecretIsReadWithTheToken() {
        sandbox.putSecret("s/one", "{\"token\":\"xoxb-1\",\"signing_secret\":\" 8f742231b10e8888abcd \"}");
        SecretTokens tokens = new SecretTokens(client, "s/one", "api.github.com");
        assertEquals("8f742231b10e8888abcd", tokens.signingSecret(DEADLINE));
        assertEquals("xoxb-1", tokens.slackToken(DEADLINE));
        assertEquals(1, sandbox.count("secretsmanager", "GetSecretValue"), "one read for both");
    }

    @Test
    void withoutASigningSecretTheFailureSaysWhatToAddAndNamesNoValue() {
        for (String secret : new String[] {"{\"token\":\"xoxb-2\"}", "{\"token\":\"xoxb-2\",\"signing_secret\":\"\"}",
                "{\"token\":\"xoxb-2\",\"signing_secret\":42}"}) {
            sandbox.putSecret("s/two", secret);
            SecretTokens tokens = new SecretTokens(client, "s/two", "api.github.com");
            MisconfigurationFailure failure = assertThrows(MisconfigurationFailure.class,
                    () -> tokens.signingSecret(DEADLINE));
            assertTrue(failure.getMessage().contains("'s/two' has no \"signing_secret\""), failure.getMessage());
            assertTrue(failure.getMessage().contains("Signing Secret"), failure.getMessage());
            assertFalse(failure.getMessage().contains("xoxb-2"), failure.getMessage());
            // the events and sender functions need no signing secret
            assertEquals("xoxb-2", tokens.slackToken(DEADLINE));
        }
    }

    @Test
    void theTokensNeverPrintTheSigningSecret() {
        assertFalse(new SecretTokens.Tokens("xoxb", java.util.Optional.of("signing"), java.util.Optional.empty(),
                java.util.Map.of()).toString().contains("signing"));
    }
}
