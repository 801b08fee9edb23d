package io.codebuildnotifier.adapter.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The tokens in one Secrets Manager secret, read when first needed and kept for the life of the
 * instance: the Slack bot token ({@code token}), the Slack app's signing secret ({@code signing_secret}, which
 * the interactions function checks Slack's requests with), the github.com token ({@code github_token}) and
 * GitHub Enterprise tokens by host ({@code github_tokens}: {@code {"ghe.example.com": "..."}}).
 * A GitHub token is only ever given out for its own host. Secret values never reach a log line
 * or an exception message.
 */
public final class SecretTokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient client;
    private final String secretName;
    private final String githubComHost;
    /** Read by the first call that needs a token, within that call's deadline. */
    private final Lazy<Tokens> tokens = Lazy.unset();

    /** The tokens; {@code toString} hides them. */
    record Tokens(String slack, Optional<String> signing, Optional<String> github, Map<String, String> enterprise) {
        @Override
        public String toString() {
            return "Tokens[hidden]";
        }
    }

    /**
     * @param githubComHost the host {@code github_token} is for: that of {@code CBN_GITHUB_API_URL}
     *                      ({@code api.github.com} by default)
     */
    public SecretTokens(SecretsManagerClient client, String secretName, String githubComHost) {
        this.client = client;
        this.secretName = secretName;
        this.githubComHost = githubComHost.toLowerCase(Locale.ROOT);
    }

    public String slackToken(Deadline deadline) {
        return tokens(deadline).slack();
    }

    /**
     * The Slack app's signing secret ({@code signing_secret}).
     *
     * @throws MisconfigurationFailure when the secret has none, saying where to find it
     */
    public String signingSecret(Deadline deadline) {
        return tokens(deadline).signing().orElseThrow(() -> new MisconfigurationFailure("Secrets Manager secret '"
                + secretName + "' has no \"signing_secret\": add the Slack app's Signing Secret (api.slack.com/apps, "
                + "Basic Information, App Credentials) to it as \"signing_secret\", beside \"token\""));
    }

    /**
     * The GitHub token for an API host: {@code github_token} for github.com's API (or the host of
     * {@code CBN_GITHUB_API_URL}), the entry of {@code github_tokens} for an Enterprise host, and
     * none for any other host, so that no project can send a token somewhere it is not for.
     */
    public Optional<String> githubToken(String apiHost, Deadline deadline) {
        String host = apiHost == null ? "" : apiHost.toLowerCase(Locale.ROOT);
        Tokens t = tokens(deadline);
        if (host.equals(githubComHost)) {
            return t.github();
        }
        return Optional.ofNullable(t.enterprise().get(host));
    }

    /** Forgets the cached tokens, so that the next call reads the secret again (after a rotation). */
    public void refresh() {
        tokens.reset();
    }

    /**
     * For a SnapStart snapshot: asks Secrets Manager for a secret that does not exist (this secret's
     * name, a hyphen and six characters that begin with an underscore, which no suffix Secrets Manager
     * generates has, the rest random), so that the client, its signing and the path of an error answer
     * are loaded. The real secret is never asked for, no secret value is read, nothing is kept.
     *
     * @return the name asked for
     * @throws RuntimeException what the call failed with, when it did not fail as expected (not found)
     */
    public String prime(Deadline deadline) {
        String name = primingName(secretName);
        try {
            client.getSecretValue(r -> r.secretId(name)
                    .overrideConfiguration(AwsCalls.within(deadline, "Secrets Manager GetSecretValue")));
        } catch (ResourceNotFoundException e) {
            return name; // as expected
        } catch (SdkException e) {
            throw AwsErrors.classify("Secrets Manager GetSecretValue for a priming name", e);
        } finally {
            // what a first real answer loads and reads: its model, and a secret of the same shape
            SdkModels.load(GetSecretValueResponse::builder);
            parse("{\"token\":\"priming\",\"signing_secret\":\"priming\",\"github_token\":\"priming\",\"github_tokens\":{\"priming.invalid\":\"priming\"}}");
        }
        return name; // a secret of that name exists: its value was not looked at and is not kept
    }

    /** {@code NAME-_xxxxx}: matches the function's grant ({@code NAME-??????}), never the secret's own ARN. */
    static String primingName(String secretName) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder name = new StringBuilder(secretName).append("-_");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            name.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    private Tokens tokens(Deadline deadline) {
        return tokens.get(() -> read(deadline));
    }

    private Tokens read(Deadline deadline) {
        String value;
        try {
            value = client.getSecretValue(r -> r.secretId(secretName)
                    .overrideConfiguration(AwsCalls.within(deadline, "Secrets Manager GetSecretValue"))).secretString();
        } catch (ResourceNotFoundException e) {
            throw new MisconfigurationFailure("Secrets Manager secret '" + secretName + "' does not exist: create it "
                    + "with {\"token\": \"xoxb-...\"} or set CBN_SLACK_SECRET_NAME", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("Secrets Manager GetSecretValue for '" + secretName + "'", e);
        }
        return parse(value);
    }

    /** Reads a secret's value; fails with a message that names the secret, never its content. */
    private Tokens parse(String value) {
        JsonNode json;
        try {
            json = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject() || !json.path("token").isTextual() || json.path("token").asText().isBlank()) {
            throw new MisconfigurationFailure("Secrets Manager secret '" + secretName
                    + "' must be a JSON object with a non-empty \"token\" field (and optionally \"signing_secret\", "
                    + "\"github_token\" and \"github_tokens\")");
        }
        String github = json.path("github_token").isTextual() ? json.path("github_token").asText().trim() : "";
        Map<String, String> enterprise = new TreeMap<>();
        JsonNode hosts = json.path("github_tokens");
        if (!hosts.isMissingNode() && !hosts.isNull() && !hosts.isObject()) {
            throw new MisconfigurationFailure("Secrets Manager secret '" + secretName
                    + "': \"github_tokens\" must be an object of GitHub Enterprise host names to tokens");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = hosts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String token = entry.getValue().isTextual() ? entry.getValue().asText().trim() : "";
            if (!token.isEmpty()) {
                enterprise.put(entry.getKey().trim().toLowerCase(Locale.ROOT), token);
            }
        }
        String signing = json.path("signing_secret").isTextual() ? json.path("signing_secret").asText().trim() : "";
        return new Tokens(json.path("token").asText().trim(), signing.isEmpty() ? Optional.empty() : Optional.of(signing),
                github.isEmpty() ? Optional.empty() : Optional.of(github),
                Map.copyOf(enterprise));
    }
}
