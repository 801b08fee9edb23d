package io.codebuildnotifier.sandbox;

import io.codebuildnotifier.sandbox.Sandbox.Call;
import io.codebuildnotifier.sandbox.Sandbox.Fault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every request the fakes saw, in arrival order, and the {@link FaultInjector} they consult: a
 * fake calls {@link #record} first thing and answers with the fault it returns, if any. Thread-safe.
 */
final class CallRecorder {

    private final FaultInjector faults;
    private final List<Call> calls = new ArrayList<>();

    CallRecorder(FaultInjector faults) {
        this.faults = faults;
    }

    /**
     * Records the call; returns the fault to serve instead of answering, or {@code null}. A faulted
     * call is recorded with the parameter {@code sandbox.fault}. {@code params} must hold no token
     * or secret value.
     */
    synchronized Fault record(String service, String operation, Map<String, String> params) {
        Fault fault = faults.pick(service, operation);
        Map<String, String> recorded = new LinkedHashMap<>(params);
        if (fault != null) {
            recorded.put("sandbox.fault", FaultInjector.describe(fault));
        }
        calls.add(new Call(service, operation, Map.copyOf(recorded)));
        return fault;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized long count(String service, String operation) {
        return calls.stream().filter(c -> c.service().equals(service) && c.operation().equals(operation)).count();
    }

    synchronized void clear() {
        calls.clear();
    }
}
