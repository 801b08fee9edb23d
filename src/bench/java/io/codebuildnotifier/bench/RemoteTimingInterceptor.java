package io.codebuildnotifier.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A global AWS SDK interceptor (registered by the test resource
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}) that times each request
 * from just before it is transmitted to just after the response arrived: the time spent in the
 * remote service and on the wire. Inert unless the benchmark turned {@link RemoteTime} on.
 */
public final class RemoteTimingInterceptor implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> OPEN = new ExecutionAttribute<>("bench.remoteTimeOpen");

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        // once per attempt; an attempt that failed without a response keeps its interval open into the retry
        if (RemoteTime.enabled() && !Boolean.TRUE.equals(attributes.getAttribute(OPEN))) {
            attributes.putAttribute(OPEN, Boolean.TRUE);
            RemoteTime.begin();
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        close(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        close(attributes);
    }

    private static void close(ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(OPEN))) {
            attributes.putAttribute(OPEN, Boolean.FALSE);
            RemoteTime.end();
        }
    }
}
