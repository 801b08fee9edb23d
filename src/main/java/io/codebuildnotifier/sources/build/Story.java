package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Person;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a build stands in its PR's or branch's story, read from the builds recorded before it (the
 * history query the decision already made; no other call): how long it has been failing or that it
 * is fixed, whether its commit is flaky, and, on a branch, who broke it and who fixed it.
 *
 * @param status         {@code failing} or {@code passing}: this build's side of the streak
 * @param count          builds in a row on this side, this one included
 * @param since          the start of the streak's first build
 * @param firstOfStreak  the streak's first build, when it is not this one
 * @param fixedAfter     for a pass: the failed builds in a row just before it, oldest first
 * @param flakyWith      a build of the same commit here that went the other way
 * @param breaker        on a branch: the first failing build of the streak (this one when it is the first), when a
 *                       pass was recorded before it
 * @param sinceLastPass  on a branch: the failing builds since the last pass, this one included, oldest first (for a
 *                       pass: the failed builds it ends)
 * @param afterPass      whether a passing build came before this streak (else it began with the first build)
 */
record Story(String status, int count, Instant since, Optional<HistoryEntry> firstOfStreak,
             List<HistoryEntry> fixedAfter, Optional<HistoryEntry> flakyWith, Optional<HistoryEntry> breaker,
             List<HistoryEntry> sinceLastPass, boolean afterPass) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm 'UTC'", Locale.ROOT);

    /**
     * @param self    this build as it is recorded
     * @param earlier the PR's or branch's other recorded builds
     * @param branch  whether the builds are a branch's (who broke it and who fixed it are told only there)
     */
    static Story of(HistoryEntry self, List<HistoryEntry> earlier, boolean branch) {
        List<HistoryEntry> before = earlier.stream()
                .filter(e -> !e.buildId().equals(self.buildId()) && e.startTime() < self.startTime())
                .sorted(Comparator.comparingLong(HistoryEntry::startTime).reversed()
                        .thenComparing(HistoryEntry::buildId, Comparator.reverseOrder()))
                .toList();
        boolean passed = self.passed();
        List<HistoryEntry> sameSide = new ArrayList<>();
        for (HistoryEntry e : before) {
            if (e.passed() != passed) {
                break;
            }
            sameSide.add(e);
        }
        HistoryEntry first = sameSide.isEmpty() ? self : sameSide.get(sameSide.size() - 1);
        List<HistoryEntry> fixedAfter = new ArrayList<>();
        if (passed) {
            for (HistoryEntry e : before) {
                if (e.passed()) {
                    break;
                }
                fixedAfter.add(0, e);
            }
        }
        Optional<HistoryEntry> flakyWith = self.commitHash().isEmpty() ? Optional.empty() : earlier.stream()
                .filter(e -> !e.buildId().equals(self.buildId()) && e.commitHash().equalsIgnoreCase(self.commitHash())
                        && e.passed() != passed)
                .max(Comparator.comparingLong(HistoryEntry::startTime));
        Optional<HistoryEntry> breaker = Optional.empty();
        List<HistoryEntry> sinceLastPass = List.of();
        boolean afterPass = sameSide.size() < before.size();
        if (branch && !passed && afterPass) {
            // a branch whose recorded history starts failing was broken before we knew it: nobody is named
            breaker = Optional.of(first);
            List<HistoryEntry> failing = new ArrayList<>(sameSide);
            java.util.Collections.reverse(failing);
            failing.add(self);
            sinceLastPass = failing;
        } else if (branch && !fixedAfter.isEmpty()) {
            // the first failure after a recorded pass broke it; with no pass recorded before, nobody is named
            breaker = fixedAfter.size() < before.size() ? Optional.of(fixedAfter.get(0)) : Optional.empty();
            sinceLastPass = List.copyOf(fixedAfter);
        }
        return new Story(passed ? "passing" : "failing", sameSide.size() + 1, Instant.ofEpochMilli(first.startTime()),
                first == self ? Optional.empty() : Optional.of(first), List.copyOf(fixedAfter), flakyWith, breaker,
                sinceLastPass, afterPass);
    }

    /** The plain sentences the message shows. */
    List<Fact> facts(HistoryEntry self, Instant now) {
        List<Fact> facts = new ArrayList<>();
        if (status.equals("failing")) {
            if (count == 1) {
                facts.add(new Fact(FactKey.STREAK, afterPass ? "New failure: the previous build passed"
                        : "New failure: the first build of " + self.sourceRef()));
            } else {
                HistoryEntry firstFailure = firstOfStreak.orElse(self);
                facts.add(new Fact(FactKey.STREAK, ordinal(count) + " failure in a row, failing since "
                        + when(since, Instant.ofEpochMilli(self.startTime())) + " (" + describe(firstFailure) + ")"));
            }
        } else if (!fixedAfter.isEmpty()) {
            Instant end = self.endTime() > 0 ? Instant.ofEpochMilli(self.endTime()) : now;
            long took = Math.max(0, end.toEpochMilli() - fixedAfter.get(0).startTime()) / 1000;
            facts.add(new Fact(FactKey.STREAK, "Fixed after " + fixedAfter.size() + " failed build"
                    + (fixedAfter.size() == 1 ? "" : "s") + " (" + Durations.inWords(java.time.Duration
                    .ofSeconds(took)) + ")"));
        }
        flakyWith.ifPresent(other -> {
            HistoryEntry failed = self.passed() ? other : self;
            HistoryEntry ok = self.passed() ? self : other;
            facts.add(new Fact(FactKey.FLAKY, "Flaky? commit " + shortHash(self.commitHash()) + " failed in build "
                    + number(failed) + " and passed in " + number(ok)));
        });
        if (!self.passed()) {
            breaker.ifPresent(b -> facts.add(new Fact(FactKey.BROKEN_BY, "Broken by " + author(b) + " in "
                    + shortHash(b.commitHash()) + (b.buildId().equals(self.buildId()) ? "" : " (build " + number(b) + ")"))));
            Map<String, List<String>> authors = authorsOf(sinceLastPass);
            if (authors.values().stream().mapToInt(List::size).sum() > 1) {
                List<String> parts = new ArrayList<>();
                authors.forEach((who, commits) -> parts.add(who + " (" + String.join(", ", commits) + ")"));
                facts.add(new Fact(FactKey.SINCE_LAST_PASS, "Commits since the last pass: " + String.join(", ", parts)));
            }
        } else if (!sinceLastPass.isEmpty()) {
            facts.add(new Fact(FactKey.FIXED_BY, "Fixed by " + author(self) + " in " + shortHash(self.commitHash())
                    + breaker.map(b -> "; broken by " + author(b) + " in " + shortHash(b.commitHash())).orElse("")));
        }
        return facts;
    }

    /**
     * Who was told about the breakage this pass ends (the authors and committers of the failed
     * builds), to tell them it is fixed; on a branch only.
     */
    List<Person> followers() {
        if (!status.equals("passing") || sinceLastPass.isEmpty()) {
            return List.of();
        }
        Map<String, Person> people = new LinkedHashMap<>();
        for (HistoryEntry e : fixedAfter) {
            add(people, e.authorName(), e.authorEmail());
            add(people, e.committerName(), e.committerEmail());
        }
        return List.copyOf(people.values());
    }

    /** For the notification's metadata: {@code status}, {@code count}, {@code since} (epoch seconds). */
    Map<String, Object> streakPayload() {
        Map<String, Object> streak = new LinkedHashMap<>();
        streak.put("status", status);
        streak.put("count", count);
        streak.put("since", since.getEpochSecond());
        return streak;
    }

    private static void add(Map<String, Person> people, String name, String email) {
        if (!email.isBlank()) {
            people.putIfAbsent(email.toLowerCase(Locale.ROOT), new Person(Person.Role.FOLLOWER, name, email));
        }
    }

    private static Map<String, List<String>> authorsOf(List<HistoryEntry> builds) {
        Map<String, List<String>> byAuthor = new LinkedHashMap<>();
        Set<String> commits = new LinkedHashSet<>();
        for (HistoryEntry e : builds) {
            if (!e.commitHash().isEmpty() && commits.add(e.commitHash().toLowerCase(Locale.ROOT))) {
                byAuthor.computeIfAbsent(author(e), a -> new ArrayList<>()).add(shortHash(e.commitHash()));
            }
        }
        return byAuthor;
    }

    private static String describe(HistoryEntry e) {
        return "build " + number(e) + ", " + shortHash(e.commitHash()) + " by " + author(e);
    }

    private static String author(HistoryEntry e) {
        return !e.authorName().isBlank() ? e.authorName() : !e.authorEmail().isBlank() ? e.authorEmail() : "someone";
    }

    static String number(HistoryEntry e) {
        if (e.buildNumber() > 0) {
            return "#" + e.buildNumber();
        }
        int colon = e.buildId().indexOf(':');
        String uuid = colon < 0 ? e.buildId() : e.buildId().substring(colon + 1);
        return uuid.length() > 8 ? uuid.substring(0, 8) : uuid;
    }

    private static String shortHash(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** {@code 14:02 UTC} on the same day as {@code reference}, else {@code Nov 2 14:02 UTC}. */
    static String when(Instant at, Instant reference) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        boolean sameDay = t.toLocalDate().equals(reference.atZone(ZoneOffset.UTC).toLocalDate());
        return (sameDay ? TIME : DAY_TIME).format(t);
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
