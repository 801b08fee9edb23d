package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.notification.Preferences;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * People's preferences, one item per person in the history table: {@code source_id} = {@code prefs:CHAT_ID},
 * {@code version_key} = {@value #VERSION_KEY}, with {@code mutes} (a list of maps: {@code subject}, and
 * {@code until} in epoch seconds when the mute ends; no {@code until} for until unmuted), {@code strategy} (a
 * {@link NotifyStrategy#id()}; absent for the default) and {@code updated_at} (epoch seconds). No TTL: a
 * preference is kept until changed. Saved whole with one {@code PutItem}; read with one consistent
 * {@code GetItem}. An item another tool wrote oddly reads leniently: an unreadable mute or strategy is left out,
 * never a failure (a notification must not be lost to it). A store that cannot answer fails as a
 * {@link io.codebuildnotifier.kernel.TransientFailure} (the event is tried again).
 */
public final class DynamoPreferences implements Preferences {
    static final String PREFIX = "prefs:";
    static final String VERSION_KEY = "prefs";

    private final DynamoDbClient client;
    private final String table;

    public DynamoPreferences(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    static Map<String, AttributeValue> key(String chatId) {
        return Map.of("source_id", AttributeValue.fromS(PREFIX + chatId),
                "version_key", AttributeValue.fromS(VERSION_KEY));
    }

    @Override
    public Preference of(String chatId, Deadline deadline) {
        if (chatId == null || chatId.isBlank()) {
            return Preference.none(chatId == null ? "" : chatId);
        }
        return Items.latest(client, table, key(chatId), deadline).map(item -> read(chatId, item))
                .orElseGet(() -> Preference.none(chatId));
    }

    static Preference read(String chatId, Map<String, AttributeValue> item) {
        List<Preference.Mute> mutes = new ArrayList<>();
        AttributeValue listed = item.get("mutes");
        if (listed != null && listed.hasL()) {
            for (AttributeValue value : listed.l()) {
                if (value == null || !value.hasM()) {
                    continue;
                }
                String subject = Items.text(value.m(), "subject");
                if (subject.isBlank()) {
                    continue;
                }
                long until = Items.number(value.m(), "until");
                mutes.add(new Preference.Mute(subject, until > 0 ? Optional.of(Instant.ofEpochSecond(until))
                        : Optional.empty()));
            }
        }
        return new Preference(chatId, mutes, NotifyStrategy.parse(Items.text(item, "strategy")));
    }

    @Override
    public void save(Preference preference, Deadline deadline) {
        if (preference.chatId().isBlank()) {
            throw new IllegalArgumentException("a preference needs the person's chat id");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(preference.chatId()));
        List<AttributeValue> mutes = new ArrayList<>();
        for (Preference.Mute mute : preference.mutes()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("subject", AttributeValue.fromS(mute.subject()));
            mute.until().ifPresent(until -> m.put("until", DynamoHistory.n(until.getEpochSecond())));
            mutes.add(AttributeValue.fromM(m));
        }
        item.put("mutes", AttributeValue.fromL(mutes));
        preference.strategy().ifPresent(s -> item.put("strategy", AttributeValue.fromS(s.id())));
        item.put("updated_at", DynamoHistory.n(Instant.now().getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(table).item(item)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB PutItem on " + table, e);
        }
    }
}
