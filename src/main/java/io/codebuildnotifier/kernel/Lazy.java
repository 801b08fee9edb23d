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

    /** A value each first caller says how to make ({@link #get(Supplier)}): it needs what the caller has. */
    public static <T> Lazy<T> unset() {
        return new Lazy<>(() -> {
            throw new IllegalStateException("this lazy value is made by get(make)");
        });
    }

    @Override
    public T get() {
        return get(make);
    }

    /** The value, made by {@code make} if it was not made yet. */
    public T get(Supplier<? extends T> make) {
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
