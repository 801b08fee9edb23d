package io.codebuildnotifier.notification;

import io.codebuildnotifier.kernel.Deadline;

/** Where people's preferences are kept (port): the history table, item {@code prefs:CHAT_ID}. */
public interface Preferences {
    /** Nobody has any preference (a stack without the feature, tests). */
    Preferences NONE = new Preferences() {
        @Override
        public Preference of(String chatId, Deadline deadline) {
            return Preference.none(chatId);
        }

        @Override
        public void save(Preference preference, Deadline deadline) {
            throw new UnsupportedOperationException("preferences are not kept here");
        }
    };

    /** The person's preference; {@link Preference#none} if they have none. */
    Preference of(String chatId, Deadline deadline);

    void save(Preference preference, Deadline deadline);
}
