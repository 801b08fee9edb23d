package io.codebuildnotifier.sandbox;

import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Faults waiting to be served instead of answers: counted ones ({@link #failAfter}), served in the
 * order they were added, then random ones ({@link #failRandomly}). Operations are matched as in
 * {@link Sandbox.Call}, {@code "*"} for any operation of the service. Thread-safe.
 */
final class FaultInjector {

    private static final class Pending {
        final String service;
        final String operation;
        final Fault fault;
        int pass;
        int remaining;

        Pending(String service, String operation, int pass, int remaining, Fault fault) {
            this.service = service;
            this.operation = operation;
            this.pass = pass;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private record RandomFault(String service, String operation, double share, Fault fault, Random random) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final List<RandomFault> random = new ArrayList<>();
    private final Map<String, Integer> injected = new LinkedHashMap<>();

    /** Lets {@code pass} matching requests through, then faults the next {@code times}. */
    synchronized void failAfter(String service, String operation, int pass, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        pending.add(new Pending(service, operation, pass, times, Objects.requireNonNull(fault)));
    }

    synchronized void failRandomly(String service, String operation, double share, Fault fault, long seed) {
        random.add(new RandomFault(service, operation, share, fault, new Random(seed)));
    }

    synchronized void clear() {
        pending.clear();
        random.clear();
    }

    synchronized Map<String, Integer> injected() {
        return Map.copyOf(injected);
    }

    /**
     * The fault this request gets, or {@code null}. Only the first pending fault that matches is
     * considered (while it still lets requests pass, no later pending one applies); without one,
     * the first random fault that matches and fires.
     */
    synchronized Fault pick(String service, String operation) {
        Fault fault = pickPending(service, operation);
        if (fault == null) {
            for (RandomFault r : random) {
                if (matches(r.service(), r.operation(), service, operation) && r.random().nextDouble() < r.share()) {
                    fault = r.fault();
                    break;
                }
            }
        }
        if (fault != null) {
            injected.merge(service + " " + operation + " " + describe(fault), 1, Integer::sum);
        }
        return fault;
    }

    private Fault pickPending(String service, String operation) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (matches(p.service, p.operation, service, operation)) {
                if (p.pass > 0) {
                    p.pass--;
                    return null;
                }
                if (--p.remaining == 0) {
                    it.remove();
                }
                return p.fault;
            }
        }
        return null;
    }

    private static boolean matches(String service, String operation, String askedService, String askedOperation) {
        return service.equals(askedService) && (operation.equals("*") || operation.equals(askedOperation));
    }

    /** How a served fault is named in recordings: the HTTP status, or {@code DROP_CONNECTION}. */
    static String describe(Fault fault) {
        return fault instanceof Fault.HttpStatus status ? Integer.toString(status.status()) : "DROP_CONNECTION";
    }
}
