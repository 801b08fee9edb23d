package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Notices;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admin notices noted per address and day, like {@code DynamoNotices}: the first notification to
 * note an address (case-insensitively) on a day keeps it, and asking again for that notification
 * answers true again. No time left fails the call, as a store does. Thread-safe.
 */
public final class InMemoryNotices implements Notices {
    private final Map<String, NotificationKey> noted = new ConcurrentHashMap<>();

    @Override
    public boolean firstToday(String email, LocalDate day, NotificationKey about, Deadline deadline) {
        InMemoryStore.Calls.start(deadline, "PutItem of an admin notice");
        NotificationKey holder = noted.putIfAbsent(email.toLowerCase(Locale.ROOT) + " " + day, about);
        return holder == null || holder.equals(about);
    }

    /** How many address-days are noted. */
    public int size() {
        return noted.size();
    }
}
