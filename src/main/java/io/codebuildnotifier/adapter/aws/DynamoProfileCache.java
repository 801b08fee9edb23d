package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ProfileCache;
import io.codebuildnotifier.people.PublicProfiles;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Public profiles of git host users, kept in the history table beside the Slack lookups
 * ({@link DynamoLookupCache}): {@code source_id} = {@code github-user:LOGIN} (lowercase),
 * {@code version_key} = {@code profile}, with {@code email} (the public email) or {@code no_email}
 * (why there is none) and {@code expires_at} (the table's TTL; expired items are ignored until
 * DynamoDB removes them). A cache: when it cannot be read or written, GitHub is asked instead.
 */
public final class DynamoProfileCache implements ProfileCache {
    private final DynamoDbClient client;
    private final String table;

    public DynamoProfileCache(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String login) {
        return Map.of("source_id", AttributeValue.fromS("github-user:" + login),
                "version_key", AttributeValue.fromS("profile"));
    }

    @Override
    public Optional<PublicProfiles.Answer> get(String login, Instant now, Deadline deadline) {
        return Items.unexpired(client, table, key(login), now, deadline).flatMap(DynamoProfileCache::answer);
    }

    private static Optional<PublicProfiles.Answer> answer(Map<String, AttributeValue> item) {
        AttributeValue email = item.get("email");
        AttributeValue none = item.get("no_email");
        if (email != null && email.s() != null) {
            return Optional.of(new PublicProfiles.Answer.Email(email.s()));
        }
        return none == null || none.s() == null ? Optional.empty()
                : Optional.of(new PublicProfiles.Answer.NoEmail(none.s()));
    }

    @Override
    public void put(String login, PublicProfiles.Answer answer, Instant expiresAt, Deadline deadline) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(login));
        switch (answer) {
            case PublicProfiles.Answer.Email email -> item.put("email", AttributeValue.fromS(email.email()));
            case PublicProfiles.Answer.NoEmail none -> item.put("no_email", AttributeValue.fromS(none.why()));
            case PublicProfiles.Answer.Unavailable unavailable -> {
                return; // only definite answers are kept
            }
        }
        Items.keep(client, table, item, expiresAt, deadline);
    }
}
