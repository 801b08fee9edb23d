package io.codebuildnotifier.bench;

/**
 * Wall time during which at least one remote call was outstanding (the union of the intervals, so
 * nested or parallel calls are not counted twice). Fed by {@link RemoteTimingInterceptor} (AWS SDK
 * transmissions, client side) and by the sandbox's request listener (its own time answering Slack,
 * GitHub and AWS requests, server side). Off unless {@link #enable} was called: the interceptor is
 * registered for every SDK client built with the test classpath, and must cost nothing elsewhere.
 */
final class RemoteTime {
    private static volatile boolean enabled;
    private static int inFlight;
    private static long since;
    private static long total;

    private RemoteTime() {
    }

    static void enable() {
        enabled = true;
    }

    static void disable() {
        enabled = false;
    }

    static boolean enabled() {
        return enabled;
    }

    static synchronized void begin() {
        if (inFlight++ == 0) {
            since = System.nanoTime();
        }
    }

    static synchronized void end() {
        if (inFlight > 0 && --inFlight == 0) {
            total += System.nanoTime() - since;
        }
    }

    /** Nanoseconds spent with a remote call outstanding since the JVM started timing. */
    static synchronized long totalNanos() {
        return total + (inFlight > 0 ? System.nanoTime() - since : 0);
    }

    /** How many remote intervals are open now (0 between events, or something leaked). */
    static synchronized int inFlight() {
        return inFlight;
    }
}
