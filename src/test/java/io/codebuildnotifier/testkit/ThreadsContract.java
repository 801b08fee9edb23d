package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.T0;
import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Threads;
import io.codebuildnotifier.notification.Threads.Shown;
import io.codebuildnotifier.notification.Threads.Thread;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Threads} does: the first start wins, a restart replaces only the vanished parent,
 * what the parent shows only moves forward, and a thread is forgotten when it expires. Runs against
 * the in-memory fake and DynamoDB Local.
 */
public abstract class ThreadsContract {
    private static final String PR = "build:https://github.com/acme/widgets#pr/42";
    private static final MessageRef FIRST = new MessageRef("DU1", "1700000000.000001");
    private static final MessageRef OTHER = new MessageRef("DU1", "1700000000.000002");
    private static final NotificationKey BUILD_1 = NotificationKey.build("widgets:b1");
    private static final NotificationKey BUILD_2 = NotificationKey.build("widgets:b2");
    private static final Instant EXPIRY = T0.plus(Threads.KEEP);

    protected abstract Threads newThreads();

    private Threads threads;

    @BeforeEach
    void open() {
        threads = newThreads();
    }

    private static Thread thread(MessageRef parent, NotificationKey key, Instant at) {
        return new Thread(parent, new Shown(key, 1, at));
    }

    private Optional<Thread> find(String target, Instant now) {
        return threads.find(target, PR, now, deadline());
    }

    @Test
    void aConversationNeverStartedHasNoThread() {
        assertEquals(Optional.empty(), find("dm:U1", T0));
    }

    @Test
    void theFirstStartWinsAndEachTargetHasItsOwn() {
        assertTrue(threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY, deadline()));
        assertFalse(threads.start("dm:U1", PR, thread(OTHER, BUILD_2, T0.plusSeconds(5)), EXPIRY, deadline()));

        assertEquals(Optional.of(thread(FIRST, BUILD_1, T0)), find("dm:U1", T0.plusSeconds(10)));
        assertEquals(Optional.empty(), find("dm:U2", T0.plusSeconds(10)));
        assertEquals(Optional.empty(), threads.find("dm:U1", PR + "-other", T0, deadline()));
    }

    @Test
    void anExpiredThreadIsForgottenAndReplacedByTheNextStart() {
        threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY, deadline());

        assertEquals(Optional.empty(), find("dm:U1", EXPIRY));
        assertTrue(threads.start("dm:U1", PR, thread(OTHER, BUILD_2, EXPIRY), EXPIRY.plus(Threads.KEEP),
                deadline()));
        assertEquals(Optional.of(thread(OTHER, BUILD_2, EXPIRY)), find("dm:U1", EXPIRY));
    }

    @Test
    void aRestartReplacesOnlyTheParentThatVanished() {
        threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY, deadline());

        assertFalse(threads.restart("dm:U1", PR, OTHER, thread(OTHER, BUILD_2, T0.plusSeconds(5)), EXPIRY,
                deadline()), "the parent is not the one that vanished");
        assertTrue(threads.restart("dm:U1", PR, FIRST, thread(OTHER, BUILD_2, T0.plusSeconds(5)), EXPIRY,
                deadline()));
        assertEquals(Optional.of(thread(OTHER, BUILD_2, T0.plusSeconds(5))), find("dm:U1", T0));
        assertFalse(threads.restart("dm:U2", PR, FIRST, thread(OTHER, BUILD_2, T0), EXPIRY, deadline()),
                "nothing to restart");
        assertEquals(Optional.empty(), find("dm:U2", T0));
    }

    @Test
    void theParentShowsOnlyLaterMessages() {
        threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY, deadline());

        Shown later = new Shown(BUILD_2, 1, T0.plusSeconds(60));
        assertTrue(threads.show("dm:U1", PR, FIRST, later, EXPIRY.plusSeconds(60), deadline()));
        assertFalse(threads.show("dm:U1", PR, FIRST, new Shown(BUILD_1, 1, T0.plusSeconds(30)), EXPIRY, deadline()),
                "posted before what the parent shows");
        assertFalse(threads.show("dm:U1", PR, OTHER, new Shown(BUILD_1, 1, T0.plusSeconds(90)), EXPIRY, deadline()),
                "another parent");

        assertEquals(Optional.of(new Thread(FIRST, later)), find("dm:U1", EXPIRY), "kept longer by the later message");
    }

    @Test
    void aRevisionOnlyOfTheNotificationShownAndOnlyUpwards() {
        threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY, deadline());

        assertTrue(threads.revise("dm:U1", PR, FIRST, BUILD_1, 3, deadline()));
        assertFalse(threads.revise("dm:U1", PR, FIRST, BUILD_1, 2, deadline()), "lower");
        assertFalse(threads.revise("dm:U1", PR, FIRST, BUILD_1, 3, deadline()), "the same");
        assertFalse(threads.revise("dm:U1", PR, FIRST, BUILD_2, 4, deadline()), "not what the parent shows");
        assertFalse(threads.revise("dm:U1", PR, OTHER, BUILD_1, 4, deadline()), "another parent");
        assertFalse(threads.revise("dm:U2", PR, FIRST, BUILD_1, 4, deadline()), "no thread");

        assertEquals(Optional.of(new Thread(FIRST, new Shown(BUILD_1, 3, T0))), find("dm:U1", T0));
        assertEquals(Optional.empty(), find("dm:U2", T0));
    }

    @Test
    void aVeryLongConversationIsKeptToo() {
        String longer = "build:https://github.com/acme/widgets#branch/" + "x".repeat(3000);
        assertTrue(threads.start("channel:C1", longer, thread(FIRST, BUILD_1, T0), EXPIRY, deadline()));

        assertEquals(Optional.of(thread(FIRST, BUILD_1, T0)), threads.find("channel:C1", longer, T0, deadline()));
        assertEquals(Optional.empty(), threads.find("channel:C1", longer + "y", T0, deadline()));
    }

    @Test
    void expiryCountsWholeSeconds() {
        threads.start("dm:U1", PR, thread(FIRST, BUILD_1, T0), EXPIRY.plusMillis(900), deadline());

        assertEquals(Optional.empty(), find("dm:U1", EXPIRY.plusMillis(100)));
        assertTrue(Duration.between(T0, EXPIRY).toDays() == 30);
    }
}
