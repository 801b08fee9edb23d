package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Preference;
import io.codebuildnotifier.notification.Preferences;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Preferences} store does: nobody's is none, a saved one reads back whole, a save replaces. */
public abstract class PreferencesContract {
    private static final Instant LATER = Instant.parse("2030-01-01T10:00:00Z");

    protected abstract Preferences newPreferences();

    private Preferences preferences;

    @BeforeEach
    void open() {
        preferences = newPreferences();
    }

    @Test
    void somebodyWhoSavedNothingHasNoPreference() {
        assertEquals(Preference.none("U0NOBODY"), preferences.of("U0NOBODY", deadline()));
    }

    @Test
    void aSavedPreferenceReadsBackWhole() {
        Preference jane = new Preference("U0JANE", List.of(new Preference.Mute("widgets-ci", Optional.empty()),
                new Preference.Mute(Preference.ALL, Optional.of(LATER))), Optional.of(NotifyStrategy.EVERY_BUILD));
        preferences.save(jane, deadline());
        assertEquals(jane, preferences.of("U0JANE", deadline()));
        assertEquals(Preference.none("U0BOB"), preferences.of("U0BOB", deadline()), "each person's own");
    }

    @Test
    void aSaveReplacesTheWholePreference() {
        preferences.save(new Preference("U0JANE", List.of(new Preference.Mute("widgets-ci", Optional.empty())),
                Optional.of(NotifyStrategy.STATUS_CHANGE)), deadline());
        Preference unmuted = new Preference("U0JANE", List.of(), Optional.empty());
        preferences.save(unmuted, deadline());
        assertEquals(unmuted, preferences.of("U0JANE", deadline()));
    }

    @Test
    void aMuteEndsToTheSecond() {
        Instant until = Instant.parse("2030-01-01T10:00:00.750Z");
        preferences.save(new Preference("U0JANE", List.of(new Preference.Mute("widgets-ci", Optional.of(until))),
                Optional.empty()), deadline());
        Preference read = preferences.of("U0JANE", deadline());
        assertEquals(Optional.of(Instant.parse("2030-01-01T10:00:00Z")), read.mutes().getFirst().until());
        assertTrue(read.mutes("WIDGETS-CI", until.minusSeconds(60)), "a subject in any case");
        assertFalse(read.mutes("widgets-ci", until.plusSeconds(1)), "over once it ends");
    }

    @Test
    void subjectsOfAnyTextAreKept() {
        String odd = "proj/with spaces & \"quotes\" \u00e9\u00e8 " + "x".repeat(300);
        Preference jane = new Preference("U0JANE", List.of(new Preference.Mute(odd, Optional.empty())),
                Optional.of(NotifyStrategy.FAIL_OR_STATUS_CHANGE));
        preferences.save(jane, deadline());
        assertEquals(jane, preferences.of("U0JANE", deadline()));
    }

    @Test
    void nothingIsReadOrSavedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> preferences.of("U0JANE", ContractFixtures.spent()));
        assertThrows(TransientFailure.class, () -> preferences.save(Preference.none("U0JANE"),
                ContractFixtures.spent()));
    }
}
