package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.notification.Preferences;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** People's preferences in memory, by chat id; a save replaces the person's whole preference. */
public final class InMemoryPreferences implements Preferences {
    private final Map<String, Preference> saved = new ConcurrentHashMap<>();

    @Override
    public Preference of(String chatId, Deadline deadline) {
        return saved.getOrDefault(chatId, Preference.none(chatId));
    }

    @Override
    public void save(Preference preference, Deadline deadline) {
        saved.put(preference.chatId(), preference);
    }

    /** Puts a preference as if saved. */
    public InMemoryPreferences put(Preference preference) {
        saved.put(preference.chatId(), preference);
        return this;
    }
}
