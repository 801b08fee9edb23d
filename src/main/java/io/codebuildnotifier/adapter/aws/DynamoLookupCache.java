package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.people.ChatDirectory;
import io.codebuildnotifier.people.LookupCache;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Slack lookups by email, kept in the history table: {@code source_id} = {@code slack-user:EMAIL}
 * (lowercase), {@code version_key} = {@code lookup}, with {@code user_id} or {@code error} and
 * {@code expires_at} (the table's TTL; expired items are ignored until DynamoDB removes them).
 * A cache: when it cannot be read or written, Slack is asked instead.
 */
public final class DynamoLookupCache implements LookupCache {
    private final DynamoDbClient client;
    private final String table;

    public DynamoLookupCache(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String email) {
        return Map.of("source_id", AttributeValue.fromS("slack-user:" + email),
                "version_key", AttributeValue.fromS("lookup"));
    }

    @Override
    public Optional<ChatDirectory.Lookup> get(String email, Instant now, Deadline deadline) {
        return Items.unexpired(client, table, key(email), now, deadline).flatMap(DynamoLookupCache::answer);
    }

    private static Optional<ChatDirectory.Lookup> answer(Map<String, AttributeValue> item) {
        AttributeValue user = item.get("user_id");
        AttributeValue error = item.get("error");
        if (user != null && user.s() != null) {
            return Optional.of(new ChatDirectory.Lookup.Found(user.s()));
        }
        return error == null || error.s() == null ? Optional.empty()
                : Optional.of(new ChatDirectory.Lookup.Missing(error.s()));
    }

    @Override
    public void put(String email, ChatDirectory.Lookup lookup, Instant expiresAt, Deadline deadline) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(email));
        switch (lookup) {
            case ChatDirectory.Lookup.Found found -> item.put("user_id", AttributeValue.fromS(found.userId()));
            case ChatDirectory.Lookup.Missing missing -> item.put("error", AttributeValue.fromS(missing.error()));
        }
        Items.keep(client, table, item, expiresAt, deadline);
    }
}
