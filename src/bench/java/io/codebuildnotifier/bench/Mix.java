package io.codebuildnotifier.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A long, realistic sequence of build events, made reproducibly from a seed: builds of pull requests
 * and of {@code main} in three repositories, pushes to feature branches (skipped), rebuilds of known
 * commits, and events delivered twice, by {@value BenchWorld#AUTHORS} authors (two not in Slack).
 * The builds and commits are put into the sandbox as they are made; the events are returned in order.
 */
final class Mix {
    /** One event of the sequence, with what the generator meant it to be. */
    record Event(String kind, String json) {
    }

    static final String PR = "pull request build";
    static final String MAIN = "build of main";
    static final String PUSH = "push to a feature branch";
    static final String RETRY = "rebuild of a known commit";
    static final String DUPLICATE = "duplicate delivery";

    private record Last(String repo, String sourceVersion, String sha) {
    }

    private Mix() {
    }

    /**
     * @param name prefixes every build and commit, so that two sequences never share a build
     */
    static List<Event> generate(BenchWorld world, String name, int count, long seed) {
        Random random = new Random(seed);
        List<String> repos = List.copyOf(new java.util.TreeSet<>(BenchWorld.PROJECTS.keySet()));
        Map<String, Last> last = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        long clock = 1_791_000_000L;
        for (int i = 0; i < count; i++) {
            clock += 30 + random.nextInt(90);
            int roll = random.nextInt(100);
            String seedOf = name + " " + i;
            if (roll < 8 && !events.isEmpty()) {
                // EventBridge delivers at least once: a recent event again
                Event again = events.get(Math.max(0, events.size() - 1 - random.nextInt(20)));
                events.add(new Event(DUPLICATE, again.json()));
                continue;
            }
            String status = status(random);
            if (roll < 18 && !last.isEmpty()) {
                Last known = new ArrayList<>(last.values()).get(random.nextInt(last.size()));
                String arn = world.build(known.repo(), known.sourceVersion(), known.sha(), clock, status, seedOf);
                events.add(new Event(RETRY, world.event(arn, status, known.sourceVersion())));
                continue;
            }
            String repo = repos.get(random.nextInt(repos.size()));
            int author = random.nextInt(BenchWorld.AUTHORS);
            int committer = random.nextInt(5) == 0 ? random.nextInt(BenchWorld.AUTHORS) : author;
            String sha = BenchWorld.sha("mix commit " + seedOf);
            world.commit(repo, sha, author, committer, subject(random, i));
            String kind;
            String sourceVersion;
            if (roll < 33) {
                kind = PUSH;
                sourceVersion = sha; // a push webhook build; the commit heads no whitelisted branch
            } else if (roll < 48) {
                kind = MAIN;
                sourceVersion = "refs/heads/main";
            } else {
                kind = PR;
                sourceVersion = "pr/" + (1 + random.nextInt(8));
            }
            String arn = world.build(repo, sourceVersion, sha, clock, status, seedOf);
            events.add(new Event(kind, world.event(arn, status, sourceVersion)));
            if (!kind.equals(PUSH)) {
                last.put(repo + " " + sourceVersion, new Last(repo, sourceVersion, sha));
            }
        }
        return events;
    }

    private static String status(Random random) {
        int roll = random.nextInt(100);
        return roll < 65 ? "SUCCEEDED" : roll < 92 ? "FAILED" : roll < 97 ? "TIMED_OUT" : "FAULT";
    }

    private static final List<String> VERBS = List.of("Add", "Fix", "Refactor", "Remove", "Document", "Speed up");
    private static final List<String> THINGS = List.of("widget size validation", "the invoice rounding",
            "flaky login test", "cache eviction", "the release workflow", "null handling in the parser");

    private static String subject(Random random, int i) {
        return VERBS.get(random.nextInt(VERBS.size())) + " " + THINGS.get(random.nextInt(THINGS.size()))
                + " (#" + (1000 + i) + ")\n\nA longer description of the change, as most commits have.";
    }
}
