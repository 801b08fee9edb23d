package io.codebuildnotifier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.codebuildnotifier.interactions.Health;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Health} reports: the reconciliation's last run and the failures waiting in each queue it watches,
 * leaving out a queue that cannot be read. Runs against the in-memory health and {@code adapter/aws/QueueHealth}
 * (the last run noted through {@code DynamoReconcileLog} on DynamoDB Local, the queues on a loopback SQS).
 */
public abstract class HealthContract {
    protected static final Instant RAN = Instant.parse("2025-06-02T11:45:00Z");

    /** How a test sets what the health reads. */
    public interface Seeding {
        /** The reconciliation ran at {@code at} and told about {@code recovered} builds. */
        void reconciled(Instant at, int finished, int recovered);

        /** {@code queue} holds {@code messages} messages. */
        void waiting(String queue, int messages);

        /** {@code queue} cannot be read (denied, gone, SQS down). */
        void unreadable(String queue);
    }

    public record Seeded(Health health, Seeding seeding) {
    }

    /** A health watching these queues (by name, in this order), with nothing noted yet and every queue empty. */
    protected abstract Seeded newHealth(List<String> queues);

    private static Deadline deadline() {
        return Deadline.in(Duration.ofMinutes(1));
    }

    private static final List<String> QUEUES = List.of("FailedInvocationsQueue", "UndeliveredEventsQueue",
            "UndeliveredMessagesQueue");

    @Test
    void nothingNotedAndEmptyQueues() {
        Seeded seeded = newHealth(QUEUES);

        Health.Report report = seeded.health().read(deadline());

        assertEquals(Optional.empty(), report.lastReconciliation());
        assertEquals(0, report.recovered());
        assertEquals(Map.of("FailedInvocationsQueue", 0, "UndeliveredEventsQueue", 0, "UndeliveredMessagesQueue", 0),
                report.waiting());
    }

    @Test
    void theLastRunAndWhatWaits() {
        Seeded seeded = newHealth(QUEUES);
        seeded.seeding().reconciled(RAN.minus(Duration.ofMinutes(15)), 9, 4);
        seeded.seeding().reconciled(RAN, 12, 2);
        seeded.seeding().waiting("FailedInvocationsQueue", 3);
        seeded.seeding().waiting("UndeliveredMessagesQueue", 1);

        Health.Report report = seeded.health().read(deadline());

        assertEquals(Optional.of(RAN), report.lastReconciliation());
        assertEquals(2, report.recovered(), "the last run's");
        Map<String, Integer> want = new LinkedHashMap<>();
        want.put("FailedInvocationsQueue", 3);
        want.put("UndeliveredEventsQueue", 0);
        want.put("UndeliveredMessagesQueue", 1);
        assertEquals(want, report.waiting());
    }

    @Test
    void anEarlierRunNotedLateDoesNotHideTheLaterOne() {
        Seeded seeded = newHealth(QUEUES);
        seeded.seeding().reconciled(RAN, 12, 2);
        seeded.seeding().reconciled(RAN.minus(Duration.ofMinutes(15)), 9, 4);

        Health.Report report = seeded.health().read(deadline());

        assertEquals(Optional.of(RAN), report.lastReconciliation());
        assertEquals(2, report.recovered());
    }

    @Test
    void aQueueThatCannotBeReadIsLeftOut() {
        Seeded seeded = newHealth(QUEUES);
        seeded.seeding().waiting("FailedInvocationsQueue", 5);
        seeded.seeding().unreadable("UndeliveredEventsQueue");

        Health.Report report = seeded.health().read(deadline());

        assertEquals(Map.of("FailedInvocationsQueue", 5, "UndeliveredMessagesQueue", 0), report.waiting());
    }
}
