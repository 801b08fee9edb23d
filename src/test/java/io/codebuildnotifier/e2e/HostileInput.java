package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.adapter.slack.SlackSafety;
import io.codebuildnotifier.adapter.slack.SlackWire;
import io.codebuildnotifier.sandbox.BlockKitRules;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end (issue 3, item 7 and "bad input"): what the hostile-input tests share. Each
 * subclass holds a corpus of malformed, truncated, oversized and hostile input, by what it attacks
 * ({@link HostileEventsTest} the event envelope, {@link HostileBuildsTest} what CodeBuild answers,
 * {@link HostileCommitsTest} what git hosts answer and whoever pushes writes, {@link HostileSlackTest}
 * what Slack answers), each case fed through the real handler against DynamoDB Local and the loopback
 * {@link Sandbox}; {@link HostileCorpusTest} checks the corpus as a whole and the checker itself.
 *
 * <p>For every case: no exception that would make Lambda retry an event that can never succeed
 * (a {@link TransientFailure} is allowed where a dependency misbehaves, since retrying is right
 * there); no Slack message, and no history, for an invalid event; and every Slack post that does
 * go out passes {@link #assertSafeMrkdwn}. The last test of each class prints its figures in one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SandboxExtension.class)
abstract class HostileInput {

    /**
     * Cases that show a bug in {@code src/main}: they still run, and are reported as skipped while
     * the bug is there. A case listed here that passes fails the suite, so the list stays true:
     * remove its name once the bug is fixed.
     */
    static final Map<String, String> KNOWN_BUGS = Map.of();

    static final String JANE = Cast.JANE.slackId();
    static final String BOB = Cast.BOB.slackId();
    static final String ADMIN = Cast.ADMIN.slackId();
    static final long START = 1_790_000_000L;
    /** A token-like value planted in event fields other than the build id: it must never reach a log line. */
    static final String PLANTED = "xoxb-planted-0000-secret";
    static final int TEXT_LIMIT = 4000;
    static final int ATTACHMENT_TEXT_LIMIT = 8000;
    static final int SUMMARY_LIMIT = 500;
    /** Where the links in our messages point; any other {@code <...>} is user text that escaped. */
    static final List<String> OUR_LINKS = List.of("https://us-east-1.console.aws.amazon.com/",
            "https://github.com/acme/widgets/");

    /** The members the notifier itself mentions (the authors it found): {@code <@U…>} of theirs is ours. */
    static final List<String> OUR_MENTIONS = Cast.IN_SLACK.stream().map(Cast.Person::slackId).toList();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SHAS = new AtomicLong(0xab0000);
    private static final String PLAIN_SHA = "aaaa00000000000000000000000000000000aaaa";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    /** What each case did, by name, for the figures. */
    static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void start(EmbeddedDynamo sharedDynamo, Sandbox sharedSandbox) {
        dynamo = sharedDynamo;
        sandbox = sharedSandbox;
    }

    // ================================================================== the corpus

    /** Events; text written by whoever pushes (see {@link #gitHostAnswers}); Slack's answers. */
    enum Category {
        EVENTS("events"), GIT_HOST("git-host answers"), SLACK("slack"), AWS("aws answers");

        final String label;

        Category(String label) {
            this.label = label;
        }
    }

    enum Expect {
        /** An invalid event: an outcome that is not "recorded", never an exception, no message, no history. */
        NO_MESSAGE,
        /** Odd but acceptable input: any outcome, never an exception; messages may go out (and must be safe). */
        ANY_OUTCOME,
        /** A dependency misbehaves: any outcome or a {@link TransientFailure} (Lambda retries those). */
        OUTCOME_OR_TRANSIENT,
        /** The function is misconfigured (credentials, signature): the invocation fails, so alarms fire. */
        FAILS
    }

    /** Sets the world up and invokes the handler; returns its outcome or throws what it threw. */
    interface Scenario {
        Outcome run(World world);
    }

    /** What a particular case must also show (a recipient, an escaped fragment...). */
    interface Check {
        void verify(Run run);

        default Check and(Check next) {
            return run -> {
                verify(run);
                next.verify(run);
            };
        }
    }

    record Case(Category category, String name, Expect expect, Scenario scenario, Check check) {
        @Override
        public String toString() {
            return category.label + ": " + name;
        }
    }

    /** One run of a case: the outcome or what was thrown, and what reached Slack. */
    record Run(Outcome outcome, Throwable thrown, List<Sandbox.SlackPost> posts, World world, String log) {
        String shown() {
            return posts.stream().map(HostileInput::shown).collect(Collectors.joining("\n---\n"));
        }
    }

    // ================================================================== running and judging

    /** This class's cases; a subclass also has them as {@code static List<Case> cases()}, the tests' source. */
    abstract List<Case> corpus();

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void hostileInput(Case c) {
        Verdict verdict = verdictOf(c);
        String bug = KNOWN_BUGS.get(c.name());
        if (bug != null) {
            assertTrue(!verdict.problems().isEmpty(), "'" + c.name() + "' passes now: remove it from KNOWN_BUGS");
            Assumptions.abort("known bug (" + bug + "): " + verdict.problems());
        }
        assertEquals(List.of(), verdict.problems(), c + " -> " + verdict.outcome());
    }


    /** What a case did, and everything wrong with it. */
    record Verdict(Case c, String outcome, boolean crash, int messagesForInvalid, int messages, int unsafeMessages,
                   List<String> problems) {
    }

    static synchronized Verdict verdictOf(Case c) {
        Verdict known = VERDICTS.get(c.name());
        if (known == null) {
            known = judge(c);
            VERDICTS.put(c.name(), known);
        }
        return known;
    }

    static Verdict judge(Case c) {
        Run run = run(c);
        List<String> problems = new ArrayList<>();

        boolean allowedFailure = run.thrown() instanceof TransientFailure && c.expect() == Expect.OUTCOME_OR_TRANSIENT
                || run.thrown() instanceof io.codebuildnotifier.kernel.NotifierFailure && c.expect() == Expect.FAILS;
        boolean crash = run.thrown() != null && !allowedFailure;
        if (crash) {
            problems.add("crash that would loop: " + run.thrown().getClass().getSimpleName() + ": "
                    + abbreviate(String.valueOf(run.thrown().getMessage())));
        }

        int messagesForInvalid = 0;
        if (c.expect() == Expect.NO_MESSAGE) {
            messagesForInvalid = run.posts().size();
            if (messagesForInvalid > 0) {
                problems.add(messagesForInvalid + " Slack message(s) for an invalid event: " + abbreviate(run.shown()));
            }
            if (run.outcome() instanceof Outcome.Recorded) {
                problems.add("an invalid event was recorded: " + abbreviate(run.outcome().summary()));
            }
            if (!run.world().historyItems().isEmpty()) {
                problems.add("history written for an invalid event");
            }
        }

        int unsafe = 0;
        for (Sandbox.SlackPost post : run.posts()) {
            List<String> postProblems = postProblems(post);
            if (!postProblems.isEmpty()) {
                unsafe++;
                problems.add("unsafe message to " + post.channel() + ": " + postProblems);
            }
        }

        if (c.category() == Category.EVENTS || c.category() == Category.AWS && run.outcome() != null) {
            String said = run.outcome() != null ? run.outcome().summary()
                    : run.thrown() != null ? String.valueOf(run.thrown().getMessage()) : "";
            if (said.length() > SUMMARY_LIMIT) {
                problems.add("outcome summary is " + said.length() + " characters long: " + abbreviate(said));
            }
            if (said.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
                problems.add("outcome summary holds line breaks or control characters: " + abbreviate(said));
            }
            if (said.contains(PLANTED)) {
                problems.add("outcome summary repeats event content beyond the build id: " + abbreviate(said));
            }
        }

        try {
            c.check().verify(run);
        } catch (AssertionError e) {
            problems.add("check: " + abbreviate(e.getMessage()));
        }
        return new Verdict(c, outcomeName(run), crash, messagesForInvalid, run.posts().size(), unsafe,
                List.copyOf(problems));
    }

    /** Runs a case in a fresh world, keeping the handler's (possibly megabyte-long) log lines out of the build log. */
    static Run run(Case c) {
        sandbox.clearFaults();
        World world = World.fresh(dynamo, sandbox);
        sandbox.putGitHubCommit("acme", "widgets", plainCommit());
        PrintStream stdout = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Outcome outcome = null;
        Throwable thrown = null;
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            outcome = c.scenario().run(world);
        } catch (RuntimeException | StackOverflowError e) {
            thrown = e;
        } finally {
            System.setOut(stdout);
            sandbox.clearFaults();
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        stdout.println("[" + c + "] " + abbreviate(logged.strip()));
        return new Run(outcome, thrown, sandbox.posts(), world, logged);
    }

    static String outcomeName(Run run) {
        if (run.thrown() != null) {
            return run.thrown() instanceof TransientFailure ? "transient failure"
                    : "thrown " + run.thrown().getClass().getSimpleName();
        }
        return run.outcome().getClass().getSimpleName().toLowerCase();
    }


    /** This class's figures in one line; none of its cases (but the KNOWN_BUGS) may show a problem. */
    @Test
    @Order(3)
    void figures() {
        List<Verdict> verdicts = corpus().stream().map(HostileInput::verdictOf).toList();
        List<Verdict> counted = verdicts.stream().filter(v -> !KNOWN_BUGS.containsKey(v.c().name())).toList();
        Map<String, Long> byCategory = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            long count = verdicts.stream().filter(v -> v.c().category() == category).count();
            if (count > 0) {
                byCategory.put(category.label, count);
            }
        }
        Map<String, Long> outcomes = new TreeMap<>(verdicts.stream()
                .collect(Collectors.groupingBy(Verdict::outcome, Collectors.counting())));
        List<Verdict> known = verdicts.stream().filter(v -> KNOWN_BUGS.containsKey(v.c().name())).toList();
        String line = "hostile input, " + getClass().getSimpleName() + ": " + verdicts.size() + " cases ("
                + byCategory.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + "): "
                + tally(counted) + " in the " + counted.size() + " cases not in KNOWN_BUGS; "
                + tally(known) + " in the " + known.size() + " KNOWN_BUGS (skipped); outcomes: "
                + outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        System.out.println(line);
        assertEquals(0, counted.stream().filter(v -> !v.problems().isEmpty()).count(), line);
    }

    /**
     * "0 crashes that would loop, 0 messages for invalid events, 0 unescaped or over-long mrkdwn
     * (of 12 messages), 0 other problems": a message counts when it fails {@link #assertSafeMrkdwn}
     * (escapes and links, and also length, surrogate pairs, control characters); other problems are
     * long or multi-line summaries and the cases' own checks.
     */
    static String tally(List<Verdict> verdicts) {
        long crashes = verdicts.stream().filter(Verdict::crash).count();
        long invalidMessages = verdicts.stream().mapToLong(Verdict::messagesForInvalid).sum();
        long unsafe = verdicts.stream().mapToLong(Verdict::unsafeMessages).sum();
        long messages = verdicts.stream().mapToLong(Verdict::messages).sum();
        long otherwise = verdicts.stream().filter(v -> !v.crash() && v.messagesForInvalid() == 0
                && v.unsafeMessages() == 0 && !v.problems().isEmpty()).count();
        return crashes + " crashes that would loop, " + invalidMessages + " messages for invalid events, "
                + unsafe + " unescaped or over-long mrkdwn (of " + messages + " messages), "
                + otherwise + " other problems";
    }

    // ================================================================== the mrkdwn checker

    /** See {@link SlackSafety#assertSafe(String, int, List)}: the checker beside the Slack adapter. */
    static void assertSafeMrkdwn(String mrkdwn) {
        assertSafeMrkdwn(mrkdwn, TEXT_LIMIT);
    }

    static void assertSafeMrkdwn(String mrkdwn, int maxLength) {
        SlackSafety.assertSafe(mrkdwn, maxLength, OUR_LINKS, OUR_MENTIONS);
    }

    static List<String> mrkdwnProblems(String s, int maxLength) {
        return SlackSafety.problems(s, maxLength, OUR_LINKS, OUR_MENTIONS);
    }

    /**
     * Everything a post shows: its text, every string in its attachments (text, fallback...), and every text of
     * its blocks and its attachments' blocks (each within a section's 3,000 characters); and Block Kit's rules.
     */
    static List<String> postProblems(Sandbox.SlackPost post) {
        List<String> problems = new ArrayList<>();
        if (post.text() != null) {
            mrkdwnProblems(post.text(), TEXT_LIMIT).forEach(p -> problems.add("text: " + p));
        }
        for (JsonNode attachment : attachments(post)) {
            attachment.properties().forEach(field -> {
                if (field.getValue().isTextual()) {
                    int limit = field.getKey().equals("text") ? ATTACHMENT_TEXT_LIMIT : TEXT_LIMIT;
                    mrkdwnProblems(field.getValue().asText(), limit)
                            .forEach(p -> problems.add("attachment " + field.getKey() + ": " + p));
                }
            });
        }
        SlackWire wire = SlackWire.of(post);
        List<String> legacy = attachments(post).stream().filter(a -> a.path("text").isTextual())
                .map(a -> a.path("text").asText()).toList();
        for (String text : wire.texts()) {
            if (!legacy.contains(text)) {
                mrkdwnProblems(text, BlockKitRules.TEXT + 1).forEach(p -> problems.add("block text: " + p));
            }
        }
        BlockKitRules.problems(post.blocksJson(), post.attachmentsJson()).forEach(p -> problems.add("blocks: " + p));
        return problems;
    }

    static List<JsonNode> attachments(Sandbox.SlackPost post) {
        if (post.attachmentsJson() == null || post.attachmentsJson().isBlank()) {
            return List.of();
        }
        try {
            List<JsonNode> all = new ArrayList<>();
            JSON.readTree(post.attachmentsJson()).forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a post shows: its text, then every text of its blocks and attachments. */
    static String shown(Sandbox.SlackPost post) {
        return post.text() + "\n" + SlackWire.of(post).shown();
    }

    // ================================================================== helpers that build cases

    static Case invalid(String name, Function<World, String> event) {
        return new Case(Category.EVENTS, name, Expect.NO_MESSAGE, w -> w.deliver(event.apply(w)), nothing());
    }

    static Case odd(String name, Function<World, String> event) {
        return new Case(Category.EVENTS, name, Expect.ANY_OUTCOME, w -> w.deliver(event.apply(w)), nothing());
    }

    /** The standard event for a build, changed. */
    static String event(String arn, String status, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(World.event(arn, status));
            change.accept(event);
            return event.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    /** A failed build of pull request 42 at a plain commit of Jane's: a real build for an event to be about. */
    static String build(World w) {
        return build(w, "FAILED");
    }

    static String build(World w, String status) {
        return w.gitHubBuild("pr/42", PLAIN_SHA, START, status);
    }

    static ObjectNode plainCommit() {
        ObjectNode commit = JSON.createObjectNode().put("sha", PLAIN_SHA);
        ObjectNode inner = commit.putObject("commit").put("message", "Add widget counter");
        inner.putObject("author").put("name", "Jane Doe").put("email", "jane@example.com");
        inner.putObject("committer").put("name", "Jane Doe").put("email", "jane@example.com");
        return commit;
    }

    static String newSha() {
        return String.format("%040x", SHAS.incrementAndGet());
    }

    static Outcome prBuild(World w, String author, String email, String message) {
        String sha = newSha();
        w.gitHubCommit(sha, author, email, message);
        return w.send(w.gitHubBuild("pr/42", sha, START, "FAILED"), "FAILED");
    }

    static Case subject(String subject, Check check) {
        return new Case(Category.GIT_HOST, "commit subject " + named(subject), Expect.OUTCOME_OR_TRANSIENT,
                w -> prBuild(w, "Jane Doe", "jane@example.com", subject), check);
    }

    static Case author(String name, String author, String email, Check check) {
        return new Case(Category.GIT_HOST, "author " + name, Expect.OUTCOME_OR_TRANSIENT,
                w -> prBuild(w, author, email, "Plain subject"), check);
    }

    /** A commit as GitHub answers it, changed. */
    static Case commitJson(String name, Consumer<ObjectNode> change, Check check) {
        return new Case(Category.GIT_HOST, name, Expect.OUTCOME_OR_TRANSIENT, w -> {
            String sha = newSha();
            ObjectNode commit = plainCommit().put("sha", sha);
            change.accept(commit);
            w.sandbox.putGitHubCommit("acme", "widgets", commit);
            return w.send(w.gitHubBuild("pr/42", sha, START, "FAILED"), "FAILED");
        }, check);
    }

    /** GitHub answers every request for the commit with {@code fault}. */
    static Case gitHubAnswers(String name, Sandbox.Fault fault, Check check) {
        return new Case(Category.GIT_HOST, name, Expect.OUTCOME_OR_TRANSIENT, w -> {
            String arn = build(w);
            w.sandbox.failNext("github", "*", 4, fault);
            return w.send(arn, "FAILED");
        }, check);
    }

    static Outcome codeCommitBuild(World w, Consumer<ObjectNode> change) {
        String sha = newSha();
        ObjectNode commit = JSON.createObjectNode().put("commitId", sha).put("message", "Charge VAT\n");
        commit.putObject("author").put("name", "Bob Stone").put("email", "bob@example.com")
                .put("date", "1700000000 +0000");
        commit.putObject("committer").put("name", "Bob Stone").put("email", "bob@example.com")
                .put("date", "1700000000 +0000");
        change.accept(commit);
        w.sandbox.putCodeCommitCommit("billing", commit);
        return w.send(w.build(BuildFixture.of("billing-ci").codeCommit("billing").at("pr/7", sha).startedAt(START)
                .status("FAILED")), "FAILED");
    }

    /** A failed push build of a whitelisted branch, which also goes to the channel #builds. */
    static Case branch(String branch, String fragment) {
        return new Case(Category.GIT_HOST, "branch " + named(branch), Expect.OUTCOME_OR_TRANSIENT, w -> {
            w.with("CBN_ADDITIONAL_CHANNEL", "#builds");
            return branchBuild(w, branch);
        }, recorded().and(dmTo(JANE, "#builds")).and(shows(fragment)));
    }

    static Outcome branchBuild(World w, String branch) {
        w.with("CBN_WHITELIST_BRANCHES", branch);
        String sha = newSha();
        w.gitHubCommit(sha, "Jane Doe", "jane@example.com", "On a branch");
        return w.send(w.gitHubBuild("refs/heads/" + branch, sha, START, "FAILED"), "FAILED");
    }

    /** Slack answers the next {@code times} calls of {@code method} with {@code fault}, during a failed PR build. */
    static Case slack(String name, String method, int times, Sandbox.Fault fault, Check check) {
        return new Case(Category.SLACK, name, Expect.OUTCOME_OR_TRANSIENT, w -> {
            String arn = build(w);
            w.sandbox.failNext("slack", method, times, fault);
            return w.send(arn, "FAILED");
        }, check);
    }

    static Sandbox.Fault slackJson(String body) {
        return Sandbox.Fault.status(200, body, Map.of("Content-Type", "application/json; charset=utf-8"));
    }

    // ------------------------------------------------------------------ checks

    static Check nothing() {
        return run -> { };
    }

    /** Messages went to exactly these member ids and channels, in this order. */
    static Check dmTo(String... targets) {
        return run -> assertEquals(Arrays.asList(targets),
                run.posts().stream().map(Sandbox.SlackPost::channel).toList(),
                () -> "posted to; outcome " + describe(run));
    }

    static Check nobodyTold() {
        return run -> assertEquals(List.of(), run.posts(), () -> "nobody to tell; outcome " + describe(run));
    }

    static Check shows(String fragment) {
        return run -> assertTrue(run.shown().contains(fragment),
                () -> "expected '" + fragment + "' in: " + abbreviate(run.shown()));
    }

    /** The lines a post shows (every text of its blocks and attachments), so that user text starts none of its own. */
    static Check linesAtMost(int lines) {
        return run -> run.posts().forEach(post -> {
            String shown = SlackWire.of(post).shown();
            assertTrue(shown.split("\n", -1).length <= lines,
                    () -> "user text started a line of its own: " + abbreviate(shown));
        });
    }

    /** Every text of a post's blocks and attachments is shorter than this. */
    static Check attachmentShorterThan(int length) {
        return run -> run.posts().forEach(post -> SlackWire.of(post).texts().forEach(text ->
                assertTrue(text.length() < length, () -> "a text of " + text.length() + " characters")));
    }

    static Check recorded() {
        return run -> assertTrue(run.outcome() instanceof Outcome.Recorded, () -> "recorded? " + describe(run));
    }

    static Check rejected() {
        return run -> assertTrue(run.outcome() instanceof Outcome.Rejected, () -> "rejected? " + describe(run));
    }

    /** An answer that is not a commit is rejected or retried, not recorded as a commit nobody wrote. */
    static Check notTakenForACommit() {
        return run -> assertTrue(run.outcome() instanceof Outcome.Rejected || run.thrown() instanceof TransientFailure,
                () -> "rejected or transient? " + describe(run));
    }

    static Check transientFailure() {
        return run -> assertTrue(run.thrown() instanceof TransientFailure, () -> "transient? " + describe(run));
    }

    static String describe(Run run) {
        return run.thrown() != null ? run.thrown().toString() : abbreviate(run.outcome().summary());
    }

    /** Short and on one line, for failure messages. */
    static String abbreviate(String s) {
        String oneLine = printable(s);
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "… (" + s.length() + " chars)" : oneLine;
    }

    /** Control characters shown as \\uXXXX. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            out.append(ch < 0x20 || ch == 0x7f ? String.format("\\u%04X", (int) ch) : String.valueOf(ch));
        }
        return out.toString();
    }

    /** User text as part of a case's name: printable, long runs kept short. */
    static String named(String s) {
        String text = printable(s);
        return text.length() > 80 ? text.substring(0, 60) + "…(" + s.length() + " chars)" : text;
    }
}
