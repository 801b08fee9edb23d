package io.codebuildnotifier.bench;

import io.codebuildnotifier.e2e.BuildFixture;
import io.codebuildnotifier.e2e.Cast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One burst: the builds (already in CodeBuild and GitHub when it is made), when each one's event arrives, the
 * settings that differ from a default deployment, and what a correct notifier owes for them.
 *
 * @param kind     how the owed messages are counted: one post per build and conversation, or one message per
 *                 commit and conversation whose final content lists every build ({@link Kind#ROLLUP})
 * @param settings {@code CBN_*} settings of the events function beyond the world's
 */
record BurstScenario(String id, String title, Kind kind, Map<String, String> settings, List<Planned> builds) {

    enum Kind {
        /** Each build owes one chat.postMessage to each of its conversations. */
        PER_BUILD,
        /** Each commit owes one message per conversation, updated in place, finally listing all its builds. */
        ROLLUP
    }

    /**
     * A build whose event the burst hands to the events function.
     *
     * @param at            when its event arrives, from the burst's start
     * @param conversations where Slack must show it: the author's DM ({@code D…}), the channel's id
     * @param commit        the commit it built (a rollup's key)
     */
    record Planned(int index, String project, String uuid, String status, String commit, Duration at,
                   List<String> conversations, String event) {
        String requestId() {
            return "burst-" + index + "-" + uuid;
        }
    }

    BurstScenario {
        settings = Map.copyOf(settings);
        builds = List.copyOf(builds);
    }

    /** Every conversation the scenario's messages go to. */
    List<String> conversations() {
        return builds.stream().flatMap(b -> b.conversations().stream()).distinct().sorted().toList();
    }

    /** What a correct notifier must deliver: one post per build and conversation, or one message per commit and conversation. */
    int owed() {
        return kind == Kind.PER_BUILD ? builds.stream().mapToInt(b -> b.conversations().size()).sum()
                : (int) builds.stream().flatMap(b -> b.conversations().stream().map(c -> b.commit() + " " + c))
                .distinct().count();
    }

    /**
     * {@code authors × prsEach} pull-request builds of one project, each of a commit of its own and failing, their
     * events spread evenly over {@code spread} in a shuffled order. Each owes its author a DM.
     */
    static BurstScenario pullRequests(BurstWorld world, String id, int authors, int prsEach, Duration spread,
                                      long seed) {
        String repo = "widgets";
        String project = "widgets-ci";
        List<Cast.Person> people = new ArrayList<>();
        for (int a = 0; a < authors; a++) {
            people.add(BurstWorld.person(a));
            world.intoSlack(people.get(a));
        }
        List<String[]> made = new ArrayList<>();
        int pr = 0;
        for (int a = 0; a < authors; a++) {
            for (int p = 0; p < prsEach; p++) {
                pr++;
                Cast.Person author = people.get(a);
                String sha = BurstWorld.sha(id + " pull request " + pr);
                world.commit(repo, sha, author, "Change " + pr + " by " + author.name());
                String sourceVersion = "pr/" + pr;
                BuildFixture build = world.build(repo, project, sourceVersion, sha, 1_790_000_000L + pr * 60L,
                        "FAILED", id + " build " + pr);
                made.add(new String[] {build.id(), sha, world.event(build, repo, "FAILED", sourceVersion),
                        BurstWorld.directMessage(author)});
            }
        }
        Collections.shuffle(made, new Random(seed));
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            String[] m = made.get(i);
            planned.add(new Planned(i, project, m[0].substring(m[0].indexOf(':') + 1), "FAILED", m[1],
                    spread.multipliedBy(i).dividedBy(made.size()), List.of(m[3]), m[2]));
        }
        String title = made.size() + " PR builds by " + authors + " authors over " + spread.toSeconds() + " s";
        return new BurstScenario(id, title, Kind.PER_BUILD, Map.of(), planned);
    }

    /**
     * One commit pushed to the whitelisted branch {@code main} of one repository and built by {@code projects}
     * projects (names {@code svc-000}…), each failing or passing ({@code failedShare} of them fail, drawn with the
     * seed), their events spread evenly over {@code spread} in a shuffled order. Strategy every_build and the channel
     * #builds: each build is owed to the author's DM and the channel; with rollups (the default) as one message each
     * per commit.
     */
    static BurstScenario oneCommit(BurstWorld world, String id, int projects, Duration spread, double failedShare,
                                   boolean rollup, long seed) {
        String repo = "monorepo";
        Cast.Person author = BurstWorld.person(0);
        world.intoSlack(author);
        String sha = BurstWorld.sha(id + " merge to main");
        world.commit(repo, sha, author, "Merge the platform upgrade (" + id + ")");
        world.branch(repo, "main", sha);
        Random random = new Random(seed);
        List<Planned> planned = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            order.add(p);
        }
        List<String> statuses = new ArrayList<>();
        for (int p = 0; p < projects; p++) {
            statuses.add(random.nextDouble() < failedShare ? "FAILED" : "SUCCEEDED");
        }
        Collections.shuffle(order, random);
        List<String> conversations = List.of(BurstWorld.directMessage(author), BurstWorld.CHANNEL_ID);
        for (int i = 0; i < order.size(); i++) {
            int p = order.get(i);
            String project = String.format(Locale.ROOT, "svc-%03d", p);
            String status = statuses.get(p);
            // a push webhook build: the source version is the commit, which is the head of main
            BuildFixture build = world.build(repo, project, sha, sha, 1_790_000_000L + p, status,
                    id + " build of " + project);
            planned.add(new Planned(i, project, build.id().substring(build.id().indexOf(':') + 1), status, sha,
                    spread.multipliedBy(i).dividedBy(order.size()), conversations, world.event(build, repo, status, sha)));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("CBN_WHITELIST_BRANCHES", "main");
        settings.put("CBN_ADDITIONAL_CHANNEL", "#builds");
        settings.put("CBN_DEFAULT_NOTIFY_STRATEGY", "every_build");
        if (!rollup) {
            settings.put("CBN_COMMIT_ROLLUP", "false");
        }
        long failed = statuses.stream().filter(s -> !s.equals("SUCCEEDED")).count();
        String title = projects + " projects of one commit within " + spread.toSeconds() + " s ("
                + failed + " failing), rollup " + (rollup ? "on" : "off");
        return new BurstScenario(id, title, rollup ? Kind.ROLLUP : Kind.PER_BUILD, settings, planned);
    }
}
