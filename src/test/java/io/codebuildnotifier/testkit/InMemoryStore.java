package io.codebuildnotifier.testkit;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.notification.Claim;
import io.codebuildnotifier.notification.Ledger;
import io.codebuildnotifier.notification.Marker;
import io.codebuildnotifier.notification.MessageRef;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.sources.build.History;
import io.codebuildnotifier.sources.build.HistoryEntry;
import io.codebuildnotifier.sources.build.Rollups;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The history table in memory: build history and notification markers side by side, as
 * {@code DynamoHistory} and {@code DynamoLedger} keep them, so that {@link #record} writes the entry
 * and claims the marker all or nothing. The semantics mirror the DynamoDB adapters (the contract
 * tests hold both to the same assertions):
 * <ul>
 *   <li>a claim succeeds when there is no marker state, or the marker is {@code claimed} and is the
 *       claimant's own or its lease is before the claim's {@code now}; a refused claim writes
 *       nothing and returns the marker as it is;</li>
 *   <li>{@code delivered} and {@code finish} write whether or not a marker exists (an UpdateItem
 *       creates the item); {@code skipped} only when the marker has no state; {@code release} only
 *       when the marker is {@code claimed} by that owner, and sets the lease to the epoch;</li>
 *   <li>a marker without a state reads as {@code CLAIMED}, like {@code Markers.fromItem};</li>
 *   <li>{@code entriesOf} returns a source's entries by version key (the sort key), {@code
 *       entriesWithCommit} the entries of a commit (exact match, like the index).</li>
 * </ul>
 * The per-source-ref branch entry and the project summary are not kept: nothing reads them back
 * through the ports. Expired markers are not dropped (DynamoDB's TTL is lazy too). Thread-safe.
 */
public final class InMemoryStore implements History, Ledger, Rollups {
    /** Every entry, by source id, then version key. */
    private final Map<String, TreeMap<String, HistoryEntry>> entries = new HashMap<>();
    private final Map<NotificationKey, Item> markers = new HashMap<>();
    private int records;
    /** The index's order: by version key; the source id only makes ties reproducible. */
    private static final Comparator<HistoryEntry> BY_VERSION_KEY = Comparator
            .comparing((HistoryEntry e) -> e.versionKey()).thenComparing(e -> e.sourceId());

    /** One marker item: {@code state} is null until a claim or a skip writes one. */
    private static final class Item {
        String state;
        String subject = "";
        String owner = "";
        long leaseMillis;
        Instant expiresAt;
        final Set<String> delivered = new HashSet<>();
        final Map<String, MessageRef> refs = new LinkedHashMap<>();
        final Map<String, Long> revisions = new HashMap<>();
        final Map<String, Long> owed = new HashMap<>();
        /** A rollup's: by project, its followers, revision and when it opened. */
        final Map<String, Rollups.Entry> entries = new TreeMap<>();
        final Set<String> followers = new HashSet<>();
        final Set<String> started = new HashSet<>();
        long revision;
        Instant opened;

        Marker read(NotificationKey key) {
            Marker.State s = state == null ? Marker.State.CLAIMED : Marker.State.valueOf(state);
            return new Marker(key, subject, s, owner, Instant.ofEpochMilli(leaseMillis), delivered, refs, revisions,
                    owed);
        }
    }

    // --- History ---

    @Override
    public synchronized List<HistoryEntry> entriesOf(String sourceId, Deadline deadline) {
        Calls.start(deadline, "Query");
        return List.copyOf(entries.getOrDefault(sourceId, new TreeMap<>()).values());
    }

    @Override
    public synchronized List<HistoryEntry> entriesWithCommit(String commitHash, Deadline deadline) {
        Calls.start(deadline, "Query on the commit index");
        return entries.values().stream().flatMap(m -> m.values().stream())
                .filter(e -> e.commitHash().equals(commitHash))
                .sorted(BY_VERSION_KEY)
                .toList();
    }

    @Override
    public synchronized Result record(Record record, Deadline deadline) {
        Calls.start(deadline, "TransactWriteItems");
        records++;
        Claim claim = record.claim();
        Item held = markers.get(claim.key());
        if (held != null && !claimable(held, claim)) {
            return new Result.Refused(held.read(claim.key()));
        }
        HistoryEntry entry = record.entry();
        put(entry);
        record.replaces().ifPresent(key -> remove(entry.sourceId(), key));
        for (Rekey rekey : record.rekeys()) {
            remove(rekey.entry().sourceId(), rekey.entry().versionKey());
            put(withKey(rekey.entry(), rekey.versionKey()));
        }
        Item item = markers.computeIfAbsent(claim.key(), k -> new Item());
        item.state = claim.finished() ? "DONE" : "CLAIMED";
        item.owner = claim.owner();
        item.leaseMillis = claim.leaseUntil().toEpochMilli();
        item.subject = claim.subject();
        item.expiresAt = claim.expiresAt();
        return new Result.Claimed();
    }

    @Override
    public synchronized Optional<Marker> claim(Claim claim, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item held = markers.get(claim.key());
        if (held != null && !claimable(held, claim)) {
            return Optional.of(held.read(claim.key()));
        }
        Item item = markers.computeIfAbsent(claim.key(), k -> new Item());
        item.state = claim.finished() ? "DONE" : "CLAIMED";
        item.owner = claim.owner();
        item.leaseMillis = claim.leaseUntil().toEpochMilli();
        item.subject = claim.subject();
        item.expiresAt = claim.expiresAt();
        return Optional.empty();
    }

    /** {@code attribute_not_exists(state) OR (state = claimed AND (owner = :owner OR lease < :now))} */
    private static boolean claimable(Item item, Claim claim) {
        return item.state == null || ("CLAIMED".equals(item.state)
                && (item.owner.equals(claim.owner()) || item.leaseMillis < claim.now().toEpochMilli()));
    }

    private void put(HistoryEntry e) {
        entries.computeIfAbsent(e.sourceId(), k -> new TreeMap<>()).put(e.versionKey(), e);
    }

    private void remove(String sourceId, String versionKey) {
        TreeMap<String, HistoryEntry> of = entries.get(sourceId);
        if (of != null) {
            of.remove(versionKey);
        }
    }

    private static HistoryEntry withKey(HistoryEntry e, String versionKey) {
        return e.withVersionKey(versionKey);
    }

    // --- Ledger ---

    @Override
    public synchronized Optional<Marker> find(NotificationKey key, Deadline deadline) {
        Calls.start(deadline, "GetItem");
        return Optional.ofNullable(markers.get(key)).map(item -> item.read(key));
    }

    @Override
    public synchronized Map<NotificationKey, Marker> findAll(Collection<NotificationKey> keys, Deadline deadline) {
        Calls.start(deadline, "BatchGetItem");
        Map<NotificationKey, Marker> found = new HashMap<>();
        for (NotificationKey key : new HashSet<>(keys)) {
            Item item = markers.get(key);
            if (item != null) {
                found.put(key, item.read(key));
            }
        }
        return found;
    }

    /** {@code ADD delivered :target SET rev:TARGET = :revision} (revision above 1 only), never lowering it. */
    @Override
    public synchronized void delivered(NotificationKey key, String targetKey, long revision, Optional<MessageRef> ref,
                                       Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item item = markers.computeIfAbsent(key, k -> new Item());
        if (item.revisions.getOrDefault(targetKey, item.delivered.contains(targetKey) ? 1L : 0L) >= revision) {
            return;
        }
        item.delivered.add(targetKey);
        ref.ifPresent(r -> item.refs.put(targetKey, r));
        if (revision > 1) {
            item.revisions.put(targetKey, revision);
        }
    }

    @Override
    public synchronized void owe(NotificationKey key, Collection<String> targetKeys, long revision, Deadline deadline) {
        if (revision <= 1 || targetKeys.isEmpty()) {
            return;
        }
        Calls.start(deadline, "UpdateItem");
        Item item = markers.computeIfAbsent(key, k -> new Item());
        targetKeys.forEach(t -> item.owed.put(t, revision));
    }

    // --- Rollups ---

    @Override
    public synchronized Rollup record(NotificationKey key, String subject, Rollups.Entry entry, Set<String> followers,
                                      Instant now, Instant openedAfter, Instant expiresAt, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item item = markers.get(key);
        Rollups.Entry held = item == null ? null : item.entries.get(entry.project());
        if (held != null && !held.buildId().equals(entry.buildId()) && held.startMillis() >= entry.startMillis()) {
            return rollup(key, item);
        }
        boolean rebuilt = held != null && !held.buildId().equals(entry.buildId());
        if (item != null && item.opened != null && (item.opened.isBefore(openedAfter) || rebuilt)) {
            long last = item.revision;
            item = new Item();
            item.revision = last; // a fresh rollup: the messages are posted anew
            markers.put(key, item);
        }
        if (item == null) {
            item = new Item();
            markers.put(key, item);
        }
        boolean changed = !entry.equals(item.entries.get(entry.project())) || !item.followers.containsAll(followers);
        if (item.opened == null) {
            item.opened = now;
            item.state = "DONE";
            item.subject = subject;
        }
        if (changed) {
            item.entries.put(entry.project(), entry);
            item.followers.addAll(followers);
            item.revision++;
            item.expiresAt = expiresAt;
        }
        return rollup(key, item);
    }

    private static Rollup rollup(NotificationKey key, Item item) {
        Set<String> projects = new HashSet<>(item.entries.keySet());
        projects.addAll(item.started);
        return new Rollup(key, item.revision, List.copyOf(item.entries.values()), item.followers, item.opened,
                projects.size());
    }

    @Override
    public synchronized void started(NotificationKey key, String subject, String project, String buildId, Instant now,
                                     Instant expiresAt, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item item = markers.computeIfAbsent(key, k -> new Item());
        item.started.add(project);
        if (item.opened == null) {
            item.opened = now;
            item.state = "DONE";
            item.subject = subject;
            item.expiresAt = expiresAt;
        }
    }

    @Override
    public synchronized void finish(NotificationKey key, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        markers.computeIfAbsent(key, k -> new Item()).state = "DONE";
    }

    @Override
    public synchronized void skipped(NotificationKey key, String subject, Instant expiresAt, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item item = markers.computeIfAbsent(key, k -> new Item());
        if (item.state == null) {
            item.state = "SKIPPED";
            item.subject = subject;
            item.expiresAt = expiresAt;
        }
    }

    @Override
    public synchronized void release(NotificationKey key, String owner, Deadline deadline) {
        Calls.start(deadline, "UpdateItem");
        Item item = markers.get(key);
        if (item != null && "CLAIMED".equals(item.state) && item.owner.equals(owner)) {
            item.leaseMillis = 0;
        }
    }

    // --- for tests ---

    /** How many {@link #record} calls were made, refused ones included. */
    public synchronized int records() {
        return records;
    }

    /** When a marker may be forgotten (its TTL), if it has one. */
    public synchronized Optional<Instant> expiresAt(NotificationKey key) {
        return Optional.ofNullable(markers.get(key)).map(item -> item.expiresAt);
    }

    /** Every history entry, in no particular order. */
    public synchronized List<HistoryEntry> allEntries() {
        return entries.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** Refuses calls the invocation has no time left for, as {@code AwsCalls.within} does. */
    static final class Calls {
        private static final Duration CALL = Duration.ofSeconds(20);

        private Calls() {
        }

        static void start(Deadline deadline, String what) {
            deadline.attemptTimeout(CALL, "in-memory " + what);
        }
    }
}
