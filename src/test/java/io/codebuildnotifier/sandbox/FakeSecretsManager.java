package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Secrets Manager ({@code secretsmanager}): GetSecretValue by name or ARN. Secrets come from
 * {@code secrets.json} and {@link #put}; the Slack secret may hold the app's {@code signing_secret} beside its
 * {@code token} ({@link #signingSecret}). Secret values are never recorded (only the request's
 * {@code SecretId}).
 */
final class FakeSecretsManager extends AwsJsonService {

    private static final double CREATED_DATE = 1_790_000_000.125;

    private record Secret(String name, String arn, String versionId, String secretString) {
    }

    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    FakeSecretsManager(CallRecorder recorder) {
        super("secretsmanager", "secretsmanager", recorder);
    }

    /** Loads {@code secrets.json}: {@code {"name": "secret string"}}. */
    @Override
    public void load(Path fixtures) {
        Fixtures.readIfExists(fixtures.resolve("secrets.json")).properties()
                .forEach(secret -> put(secret.getKey(), secret.getValue().asText()));
    }

    synchronized void put(String name, String secretString) {
        secrets.put(name, new Secret(name, arn(name), versionId(name), secretString));
    }

    /**
     * The Slack token a loaded sandbox expects: the {@code token} of the secret {@value Sandbox#SLACK_SECRET_NAME},
     * else of the first secret (in the order they were added) that has one, else {@code null}.
     */
    synchronized String slackToken() {
        Secret slack = secrets.get(Sandbox.SLACK_SECRET_NAME);
        String token = slack == null ? null : tokenIn(slack.secretString());
        return token != null ? token : secrets.values().stream().map(secret -> tokenIn(secret.secretString()))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The Slack app's signing secret a loaded sandbox signs requests with: the {@code signing_secret} of the secret
     * {@value Sandbox#SLACK_SECRET_NAME}, or {@code null} if it has none.
     */
    synchronized String signingSecret() {
        Secret slack = secrets.get(Sandbox.SLACK_SECRET_NAME);
        return slack == null ? null : fieldIn(slack.secretString(), "signing_secret");
    }

    /** A text field of a JSON secret string, or {@code null}. */
    static String fieldIn(String secretString, String field) {
        try {
            JsonNode value = Json.MAPPER.readTree(secretString).path(field);
            return value.isTextual() ? value.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The {@code token} field of a JSON secret string, or {@code null}. */
    static String tokenIn(String secretString) {
        try {
            JsonNode token = Json.MAPPER.readTree(secretString).path("token");
            return token.isTextual() ? token.asText() : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    synchronized Reply answer(String operation, JsonNode request) {
        return operation.equals("GetSecretValue") ? getSecretValue(request) : unknownOperation();
    }

    private Reply getSecretValue(JsonNode request) {
        String secretId = request.path("SecretId").asText();
        Secret secret = secrets.values().stream()
                .filter(s -> s.name().equals(secretId) || s.arn().equals(secretId))
                .findFirst().orElse(null);
        if (secret == null) {
            return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        ObjectNode response = Json.object()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", secret.versionId())
                .put("SecretString", secret.secretString());
        response.putArray("VersionStages").add("AWSCURRENT");
        response.put("CreatedDate", CREATED_DATE);
        return ok(response);
    }

    private static String arn(String name) {
        // Secrets Manager appends "-" and six random characters; ours are derived from the name.
        String suffix = Integer.toString(Math.abs(name.hashCode() % 2_000_000_000), 36);
        suffix = (suffix + "AbCdEf").substring(0, 6);
        return "arn:aws:secretsmanager:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":secret:" + name + "-" + suffix;
    }

    private static String versionId(String name) {
        return UUID.nameUUIDFromBytes(("version " + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
