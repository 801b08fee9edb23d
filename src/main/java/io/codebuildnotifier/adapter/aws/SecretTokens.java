package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.failure.MisconfigurationFailure;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The Slack token ({@code token}) and the optional GitHub token ({@code github_token}) from one
 * Secrets Manager secret, read once and kept for the life of the instance.
 * Secret values never reach a log line or an exception message.
 */
public final class SecretTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretName;
    private volatile Tokens tokens;

    /** The two tokens; {@code toString} hides them. */
    public record Tokens(String slack, Optional<String> github) {
        @Override
        public String toString() {
            return "Tokens[hidden]";
        }
    }

    public SecretTokens(SecretsManagerClient client, String secretName) {
        this.client = client;
        this.secretName = secretName;
    }

    public String slackToken() {
        return tokens().slack();
    }

    public Optional<String> githubToken() {
        return tokens().github();
    }

    /** Forgets the cached tokens, so that the next call reads the secret again (after a rotation). */
    public void refresh() {
        tokens = null;
    }

    private Tokens tokens() {
        Tokens current = tokens;
        if (current == null) {
            synchronized (this) {
                current = tokens;
                if (current == null) {
                    current = read();
                    tokens = current;
                }
            }
        }
        return current;
    }

    private Tokens read() {
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(secretName)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new MisconfigurationFailure("Secrets Manager secret '" + secretName + "' does not exist: create it "
                    + "with {\"token\": \"xoxb-...\"} or set CBN_SLACK_SECRET_NAME", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("Secrets Manager GetSecretValue for '" + secretName + "'", e);
        }
        JsonNode json;
        try {
            json = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("token").isTextual() || json.path("token").asText().isBlank()) {
            throw new MisconfigurationFailure("Secrets Manager secret '" + secretName
                    + "' must be a JSON object with a non-empty \"token\" field (and optionally \"github_token\")");
        }
        String github = json.path("github_token").isTextual() ? json.path("github_token").asText().trim() : "";
        return new Tokens(json.path("token").asText().trim(), github.isEmpty() ? Optional.empty() : Optional.of(github));
    }
}
