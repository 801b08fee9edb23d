package io.codebuildnotifier.notification;

/** Whether anyone hears about a build, and why. */
public sealed interface Decision {
    String reason();

    boolean notifies();

    record Notify(String reason) implements Decision {
        @Override
        public boolean notifies() {
            return true;
        }
    }

    record Quiet(String reason) implements Decision {
        @Override
        public boolean notifies() {
            return false;
        }
    }
}
