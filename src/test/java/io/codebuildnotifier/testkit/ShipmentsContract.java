package io.codebuildnotifier.testkit;

import static io.codebuildnotifier.testkit.ContractFixtures.deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.chain.Shipments.Head;
import io.codebuildnotifier.chain.Shipments.Shipment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Shipments} does: none until one is recorded, the newest wins whatever the order they come
 * in, each target its own, every head kept, and an expired one is forgotten. Runs against the in-memory fake and
 * DynamoDB Local.
 */
public abstract class ShipmentsContract {
    private static final String WEB = "https://github.com/acme/widgets";
    private static final String BILLING = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/billing";
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant LATER = Instant.now().plus(Duration.ofDays(30));

    protected abstract Shipments newShipments();

    private Shipments shipments;

    @BeforeEach
    void open() {
        shipments = newShipments();
    }

    private static Shipment shipment(Instant at, String by, String sha) {
        return new Shipment(at, by, List.of(new Head(WEB, sha)));
    }

    @Test
    void noneUntilOneIsRecorded() {
        assertEquals(Optional.empty(), shipments.last("web/prod", deadline()));
    }

    @Test
    void keepsEveryHeadOfTheShipment() {
        Shipment two = new Shipment(AT, "d-AAAAAAAA1", List.of(new Head(WEB, "a1"), new Head(BILLING, "b1")));
        assertTrue(shipments.record("web/prod", two, LATER, deadline()));
        Shipment read = shipments.last("web/prod", deadline()).orElseThrow();
        assertEquals(AT, read.at());
        assertEquals("d-AAAAAAAA1", read.by());
        assertEquals(Optional.of("a1"), read.headOf(WEB));
        assertEquals(Optional.of("b1"), read.headOf(BILLING));
        assertEquals(Optional.empty(), read.headOf("https://github.com/acme/gadgets"));
    }

    @Test
    void movesOnlyForwards() {
        assertTrue(shipments.record("web/prod", shipment(AT, "d-AAAAAAAA1", "a1"), LATER, deadline()));
        assertTrue(shipments.record("web/prod", shipment(AT.plusSeconds(60), "d-AAAAAAAA2", "a2"), LATER, deadline()));
        assertFalse(shipments.record("web/prod", shipment(AT.plusSeconds(30), "d-AAAAAAAA3", "a3"), LATER, deadline()),
                "an older shipment that comes late");
        assertFalse(shipments.record("web/prod", shipment(AT.plusSeconds(60), "d-AAAAAAAA2", "a2"), LATER, deadline()),
                "the same again");
        assertEquals(Optional.of("a2"), shipments.last("web/prod", deadline()).orElseThrow().headOf(WEB));
    }

    @Test
    void eachTargetHasItsOwn() {
        shipments.record("web/prod", shipment(AT, "d-AAAAAAAA1", "a1"), LATER, deadline());
        shipments.record("web/staging", shipment(AT.plusSeconds(5), "d-AAAAAAAA2", "a2"), LATER, deadline());
        assertEquals(Optional.of("a1"), shipments.last("web/prod", deadline()).orElseThrow().headOf(WEB));
        assertEquals(Optional.of("a2"), shipments.last("web/staging", deadline()).orElseThrow().headOf(WEB));
    }

    @Test
    void anExpiredShipmentIsForgottenAndReplaced() {
        Instant past = Instant.now().minusSeconds(5);
        shipments.record("web/prod", shipment(AT.plusSeconds(600), "d-AAAAAAAA1", "a1"), past, deadline());
        assertEquals(Optional.empty(), shipments.last("web/prod", deadline()));
        assertTrue(shipments.record("web/prod", shipment(AT, "d-AAAAAAAA2", "a2"), LATER, deadline()),
                "an expired one does not hold newer ones back");
        assertEquals(Optional.of("a2"), shipments.last("web/prod", deadline()).orElseThrow().headOf(WEB));
    }
}
