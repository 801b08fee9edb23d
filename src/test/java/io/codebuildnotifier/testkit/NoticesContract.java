package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static io.codebuildnotifier.testkit.ContractFixtures.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Notices;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Notices} does: one notification per address and day, the same one again on a retry. */
public abstract class NoticesContract {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);
    private static final NotificationKey FIRST = key("widgets:1");
    private static final NotificationKey SECOND = key("widgets:2");

    protected abstract Notices newNotices();

    private Notices notices;

    @BeforeEach
    void open() {
        notices = newNotices();
    }

    @Test
    void theFirstNotificationOfTheDayReportsAnAddressAndOthersDoNot() {
        assertTrue(notices.firstToday("carol@example.com", DAY, FIRST, deadline()));
        assertFalse(notices.firstToday("carol@example.com", DAY, SECOND, deadline()));
        assertFalse(notices.firstToday("Carol@Example.COM", DAY, SECOND, deadline()), "one per address, any case");
    }

    @Test
    void theSameNotificationAskingAgainIsStillTheOne() {
        assertTrue(notices.firstToday("carol@example.com", DAY, FIRST, deadline()));
        assertTrue(notices.firstToday("carol@example.com", DAY, FIRST, deadline()));
        assertFalse(notices.firstToday("carol@example.com", DAY, SECOND, deadline()));
    }

    @Test
    void eachAddressAndEachDayIsItsOwn() {
        assertTrue(notices.firstToday("carol@example.com", DAY, FIRST, deadline()));
        assertTrue(notices.firstToday("dan@example.com", DAY, SECOND, deadline()));
        assertTrue(notices.firstToday("carol@example.com", DAY.plusDays(1), SECOND, deadline()));
        assertFalse(notices.firstToday("carol@example.com", DAY.plusDays(1), FIRST, deadline()));
    }

    @Test
    void anAddressOfAnyLengthCanBeNoted() {
        String huge = "x".repeat(10_000) + "@example.com";
        assertTrue(notices.firstToday(huge, DAY, FIRST, deadline()));
        assertFalse(notices.firstToday(huge.toUpperCase(java.util.Locale.ROOT), DAY, SECOND, deadline()));
        assertTrue(notices.firstToday("x".repeat(9_999) + "@example.com", DAY, SECOND, deadline()));
    }

    @Test
    void ofConcurrentNotificationsOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                NotificationKey about = key("widgets:" + (10 + i));
                answers.add(pool.submit(() -> notices.firstToday("carol@example.com", DAY, about, deadline())));
            }
            int won = 0;
            for (Future<Boolean> answer : answers) {
                won += answer.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nothingIsNotedWithoutTimeLeft() {
        assertThrows(TransientFailure.class, () -> notices.firstToday("carol@example.com", DAY, FIRST,
                ContractFixtures.spent()));
        assertTrue(notices.firstToday("carol@example.com", DAY, SECOND, deadline()));
    }
}
