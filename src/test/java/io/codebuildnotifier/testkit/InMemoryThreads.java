package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Threads;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Threads in memory, with the conditions {@code DynamoThreads} writes under (the contract tests hold
 * both to the same assertions): a start only where there is no thread or an expired one, a restart
 * only while the parent is the vanished one, a new message shown only when posted no earlier than
 * what the parent shows, a revision only of the notification it shows and above its revision. Can be
 * told to be unavailable ({@link #unavailable}). Thread-safe.
 */
public final class InMemoryThreads implements Threads {
    private record Key(String target, String conversation) {
    }

    private record Item(Thread thread, Instant expiresAt) {
    }

    private final Map<Key, Item> items = new HashMap<>();
    private boolean unavailable;
    private boolean writesFail;

    /** From now on every call fails as a throttled table would ({@code false}: works again). */
    public synchronized InMemoryThreads unavailable(boolean down) {
        unavailable = down;
        return this;
    }

    /** From now on every write fails as a throttled table would; reads still work ({@code false}: works again). */
    public synchronized InMemoryThreads writesFail(boolean fail) {
        writesFail = fail;
        return this;
    }

    private void call(Deadline deadline, String what) {
        InMemoryStore.Calls.start(deadline, what);
        if (unavailable || (writesFail && !what.equals("GetItem"))) {
            throw new TransientFailure("in-memory threads unavailable");
        }
    }

    @Override
    public synchronized Optional<Thread> find(String target, String conversation, Instant now, Deadline deadline) {
        call(deadline, "GetItem");
        Item item = items.get(new Key(target, conversation));
        return item == null || expired(item, now) ? Optional.empty() : Optional.of(item.thread());
    }

    /** As the table's TTL counts: whole seconds. */
    private static boolean expired(Item item, Instant now) {
        return item.expiresAt().getEpochSecond() <= now.getEpochSecond();
    }

    @Override
    public synchronized boolean start(String target, String conversation, Thread thread, Instant expiresAt,
                                      Deadline deadline) {
        call(deadline, "UpdateItem");
        Key key = new Key(target, conversation);
        Item held = items.get(key);
        if (held != null && !expired(held, thread.shown().at())) {
            return false;
        }
        items.put(key, new Item(thread, expiresAt));
        return true;
    }

    @Override
    public synchronized boolean restart(String target, String conversation, MessageRef vanished, Thread thread,
                                        Instant expiresAt, Deadline deadline) {
        call(deadline, "UpdateItem");
        Key key = new Key(target, conversation);
        Item held = items.get(key);
        if (held == null || !held.thread().parent().equals(vanished)) {
            return false;
        }
        items.put(key, new Item(thread, expiresAt));
        return true;
    }

    @Override
    public synchronized boolean show(String target, String conversation, MessageRef parent, Shown shown,
                                     Instant expiresAt, Deadline deadline) {
        call(deadline, "UpdateItem");
        Key key = new Key(target, conversation);
        Item held = items.get(key);
        if (held == null || !held.thread().parent().equals(parent) || held.thread().shown().at().isAfter(shown.at())) {
            return false;
        }
        items.put(key, new Item(new Thread(parent, shown), expiresAt));
        return true;
    }

    @Override
    public synchronized boolean revise(String target, String conversation, MessageRef parent, NotificationKey key,
                                       long revision, Deadline deadline) {
        call(deadline, "UpdateItem");
        Key at = new Key(target, conversation);
        Item held = items.get(at);
        if (held == null || !held.thread().parent().equals(parent) || !held.thread().shown().key().equals(key)
                || held.thread().shown().revision() >= revision) {
            return false;
        }
        Shown was = held.thread().shown();
        items.put(at, new Item(new Thread(parent, new Shown(key, revision, was.at())), held.expiresAt()));
        return true;
    }

    // --- for tests ---

    /** The thread as kept, expired or not. */
    public synchronized Optional<Thread> kept(String target, String conversation) {
        return Optional.ofNullable(items.get(new Key(target, conversation))).map(Item::thread);
    }

    /** When the thread may be forgotten. */
    public synchronized Optional<Instant> expiresAt(String target, String conversation) {
        return Optional.ofNullable(items.get(new Key(target, conversation))).map(Item::expiresAt);
    }
}
