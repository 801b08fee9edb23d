package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.function.EventsHandler;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reliability suite: a realistic sequence of builds across several projects, pull requests and
 * branches, delivered twice (some at once), in many orders, and through injected faults, with
 * Lambda's retries simulated by invoking again on failure. Every run is compared with a model of
 * what should be recorded and who should hear about what; the figures are printed and written to
 * {@code target/reliability-figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SandboxExtension.class)
class ReliabilitySuiteTest {
    static final int BUILDS = 220;
    static final int PEOPLE = Cast.CROWD;
    static final long T0 = 1_790_000_000L;
    static final String ADMIN = Cast.ADMIN.slackId();
    static final String CHANNEL = Cast.CHANNEL;
    static final List<String[]> PROJECTS = List.of(
            new String[] {"widgets-ci", "widgets"}, new String[] {"gadgets-ci", "gadgets"},
            new String[] {"docs-ci", "docs"});
    static final List<String> SOURCES = List.of("pr/1", "pr/2", "pr/3", "pr/4", "pr/5", "pr/6",
            "branch/main", "branch/main", "branch/develop");
    static final Pattern BUILD_LINK = Pattern.compile("/build/([a-z-]+%3A[0-9a-f-]{36})/");
    static final Pattern NOTICE = Pattern.compile("lookup by email for (\\S+) failed.* of ([a-z-]+:[0-9a-f-]{36})\\)");

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    static final List<Planned> plan = new ArrayList<>();
    static final Map<String, String> figures = new LinkedHashMap<>();
    /** The history every run must end with; see {@link #baselineHistory()}. */
    static Set<String> baselineHistory;

    /** A build of the sequence, and who wrote its commit. */
    record Planned(String project, String repo, String source, String sha, long start, String status,
                   int author, int committer, String arn) {
        String buildId() {
            return arn.substring(arn.indexOf("build/") + 6);
        }

        boolean passed() {
            return status.equals("SUCCEEDED");
        }

        String sourceId() {
            return project + ":" + source;
        }
    }

    @BeforeAll
    static void world(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox; // passes DynamoDB calls on to DynamoDB Local, faults injected on the way
        World people = World.fresh(dynamo, sandbox);
        Cast.crowdIntoSlack(sandbox);
        Random random = new Random(20261121);
        Map<String, Planned> last = new HashMap<>();
        long t = T0;
        for (int i = 0; i < BUILDS; i++) {
            String[] project = PROJECTS.get(random.nextInt(PROJECTS.size()));
            String source = SOURCES.get(random.nextInt(SOURCES.size()));
            t += 30 + random.nextInt(60);
            String key = project[0] + ":" + source;
            boolean rebuild = last.containsKey(key) && random.nextInt(10) == 0;
            String sha = rebuild ? last.get(key).sha() : sha(random);
            int roll = random.nextInt(100);
            String status = roll < 60 ? "SUCCEEDED" : roll < 90 ? "FAILED" : roll < 95 ? "TIMED_OUT" : "FAULT";
            int author = rebuild ? last.get(key).author() : random.nextInt(PEOPLE);
            int committer = rebuild ? last.get(key).committer()
                    : random.nextInt(5) == 0 ? random.nextInt(PEOPLE) : author;
            if (!rebuild) {
                people.gitHubCommit(project[1], sha, Cast.crowd(author).name(), email(author), Cast.crowd(committer).name(),
                        email(committer), "Change " + i + " <!channel> & <https://evil.example|x>");
            }
            String version = source.startsWith("pr/") ? source : "refs/heads/" + source.substring(7);
            String arn = people.build(BuildFixture.of(project[0]).gitHub("acme", project[1]).at(version, sha)
                    .startedAt(t).status(status));
            Planned planned = new Planned(project[0], project[1], source, sha, t, status, author, committer, arn);
            plan.add(planned);
            last.put(key, planned);
        }
    }

    @AfterAll
    static void report() throws IOException {
        String text = figures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n")) + "\n";
        System.out.print("reliability figures\n" + text);
        Path buildDir = Path.of(System.getProperty("build.dir", "target"));
        Files.createDirectories(buildDir);
        Files.writeString(buildDir.resolve("reliability-figures.txt"), text);
    }

    static String slackId(int person) {
        return Cast.crowd(person).slackId();
    }

    /** Person 17 commits with a GitHub noreply address (aliased); 18 and 19 are not in Slack. */
    static String email(int person) {
        return person == 17 ? "p17@users.noreply.github.com" : Cast.crowd(person).email();
    }

    static String sha(Random random) {
        StringBuilder sha = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sha.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sha.toString();
    }

    // ------------------------------------------------------------------ the model

    /** What should be sent for builds arriving in this order: a key per message. */
    static List<String> expected(List<Planned> arrivals) {
        Map<String, List<Planned>> delivered = new HashMap<>();
        List<String> messages = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        Set<String> reported = new java.util.HashSet<>(); // an address nobody has: one admin notice a day
        for (Planned b : arrivals) {
            if (!seen.add(b.arn()) || b.source().equals("branch/develop")) {
                continue;
            }
            List<Planned> before = delivered.computeIfAbsent(b.sourceId(), k -> new ArrayList<>());
            boolean newerKnown = before.stream().anyMatch(o -> o.start() > b.start());
            Planned previous = before.stream().filter(o -> o.start() < b.start())
                    .max((x, y) -> Long.compare(x.start(), y.start())).orElse(null);
            before.add(b);
            if (newerKnown) {
                continue;
            }
            boolean changed = previous == null || previous.passed() != b.passed();
            boolean branch = b.source().startsWith("branch/");
            boolean notify = branch || !b.passed() || changed; // main: every_build; PRs: fail_or_status_change
            if (!notify) {
                continue;
            }
            TreeSet<Integer> people = new TreeSet<>(List.of(b.author(), b.committer()));
            if (branch && b.passed()) {
                // a pass after failures on a branch also tells whoever was told of the breakage
                before.stream().filter(o -> o.start() < b.start())
                        .sorted((x, y) -> Long.compare(y.start(), x.start()))
                        .takeWhile(o -> !o.passed())
                        .forEach(o -> people.addAll(List.of(o.author(), o.committer())));
            }
            for (int person : people) {
                if (person < Cast.CROWD_IN_SLACK) {
                    messages.add(b.buildId() + " " + slackId(person));
                } else if (reported.add(email(person))) {
                    messages.add(b.buildId() + " " + ADMIN + " " + email(person));
                }
            }
            if (branch) {
                messages.add(b.buildId() + " " + CHANNEL);
            }
        }
        Collections.sort(messages);
        return messages;
    }

    /** The messages with each admin notice's build left out (the admin and the address stay). */
    static List<String> noticeBuildsAside(List<String> messages) {
        return messages.stream().map(m -> m.contains(" " + ADMIN + " ") ? m.substring(m.indexOf(' ') + 1) : m)
                .sorted().toList();
    }

    /** What was sent, a key per message, in the model's terms. */
    static List<String> observed() {
        List<String> messages = new ArrayList<>();
        for (Sandbox.SlackPost post : sandbox.posts()) {
            Matcher notice = NOTICE.matcher(post.text());
            if (notice.find()) {
                messages.add(notice.group(2) + " " + World.reached(post) + " " + notice.group(1));
                continue;
            }
            String text = io.codebuildnotifier.adapter.slack.SlackWire.of(post).shown();
            Matcher link = BUILD_LINK.matcher(text);
            assertTrue(link.find(), text);
            messages.add(URLDecoder.decode(link.group(1), StandardCharsets.UTF_8) + " " + World.reached(post));
        }
        Collections.sort(messages);
        return messages;
    }

    // ------------------------------------------------------------------ running

    /** A fresh world (new tables) and two function instances sharing it. */
    static final class Run {
        final World world;
        final EventsHandler[] instances;
        final AtomicInteger failedInvocations = new AtomicInteger();
        final AtomicInteger invocations = new AtomicInteger();

        Run() {
            world = World.fresh(dynamo, sandbox)
                    .with("CBN_WHITELIST_BRANCHES", "main")
                    .with("CBN_OVERRIDE_NOTIFY_STRATEGY", "main:every_build")
                    .with("CBN_ADDITIONAL_CHANNEL", CHANNEL)
                    // the model counts a message per build; rollups (a message per commit) have their own tests
                    .with("CBN_COMMIT_ROLLUP", "false");
            world.alias("p17@users.noreply.github.com", "p17@example.com");
            System.setProperty("aws.endpointUrlDynamoDb", sandbox.awsEndpoint()); // through the fault injector
            instances = new EventsHandler[] {world.anotherInstance(), world.anotherInstance()};
            sandbox.clearRecordings();
        }

        /** Invokes as Lambda does with an asynchronous event: on failure, it is invoked again. */
        Outcome invoke(int instance, String event) {
            for (int attempt = 1; ; attempt++) {
                invocations.incrementAndGet();
                try {
                    return instances[instance].handle(
                            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), null);
                } catch (TransientFailure e) {
                    failedInvocations.incrementAndGet();
                    if (attempt == 60) {
                        throw e;
                    }
                    pause(10);
                }
            }
        }

        Set<String> history() {
            return world.historyItems().stream().map(ReliabilitySuiteTest::canonical)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    static String canonical(Map<String, AttributeValue> item) {
        Map<String, String> sorted = new TreeMap<>();
        item.forEach((k, v) -> sorted.put(k, v.toString()));
        return sorted.toString();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String event(Planned b) {
        return World.event(b.arn(), b.status());
    }

    /** The builds in start order: the order in which CodeBuild finishes them, more or less. */
    static List<Planned> chronological() {
        List<Planned> ordered = new ArrayList<>(plan);
        ordered.sort((x, y) -> Long.compare(x.start(), y.start()));
        return ordered;
    }

    /** A random merge of the PRs' and branches' own sequences: each keeps its order. */
    static List<Planned> interleaving(Random random) {
        Map<String, Deque<Planned>> queues = new LinkedHashMap<>();
        for (Planned b : chronological()) {
            queues.computeIfAbsent(b.sourceId(), k -> new ArrayDeque<>()).add(b);
        }
        List<Planned> order = new ArrayList<>();
        List<Deque<Planned>> open = new ArrayList<>(queues.values());
        while (!open.isEmpty()) {
            Deque<Planned> queue = open.get(random.nextInt(open.size()));
            order.add(queue.poll());
            if (queue.isEmpty()) {
                open.remove(queue);
            }
        }
        return order;
    }

    // ------------------------------------------------------------------ the suite

    @Test
    @Order(1)
    void everyEventTwiceSomeAtOnceNotifiesExactlyOnce() throws Exception {
        Run run = new Run();
        Random random = new Random(1);
        List<Planned> order = chronological();
        List<Planned> later = new ArrayList<>();
        int concurrent = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Planned b : order) {
                if (random.nextBoolean()) {
                    Future<Outcome> one = pool.submit(() -> run.invoke(0, event(b)));
                    Future<Outcome> two = pool.submit(() -> run.invoke(1, event(b)));
                    one.get();
                    two.get();
                    concurrent++;
                } else {
                    run.invoke(0, event(b));
                    later.add(b);
                }
                if (!later.isEmpty() && random.nextInt(4) == 0) {
                    run.invoke(1, event(later.remove(random.nextInt(later.size()))));
                }
            }
            for (Planned b : later) {
                run.invoke(1, event(b));
            }
        } finally {
            pool.shutdown();
        }
        List<String> expected = expected(order);
        List<String> observed = observed();
        figures.put("duplicates", BUILDS + " builds, " + (2 * BUILDS) + " events (" + BUILDS
                + " duplicates, " + concurrent + " delivered at once on two instances), " + expected.size()
                + " notifications expected, " + lost(expected, observed) + " lost, " + duplicated(expected, observed)
                + " duplicated, " + run.failedInvocations.get() + " invocations retried");
        assertEquals(expected, observed);
        baselineHistory = run.history();
    }

    @Test
    @Order(2)
    void anyArrivalOrderGivesTheSameHistory() {
        int runs = 0;
        int interleavings = 0;
        int lostTotal = 0;
        int duplicatedTotal = 0;
        List<String> chronologicalExpected = expected(chronological());
        for (int seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            boolean keepPerSourceOrder = seed <= 3;
            List<Planned> order = keepPerSourceOrder ? interleaving(random) : shuffled(random);
            Run run = new Run();
            for (Planned b : order) {
                run.invoke(random.nextInt(2), event(b));
            }
            List<String> expected = expected(order);
            List<String> observed = observed();
            lostTotal += lost(expected, observed);
            duplicatedTotal += duplicated(expected, observed);
            assertEquals(expected, observed, "seed " + seed);
            if (keepPerSourceOrder) {
                // which build's notice reports an address first that day depends on the order across sources
                assertEquals(noticeBuildsAside(chronologicalExpected), noticeBuildsAside(observed),
                        "an interleaving notifies as the chronological order");
                interleavings++;
            }
            if (baselineHistory != null) {
                assertEquals(baselineHistory, run.history(), "seed " + seed);
            } else {
                baselineHistory = run.history();
            }
            runs++;
        }
        figures.put("order", runs + " arrival orders of " + BUILDS + " builds (" + interleavings
                + " interleavings keeping each PR's and branch's order, " + (runs - interleavings)
                + " full shuffles): identical history every time; notifications as the model for each order, "
                + lostTotal + " lost, " + duplicatedTotal + " duplicated");
    }

    static List<Planned> shuffled(Random random) {
        List<Planned> order = new ArrayList<>(plan);
        Collections.shuffle(order, random);
        return order;
    }

    /**
     * The history every run must end with: the first run's ({@link #everyEventTwiceSomeAtOnceNotifiesExactlyOnce}),
     * or, for a test run without it, that of every build delivered once, in order, without faults, made
     * here in a run of its own. That the two are the same is what {@link #anyArrivalOrderGivesTheSameHistory}
     * shows.
     */
    static synchronized Set<String> baselineHistory() {
        if (baselineHistory == null) {
            Run clean = new Run();
            for (Planned b : chronological()) {
                clean.invoke(0, event(b));
            }
            baselineHistory = clean.history();
        }
        return baselineHistory;
    }

    @Test
    @Order(3)
    void faultsEverywhereLoseAndDuplicateNothing() {
        Set<String> baseline = baselineHistory(); // before this run's world: it clears what Slack received
        Run run = new Run();
        sandbox.failRandomly("slack", "chat.postMessage", 0.10, Sandbox.Fault.slackRateLimited(1), 11);
        sandbox.failRandomly("slack", "*", 0.05, Sandbox.Fault.status(503), 12);
        sandbox.failRandomly("slack", "*", 0.03, Sandbox.Fault.DROP_CONNECTION, 13);
        sandbox.failRandomly("github", "*", 0.05, Sandbox.Fault.status(502), 14);
        sandbox.failRandomly("codebuild", "*", 0.03,
                Sandbox.Fault.awsError(400, "ThrottlingException", "Rate exceeded"), 15);
        sandbox.failRandomly("dynamodb", "*", 0.04, Sandbox.dynamoThrottling(), 16);
        sandbox.failRandomly("secretsmanager", "*", 0.20, Sandbox.Fault.status(500), 17);
        int outages = 0;
        try {
            List<Planned> order = chronological();
            for (int i = 0; i < order.size(); i++) {
                if (i % 20 == 10) {
                    // an outage longer than one invocation's patience: the invocation fails, part-way
                    // through its messages, and Lambda's retry must send exactly what is missing
                    sandbox.failAfter("slack", "chat.postMessage", 1, 5, Sandbox.Fault.status(503));
                    outages++;
                }
                run.invoke(0, event(order.get(i)));
            }
        } finally {
            sandbox.clearFaults();
        }
        Map<String, Integer> injected = new TreeMap<>();
        sandbox.injectedFaults().forEach((what, count) -> {
            String[] parts = what.split(" ");
            injected.merge(parts[0] + " " + parts[parts.length - 1], count, Integer::sum);
        });
        int faults = injected.values().stream().mapToInt(Integer::intValue).sum();
        List<String> expected = expected(chronological());
        List<String> observed = observed();
        figures.put("faults", faults + " faults injected " + injected + ", " + outages
                + " of them Slack outages longer than an invocation, into " + run.invocations.get()
                + " invocations, " + run.failedInvocations.get() + " of them failed and were retried, "
                + run.world.waits.size() + " waits (Retry-After, backoff) inside invocations; " + expected.size()
                + " notifications expected, " + lost(expected, observed) + " lost, " + duplicated(expected, observed)
                + " duplicated");
        assertEquals(expected, observed);
        assertEquals(baseline, run.history());
        assertTrue(faults > 50, "faults were injected: " + injected);
        assertTrue(run.failedInvocations.get() >= outages, "the outages failed invocations that were retried");
    }

    static int lost(List<String> expected, List<String> observed) {
        List<String> missing = new ArrayList<>(expected);
        observed.forEach(missing::remove);
        return missing.size();
    }

    static int duplicated(List<String> expected, List<String> observed) {
        List<String> extra = new ArrayList<>(observed);
        expected.forEach(extra::remove);
        return extra.size();
    }
}
