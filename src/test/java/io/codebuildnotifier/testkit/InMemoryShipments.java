package io.codebuildnotifier.testkit;

import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each target's last shipment in memory, moving only forwards; an expired one reads as none. Thread-safe. */
public final class InMemoryShipments implements Shipments {
    private record Kept(Shipment shipment, Instant expiresAt) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    @Override
    public Optional<Shipment> last(String target, Deadline deadline) {
        Kept k = kept.get(target);
        return k == null || !k.expiresAt().isAfter(deadline.clock().instant()) ? Optional.empty()
                : Optional.of(k.shipment());
    }

    @Override
    public synchronized boolean record(String target, Shipment shipment, Instant expiresAt, Deadline deadline) {
        Kept k = kept.get(target);
        if (k != null && k.expiresAt().isAfter(deadline.clock().instant()) && !k.shipment().at().isBefore(shipment.at())) {
            return false;
        }
        kept.put(target, new Kept(shipment, expiresAt));
        return true;
    }
}
