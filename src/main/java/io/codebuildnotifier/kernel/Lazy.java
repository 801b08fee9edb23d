package io.codebuildnotifier.kernel;

import java.util.Objects;
import java.util.function.Supplier;

/** A value made on first use, once, safely across threads. */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> make;
    private volatile T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = Objects.requireNonNull(make, "make");
    }

    public static <T> Lazy<T> of(Supplier<? extends T> make) {
        return new Lazy<>(make);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = Objects.requireNonNull(make.get(), "a lazy value must not be null");
                    value = v;
                }
            }
        }
        return v;
    }

    /** Forgets the value, so that the next {@link #get} makes it again. */
    public synchronized void reset() {
        value = null;
    }

    /** Whether the value was made. */
    public boolean isMade() {
        return value != null;
    }
}
