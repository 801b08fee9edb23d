package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, end to end (issue 3, item 7 and "bad input"): a corpus of malformed, truncated,
 * oversized and hostile events, git-host answers and Slack answers, each fed through the real
 * handler against DynamoDB Local and the loopback {@link Sandbox}.
 *
 * <p>For every case: no exception that would make Lambda retry an event that can never succeed
 * (a {@link TransientFailure} is allowed where a dependency misbehaves, since retrying is right
 * there); no Slack message, and no history, for an invalid event; and every Slack post that does
 * go out passes {@link #assertSafeMrkdwn}. The last test prints the figures in one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputTest {

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

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SHAS = new AtomicLong(0xab0000);
    private static final String PLAIN_SHA = "aaaa00000000000000000000000000000000aaaa";

    static EmbeddedDynamo dynamo;
    static Sandbox sandbox;
    /** What each case did, by name, for the figures. */
    static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        dynamo = EmbeddedDynamo.start();
        sandbox = Sandbox.empty(World.TOKEN);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        dynamo.close();
    }

    // ================================================================== the corpus

    /** Events; text written by whoever pushes (see {@link #gitHostAnswers}); Slack's answers. */
    enum Category {
        EVENTS("events"), GIT_HOST("git-host answers"), SLACK("slack");

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
        OUTCOME_OR_TRANSIENT
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
    record Run(Outcome outcome, Throwable thrown, List<Sandbox.SlackPost> posts, World world) {
        String shown() {
            return posts.stream().map(HostileInputTest::shown).collect(Collectors.joining("\n---\n"));
        }
    }

    static Stream<Case> corpus() {
        return Stream.of(events(), gitHostAnswers(), slackAnswers()).flatMap(List::stream);
    }

    // ------------------------------------------------------------------ events

    static List<Case> events() {
        List<Case> cases = new ArrayList<>();
        // not an event at all
        cases.add(invalid("not JSON", w -> "{not json"));
        cases.add(invalid("empty body", w -> ""));
        cases.add(invalid("only whitespace", w -> " \n\t "));
        cases.add(invalid("the JSON literal null", w -> "null"));
        cases.add(invalid("a JSON array holding a valid event", w -> "[" + World.event(build(w), "FAILED") + "]"));
        cases.add(invalid("a JSON string", w -> "\"CodeBuild Build State Change\""));
        cases.add(invalid("a JSON number", w -> "42"));
        cases.add(invalid("a valid event truncated halfway", w -> {
            String event = World.event(build(w), "FAILED");
            return event.substring(0, event.length() / 2);
        }));
        cases.add(invalid("nested 10,000 levels deep", w -> event(build(w), "FAILED", e ->
                detail(e).putRawValue("nested", new com.fasterxml.jackson.databind.util.RawValue(
                        "[".repeat(10_000) + "]".repeat(10_000))))));
        cases.add(invalid("build-status a 5 MB string", w -> event(build(w), "F".repeat(5_000_000), e -> { })));
        cases.add(odd("a 5 MB string in an unknown field of a valid event", w -> event(build(w), "FAILED",
                e -> detail(e).put("blob", "<!channel> ".repeat(500_000)))));
        // detail
        cases.add(invalid("detail missing (resources too)", w -> event(build(w), "FAILED", e -> {
            e.remove("detail");
            e.remove("resources");
        })));
        cases.add(invalid("detail empty", w -> event(build(w), "FAILED", e -> e.putObject("detail"))));
        cases.add(invalid("detail null", w -> event(build(w), "FAILED", e -> e.putNull("detail"))));
        cases.add(invalid("detail a number", w -> event(build(w), "FAILED", e -> e.put("detail", 7))));
        cases.add(invalid("detail a string holding the detail's JSON", w -> event(build(w), "FAILED",
                e -> e.put("detail", e.get("detail").toString()))));
        // build-id
        cases.add(invalid("build-id missing, no resources", w -> event(build(w), "FAILED", e -> {
            detail(e).remove("build-id");
            e.remove("resources");
        })));
        cases.add(invalid("build-id empty, resources empty", w -> event(build(w), "FAILED", e -> {
            detail(e).put("build-id", "");
            e.putArray("resources");
        })));
        cases.add(invalid("build-id a number, no resources", w -> event(build(w), "FAILED", e -> {
            detail(e).put("build-id", 12345);
            e.remove("resources");
        })));
        cases.add(invalid("build-id an array holding the ARN, no resources", w -> event(build(w), "FAILED", e -> {
            String arn = detail(e).get("build-id").asText();
            detail(e).putArray("build-id").add(arn);
            e.remove("resources");
        })));
        cases.add(invalid("build-id with newlines and a forged log line", w -> event(build(w), "FAILED", e ->
                detail(e).put("build-id", detail(e).get("build-id").asText()
                        + "\ncodebuild-notifier: recorded widgets-ci:forged SUCCEEDED\n"))));
        cases.add(invalid("build-id holding <!channel>", w -> event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:<!channel>", "FAILED", e -> { })));
        cases.add(invalid("build-id 100 KB long", w -> event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:" + "9".repeat(100_000), "FAILED",
                e -> { })));
        cases.add(invalid("build-id not an ARN", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", "hello world"))));
        cases.add(invalid("build-id with a NUL character", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", detail(e).get("build-id").asText() + "\u0000x"))));
        cases.add(odd("build-id a bare PROJECT:UUID instead of an ARN", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", detail(e).get("build-id").asText().replaceFirst(".*:build/", "")))));
        cases.add(odd("build-id padded with spaces and a tab", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-id", "  " + detail(e).get("build-id").asText() + "\t "))));
        cases.add(odd("build-id missing but resources holds the ARN", w -> event(build(w), "FAILED",
                e -> detail(e).remove("build-id"))));
        cases.add(invalid("resources holds two ARNs and there is no build-id", w -> event(build(w), "FAILED", e -> {
            detail(e).remove("build-id");
            ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("resources")).add(build(w));
        })));
        // build-status
        cases.add(invalid("build-status unknown (SUPERSEDED)", w -> World.event(build(w), "SUPERSEDED")));
        cases.add(odd("build-status lowercase 'failed'", w -> World.event(build(w), "failed")));
        cases.add(invalid("build-status a number", w -> event(build(w), "FAILED",
                e -> detail(e).put("build-status", 3))));
        cases.add(invalid("build-status missing", w -> event(build(w), "FAILED",
                e -> detail(e).remove("build-status"))));
        cases.add(invalid("IN_PROGRESS", w -> World.event(build(w, "IN_PROGRESS"), "IN_PROGRESS")));
        cases.add(invalid("STOPPED", w -> World.event(build(w, "STOPPED"), "STOPPED")));
        cases.add(odd("the event says SUCCEEDED, CodeBuild says FAILED", w -> World.event(build(w), "SUCCEEDED")));
        cases.add(new Case(Category.EVENTS, "the event says FAILED while CodeBuild still says IN_PROGRESS",
                Expect.OUTCOME_OR_TRANSIENT,
                w -> w.deliver(World.event(build(w, "IN_PROGRESS"), "FAILED")), nothing()));
        // envelope
        cases.add(invalid("wrong detail-type", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "EC2 Instance State-change Notification"))));
        cases.add(invalid("detail-type missing", w -> event(build(w), "FAILED", e -> e.remove("detail-type"))));
        cases.add(invalid("wrong source", w -> event(build(w), "FAILED", e -> e.put("source", "aws.evil"))));
        cases.add(invalid("'Scheduled Event' from a source other than aws.events", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "Scheduled Event").put("source", "evil.scheduler"))));
        cases.add(invalid("a token-like value in detail-type", w -> event(build(w), "FAILED",
                e -> e.put("detail-type", "CodeBuild " + PLANTED))));
        cases.add(invalid("a token-like value in source", w -> event(build(w), "FAILED",
                e -> e.put("source", PLANTED))));
        cases.add(invalid("a token-like value in build-status", w -> World.event(build(w), PLANTED)));
        String codeBuildType = "\"detail-type\":\"CodeBuild Build State Change\"";
        String failed = "\"build-status\":\"FAILED\"";
        cases.add(invalid("duplicate keys: the last detail-type is not CodeBuild's",
                w -> World.event(build(w), "FAILED").replace(codeBuildType,
                        codeBuildType + ",\"detail-type\":\"EC2 Instance State-change Notification\"")));
        cases.add(odd("duplicate keys: build-status FAILED then IN_PROGRESS",
                w -> World.event(build(w), "FAILED").replace(failed, failed + ",\"build-status\":\"IN_PROGRESS\"")));
        cases.add(odd("a UTF-8 byte order mark before a valid event", w -> "\uFEFF" + World.event(build(w), "FAILED")));
        cases.add(invalid("a byte order mark before garbage", w -> "\uFEFF\uFEFF{"));
        cases.add(new Case(Category.EVENTS, "invalid UTF-8 bytes in build-status", Expect.NO_MESSAGE, w -> {
            byte[] event = World.event(build(w), "FAI@@LED").getBytes(StandardCharsets.UTF_8);
            String text = new String(event, StandardCharsets.ISO_8859_1).replace("@@", "\u00C3\u0028");
            return w.deliver(text.getBytes(StandardCharsets.ISO_8859_1));
        }, nothing()));
        cases.add(new Case(Category.EVENTS, "a lone 0xFF byte before a valid event", Expect.NO_MESSAGE, w -> {
            byte[] event = World.event(build(w), "FAILED").getBytes(StandardCharsets.UTF_8);
            byte[] bytes = new byte[event.length + 1];
            bytes[0] = (byte) 0xFF;
            System.arraycopy(event, 0, bytes, 1, event.length);
            return w.deliver(bytes);
        }, nothing()));
        cases.add(invalid("a valid envelope for a build CodeBuild does not know", w -> World.event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:00000000-0000-0000-0000-000000000000",
                "FAILED")));
        cases.add(invalid("an ARN of another region and account", w -> event(
                "arn:aws:codebuild:eu-west-1:999999999999:build/widgets-ci:11111111-1111-1111-1111-111111111111",
                "FAILED", e -> e.put("account", "999999999999").put("region", "eu-west-1"))));
        cases.add(odd("unknown fields everywhere", w -> event(build(w), "FAILED", e -> {
            e.put("<!channel>", "<@U0BOB00002>").putObject("extra").put("x", 1).putArray("y").add("<!here>");
            detail(e).put("surprise", true).putObject("nested").put("<#C0BUILDS01>", "&amp;");
            ((ObjectNode) detail(e).get("additional-information")).put("hostile", "<https://evil|click>")
                    .putArray("phases").addObject().put("phase-type", "<!channel>");
        })));
        cases.add(odd("floats and strings where ints are expected", w -> event(build(w), "FAILED", e -> {
            e.put("version", 0.0).put("account", 123456789012L);
            detail(e).put("version", 1.5);
            ((ObjectNode) detail(e).get("additional-information")).put("build-number", 55.0)
                    .put("timeout-in-minutes", "sixty");
        })));
        cases.add(odd("current-phase-context a hostile string", w -> event(build(w), "FAILED",
                e -> detail(e).put("current-phase-context", "[: <!channel> " + PLANTED + "]"))));
        cases.add(odd("current-phase-context an object", w -> event(build(w), "FAILED",
                e -> detail(e).putObject("current-phase-context").put("message", "<!channel>"))));
        cases.add(odd("time, region and account of the wrong types", w -> event(build(w), "FAILED", e -> {
            e.put("time", 12);
            e.putObject("region");
            e.putArray("account");
        })));
        return cases;
    }

    // ------------------------------------------------------------------ git-host answers

    /**
     * What anyone who can push writes, for valid builds: commit subjects, names and emails as GitHub
     * and CodeCommit answer them, answers that are not commits, branch names, and the two places
     * CodeBuild repeats pushed text (a phase's failing command, an exported webhook trigger).
     */
    static List<Case> gitHostAnswers() {
        List<Case> cases = new ArrayList<>();
        // commit subjects
        cases.add(subject("<!channel> build broke", dmTo(JANE).and(shows("(&lt;!channel&gt; build broke)"))));
        cases.add(subject("<!here> look", dmTo(JANE).and(shows("&lt;!here&gt; look"))));
        cases.add(subject("<@U0BOB00002> please look", dmTo(JANE).and(shows("&lt;@U0BOB00002&gt; please look"))));
        cases.add(subject("<#C0BUILDS01> and <!subteam^S0TEAM0001>", dmTo(JANE).and(shows("&lt;#C0BUILDS01&gt;"))));
        cases.add(subject("see <https://evil.example|click>", dmTo(JANE)
                .and(shows("see &lt;https://evil.example|click&gt;"))));
        cases.add(subject("&amp; and &lt; literals", dmTo(JANE).and(shows("&amp;amp; and &amp;lt; literals"))));
        cases.add(subject("*bold* _it_ ~strike~ `code`", dmTo(JANE).and(shows("*bold* _it_ ~strike~ `code`"))));
        cases.add(new Case(Category.GIT_HOST, "commit subject 100 KB long", Expect.OUTCOME_OR_TRANSIENT,
                w -> prBuild(w, "Jane Doe", "jane@example.com", "<".repeat(100_000)),
                dmTo(JANE).and(shows("&lt;…)")).and(attachmentShorterThan(3000))));
        cases.add(new Case(Category.GIT_HOST, "commit subject 1 MB long (over DynamoDB's 400 KB item limit)",
                Expect.OUTCOME_OR_TRANSIENT,
                w -> prBuild(w, "Jane Doe", "jane@example.com", "x".repeat(1_000_000)), nothing()));
        cases.add(subject("first\rsecond\tthird\u0000nul\u0007bell\u001b[31mred\u007fdel",
                dmTo(JANE).and(linesAtMost(3))));
        cases.add(subject("\n\n  \n<!channel> after blank lines\nsecond line", dmTo(JANE)
                .and(shows("(&lt;!channel&gt; after blank lines)"))));
        cases.add(subject("right-to-left \u202Egnp.exe\u202C and zero-width \u200B\u2060 joiners", dmTo(JANE)));
        cases.add(subject("Unicode line breaks \u2028 U+2028 \u2029 U+2029 \u0085 U+0085", dmTo(JANE)));
        cases.add(subject("a".repeat(249) + "\uD83D\uDE00" + "tail", dmTo(JANE).and(shows("a…)"))));
        cases.add(subject("b".repeat(248) + "\uD83D\uDE00" + "tail", dmTo(JANE).and(shows("b\uD83D\uDE00…)"))));
        cases.add(gitHubAnswers("commit subject with a lone surrogate (\\ud83d escaped in GitHub's JSON)",
                Sandbox.Fault.status(200, plainCommit().toString().replace("Add widget counter", "broken \\ud83d pair"),
                        Map.of("Content-Type", "application/json")), dmTo(JANE)));
        // authors
        cases.add(author("name with < > & |", "Eve <eve> & |co|", "jane@example.com",
                dmTo(JANE).and(shows("Eve &lt;eve&gt; &amp; |co|'s"))));
        cases.add(author("name <!channel>", "<!channel>", "jane@example.com", dmTo(JANE)));
        cases.add(author("name with emoji at the 100-character cut", "N".repeat(99) + "\uD83D\uDE00" + "tail",
                "jane@example.com", dmTo(JANE).and(shows("N…'s"))));
        cases.add(new Case(Category.GIT_HOST, "emails in mixed case reach the same Slack user once",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    String sha = newSha();
                    w.gitHubCommit(sha, "Jane", "JANE@EXAMPLE.COM", "Jane", "Jane@Example.Com", "Mixed case");
                    return w.send(w.gitHubBuild("pr/42", sha, START, "FAILED"), "FAILED");
                }, dmTo(JANE)));
        cases.add(new Case(Category.GIT_HOST, "mixed-case commit email, lowercase alias key",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.alias("jane.doe@users.noreply.github.com", "jane@example.com");
                    return prBuild(w, "Jane", "Jane.Doe@Users.NoReply.GitHub.com", "Via alias");
                }, dmTo(JANE)));
        // alias keys are looked up as the commit writes the address, then in lowercase (the README asks
        // for lowercase keys): a key stored in another case is not found, and the admins hear of it
        cases.add(new Case(Category.GIT_HOST, "lowercase commit email, mixed-case alias key",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.alias("Jane.Doe@Users.NoReply.GitHub.com", "jane@example.com");
                    return prBuild(w, "Jane", "jane.doe@users.noreply.github.com", "Via alias");
                }, dmTo(ADMIN)));
        cases.add(author("email unknown to Slack, 10 KB long", "Mallory", "m".repeat(10_000) + "@example.com",
                dmTo(ADMIN)));
        cases.add(new Case(Category.GIT_HOST, "author email unknown to Slack, 5 KB long, no alias table",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.with("CBN_SLACK_ALIAS_TABLE", "");
                    return prBuild(w, "Mallory", "m".repeat(5_000) + "@example.com", "Plain subject");
                }, dmTo(ADMIN)));
        cases.add(author("email <!channel>@evil.example unknown to Slack", "Mallory", "<!channel>@evil.example",
                dmTo(ADMIN).and(shows("&lt;!channel&gt;@evil.example"))));
        cases.add(author("empty name and email", "", "", nobodyTold()));
        cases.add(commitJson("commit without author and committer", c -> {
            ObjectNode inner = (ObjectNode) c.get("commit");
            inner.remove("author");
            inner.remove("committer");
        }, nobodyTold()));
        cases.add(commitJson("commit JSON without 'commit'", c -> c.remove("commit"), notTakenForACommit()));
        cases.add(commitJson("numbers, arrays and objects instead of strings", c -> {
            ObjectNode inner = (ObjectNode) c.get("commit");
            ((ObjectNode) inner.get("author")).put("name", 42).putArray("email").add("jane@example.com");
            ((ObjectNode) inner.get("committer")).putObject("name").put("<!channel>", 1);
            inner.putArray("message").add("<!channel>");
        }, run -> { }));
        // GitHub answers that are not a commit
        cases.add(gitHubAnswers("GitHub 200 with an HTML body", Sandbox.Fault.status(200, "<html>oops</html>",
                Map.of("Content-Type", "text/html")), transientFailure()));
        cases.add(gitHubAnswers("GitHub 200 with the body 'null'", Sandbox.Fault.status(200, "null",
                Map.of("Content-Type", "application/json")), notTakenForACommit()));
        cases.add(gitHubAnswers("GitHub 200 with a JSON array", Sandbox.Fault.status(200, "[{\"sha\":1}]",
                Map.of("Content-Type", "application/json")), notTakenForACommit()));
        cases.add(gitHubAnswers("GitHub 404", Sandbox.Fault.status(404,
                "{\"message\":\"Not Found <!channel>\"}", Map.of("Content-Type", "application/json")), rejected()));
        cases.add(gitHubAnswers("GitHub 422", Sandbox.Fault.status(422,
                "{\"message\":\"No commit found\"}", Map.of("Content-Type", "application/json")), rejected()));
        // CodeCommit
        cases.add(new Case(Category.GIT_HOST, "CodeCommit commit with a hostile message and author",
                Expect.OUTCOME_OR_TRANSIENT, w -> codeCommitBuild(w, c -> {
                    c.put("message", "<!channel> & <@U0JANE0001> <https://evil|x>\nbody");
                    ((ObjectNode) c.get("author")).put("name", "<!here> Bob & co");
                }), dmTo(BOB).and(shows("&lt;!channel&gt; &amp; &lt;@U0JANE0001&gt; &lt;https://evil|x&gt;"))
                .and(shows("&lt;!here&gt; Bob &amp; co"))));
        cases.add(new Case(Category.GIT_HOST, "CodeCommit commit without author, committer or message",
                Expect.OUTCOME_OR_TRANSIENT, w -> codeCommitBuild(w, c -> {
                    c.remove("author");
                    c.remove("committer");
                    c.remove("message");
                }), nobodyTold()));
        // CodeBuild's phase message carries the failing command, which anyone who can push writes
        cases.add(new Case(Category.GIT_HOST, "phase message with mrkdwn, control characters and 10 KB",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    String sha = newSha();
                    w.gitHubCommit(sha, "Jane Doe", "jane@example.com", "Fine subject");
                    String arn = w.gitHubBuild("pr/42", sha, START, "FAILED");
                    w.changeLastBuild(b -> BuildFixture.buildPhaseContext(b).put("message",
                            "Error while executing command: echo '<!channel> <@U0BOB00002>' & \r\n"
                                    + "x".repeat(10_000)));
                    return w.send(arn, "FAILED");
                }, dmTo(JANE).and(shows("echo '&lt;!channel&gt; &lt;@U0BOB00002&gt;' &amp;"))
                .and(linesAtMost(3)).and(attachmentShorterThan(3000))));
        // branch names, whitelisted so that the build is notified, and posted to a channel too
        cases.add(branch("feature/<!channel>", "|branch/feature/&lt;!channel&gt;>"));
        cases.add(branch("a>b&c|d<e", "|branch/a&gt;b&amp;c\u2223d&lt;e>"));
        cases.add(branch("with spaces inside", "|branch/with spaces inside>"));
        cases.add(branch("ünïcödé/分支/\uD83D\uDE00", "|branch/ünïcödé/分支/\uD83D\uDE00>"));
        cases.add(branch("<https://evil.example|click>", "|branch/&lt;https://evil.example\u2223click&gt;>"));
        cases.add(branch("long/" + "\uD83D\uDE00".repeat(200), "\uD83D\uDE00…>"));
        cases.add(new Case(Category.GIT_HOST, "branch name of 2,100 bytes (over DynamoDB's 2 KB key limit)",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    String branch = ("segment-" + "y".repeat(92) + "/").repeat(21) + "end";
                    return branchBuild(w, branch);
                }, nothing()));
        cases.add(new Case(Category.GIT_HOST, "exported CODEBUILD_WEBHOOK_TRIGGER branch/<!here>",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.with("CBN_WHITELIST_BRANCHES", "<!here>").with("CBN_ADDITIONAL_CHANNEL", "#builds");
                    String sha = newSha();
                    w.gitHubCommit(sha, "Jane Doe", "jane@example.com", "Exported");
                    return w.send(w.gitHubBuildExporting(sha, sha, START, "FAILED",
                            Map.of("CODEBUILD_WEBHOOK_TRIGGER", "branch/<!here>")), "FAILED");
                }, dmTo(JANE, "#builds").and(shows("branch/&lt;!here&gt;"))));
        return cases;
    }

    // ------------------------------------------------------------------ Slack answers

    static List<Case> slackAnswers() {
        List<Case> cases = new ArrayList<>();
        cases.add(slack("users.lookupByEmail finds a deleted user", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"U0JANE0001\",\"name\":\"jane\",\"deleted\":true,"
                        + "\"is_bot\":false,\"profile\":{\"email\":\"jane@example.com\"}}}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail finds a bot", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"U0JANE0001\",\"name\":\"jane\",\"deleted\":false,"
                        + "\"is_bot\":true,\"profile\":{\"email\":\"jane@example.com\"}}}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok without a user", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail finds a member whose id is <!channel>", "users.lookupByEmail", 1,
                slackJson("{\"ok\":true,\"user\":{\"id\":\"<!channel>\",\"name\":\"x\",\"deleted\":false,"
                        + "\"is_bot\":false}}"), nothing()));
        cases.add(slack("users.lookupByEmail ok:false without an error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok:false with a mrkdwn error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false,\"error\":\"<!channel> <@U0BOB00002> & co\"}"),
                dmTo(ADMIN).and(shows("&lt;!channel&gt; &lt;@U0BOB00002&gt; &amp; co"))));
        cases.add(slack("users.lookupByEmail ok:false with a 5,000-character error", "users.lookupByEmail", 1,
                slackJson("{\"ok\":false,\"error\":\"" + "e".repeat(5_000) + "\"}"), dmTo(ADMIN)));
        cases.add(slack("users.lookupByEmail ok:false fatal_error, every attempt", "users.lookupByEmail", 4,
                slackJson("{\"ok\":false,\"error\":\"fatal_error\"}"), transientFailure()));
        cases.add(slack("users.lookupByEmail user of the wrong type", "users.lookupByEmail", 4,
                slackJson("{\"ok\":true,\"user\":\"U0JANE0001\"}"), transientFailure()));
        cases.add(slack("users.lookupByEmail 200 with an HTML body", "users.lookupByEmail", 4,
                Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")),
                transientFailure()));
        cases.add(slack("users.lookupByEmail 500, every attempt", "users.lookupByEmail", 4,
                Sandbox.Fault.status(500), transientFailure()));
        cases.add(new Case(Category.SLACK, "users.list (finding the admin) 200 with an HTML body, every attempt",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    sandbox.failNext("slack", "users.list", 4,
                            Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")));
                    return prBuild(w, "Carol", "carol@example.com", "Nobody in Slack knows Carol");
                }, transientFailure()));
        cases.add(new Case(Category.SLACK, "chat.postMessage channel_not_found for the additional channel",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    w.with("CBN_ADDITIONAL_CHANNEL", "#no-such-channel");
                    return branchBuild(w, "main");
                }, dmTo(JANE).and(recorded()).and(run -> assertTrue(run.outcome().summary()
                .contains("channel #no-such-channel failed: channel_not_found"), run.outcome().summary()))));
        cases.add(slack("chat.postMessage ok:false is_archived", "chat.postMessage", 1,
                slackJson("{\"ok\":false,\"error\":\"is_archived\"}"), recorded()));
        cases.add(slack("chat.postMessage 200 with an HTML body, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(200, "<html>oops</html>", Map.of("Content-Type", "text/html")),
                transientFailure()));
        cases.add(slack("chat.postMessage 500, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(500), transientFailure()));
        cases.add(slack("chat.postMessage 429 without Retry-After, every attempt", "chat.postMessage", 4,
                Sandbox.Fault.status(429), transientFailure()));
        // the Slack client itself re-tries a dropped connection, so drop far more often than Patience tries
        cases.add(slack("chat.postMessage connection dropped, again and again", "chat.postMessage", 50,
                Sandbox.Fault.DROP_CONNECTION, transientFailure()));
        return cases;
    }

    // ================================================================== running and judging

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
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

        boolean allowedFailure = run.thrown() instanceof TransientFailure && c.expect() == Expect.OUTCOME_OR_TRANSIENT;
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

        if (c.category() == Category.EVENTS) {
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
        stdout.println("[" + c + "] " + abbreviate(log.toString(StandardCharsets.UTF_8).strip()));
        return new Run(outcome, thrown, sandbox.posts(), world);
    }

    static String outcomeName(Run run) {
        if (run.thrown() != null) {
            return run.thrown() instanceof TransientFailure ? "transient failure"
                    : "thrown " + run.thrown().getClass().getSimpleName();
        }
        return run.outcome().getClass().getSimpleName().toLowerCase();
    }

    @Test
    @Order(3)
    void figures() {
        List<Verdict> verdicts = corpus().map(HostileInputTest::verdictOf).toList();
        List<Verdict> counted = verdicts.stream().filter(v -> !KNOWN_BUGS.containsKey(v.c().name())).toList();
        Map<String, Long> byCategory = new LinkedHashMap<>();
        for (Category category : Category.values()) {
            byCategory.put(category.label, verdicts.stream().filter(v -> v.c().category() == category).count());
        }
        Map<String, Long> outcomes = new TreeMap<>(verdicts.stream()
                .collect(Collectors.groupingBy(Verdict::outcome, Collectors.counting())));
        List<Verdict> known = verdicts.stream().filter(v -> KNOWN_BUGS.containsKey(v.c().name())).toList();
        String line = "hostile input: " + verdicts.size() + " cases ("
                + byCategory.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + "): "
                + tally(counted) + " in the " + counted.size() + " cases not in KNOWN_BUGS; "
                + tally(known) + " in the " + known.size() + " KNOWN_BUGS (skipped); outcomes: "
                + outcomes.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        System.out.println(line);
        assertTrue(verdicts.size() >= 50, "the corpus needs at least 50 cases");
        assertEquals(verdicts.size(), corpus().map(Case::name).distinct().count(), "case names must be unique");
        assertEquals(List.of(), KNOWN_BUGS.keySet().stream()
                .filter(name -> verdicts.stream().noneMatch(v -> v.c().name().equals(name))).toList(),
                "KNOWN_BUGS names a case that is not in the corpus");
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

    private static final Pattern LINK = Pattern.compile("<(https?://[^\\s<>|]+)(?:\\|([^<>]*))?>");
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!amp;|lt;|gt;)");

    /**
     * Fails unless {@code mrkdwn} is safe to post: no mention or command ({@code <!}, {@code <@},
     * {@code <#}), no {@code <} or {@code >} except in a link to one of {@link #OUR_LINKS}, every
     * {@code &} an escape ({@code &amp;}, {@code &lt;}, {@code &gt;}), no control character but the
     * newline, no broken surrogate pair, and at most {@value #TEXT_LIMIT} characters.
     */
    static void assertSafeMrkdwn(String mrkdwn) {
        assertSafeMrkdwn(mrkdwn, TEXT_LIMIT);
    }

    static void assertSafeMrkdwn(String mrkdwn, int maxLength) {
        List<String> problems = mrkdwnProblems(mrkdwn, maxLength);
        if (!problems.isEmpty()) {
            fail("unsafe mrkdwn " + problems + " in: " + abbreviate(mrkdwn));
        }
    }

    static List<String> mrkdwnProblems(String s, int maxLength) {
        List<String> problems = new ArrayList<>();
        if (s.length() >= maxLength) {
            problems.add(s.length() + " characters, the limit is " + maxLength);
        }
        for (String mention : List.of("<!", "<@", "<#")) {
            if (s.contains(mention)) {
                problems.add("contains " + mention);
            }
        }
        Matcher link = LINK.matcher(s);
        StringBuilder outsideLinks = new StringBuilder();
        int from = 0;
        while (link.find()) {
            String url = link.group(1);
            if (OUR_LINKS.stream().noneMatch(url::startsWith)) {
                problems.add("a link we did not make: " + abbreviate(link.group()));
            }
            outsideLinks.append(s, from, link.start()).append(' ');
            from = link.end();
        }
        outsideLinks.append(s.substring(from));
        int angle = indexOfAny(outsideLinks, "<>");
        if (angle >= 0) {
            problems.add("'" + outsideLinks.charAt(angle) + "' outside a link near: "
                    + abbreviate(outsideLinks.substring(Math.max(0, angle - 20),
                    Math.min(outsideLinks.length(), angle + 20))));
        }
        Matcher ampersand = BARE_AMPERSAND.matcher(s);
        if (ampersand.find()) {
            problems.add("'&' that is not an escape near: "
                    + abbreviate(s.substring(ampersand.start(), Math.min(s.length(), ampersand.start() + 20))));
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                problems.add("broken surrogate pair at " + i);
                break;
            } else if ((ch < 0x20 && ch != '\n') || ch == 0x7f) {
                problems.add(String.format("control character U+%04X at %d", (int) ch, i));
                break;
            }
        }
        return problems;
    }

    private static int indexOfAny(CharSequence s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Everything a post shows: its text, and every string in its attachments (text, fallback...). */
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

    static String shown(Sandbox.SlackPost post) {
        return post.text() + "\n" + attachments(post).stream().map(a -> a.path("text").asText())
                .collect(Collectors.joining("\n"));
    }

    @Test
    @Order(2)
    void theCheckerPassesWhatWeSendAndCatchesWhatWeMustNot() {
        assertSafeMrkdwn(":broken_heart: Eve &lt;eve&gt; &amp; co's "
                + "<https://us-east-1.console.aws.amazon.com/codesuite/codebuild/1/projects/p/build/p%3A1|p build>"
                + " - failed\ncommit <https://github.com/acme/widgets/commit/abc|abc1234> (&lt;!channel&gt; "
                + "\uD83D\uDE00 *ok*) in <https://github.com/acme/widgets/pull/42|pr/42>");
        assertSafeMrkdwn("");
        Map<String, String> unsafe = new LinkedHashMap<>();
        unsafe.put("<!channel> hi", "contains <!");
        unsafe.put("hey <@U0BOB00002>", "contains <@");
        unsafe.put("in <#C0BUILDS01>", "contains <#");
        unsafe.put("<https://evil.example|click>", "a link we did not make");
        unsafe.put("<https://github.com/acme/widgets/x|a> <b", "'<' outside a link");
        unsafe.put("1 > 0", "'>' outside a link");
        unsafe.put("Tom & Jerry", "'&' that is not an escape");
        unsafe.put("&amp &quot;", "'&' that is not an escape");
        unsafe.put("cut \uD83D", "broken surrogate pair");
        unsafe.put("\uDE00 alone", "broken surrogate pair");
        unsafe.put("tab\there", "control character U+0009");
        unsafe.put("nul\u0000", "control character U+0000");
        unsafe.put("x".repeat(TEXT_LIMIT), "characters, the limit is");
        unsafe.forEach((text, problem) -> {
            List<String> found = mrkdwnProblems(text, TEXT_LIMIT);
            assertTrue(found.stream().anyMatch(p -> p.contains(problem)),
                    () -> abbreviate(text) + ": expected '" + problem + "', found " + found);
            AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> assertSafeMrkdwn(text));
            assertTrue(error.getMessage().contains(problem), error.getMessage());
        });
        assertTrue(mrkdwnProblems("y".repeat(ATTACHMENT_TEXT_LIMIT - 1), ATTACHMENT_TEXT_LIMIT).isEmpty());
    }

    @Test
    @Order(2)
    void postsAreCheckedInTextAndEveryAttachmentField() {
        Sandbox.SlackPost clean = new Sandbox.SlackPost("U1", "D1", "a &amp; b",
                "[{\"text\":\"fine\",\"fallback\":\"fine\",\"color\":\"danger\"}]", null);
        assertEquals(List.of(), postProblems(clean));
        Sandbox.SlackPost badFallback = new Sandbox.SlackPost("U1", "D1", "fine",
                "[{\"text\":\"fine\"},{\"fallback\":\"<!here>\"}]", null);
        List<String> problems = postProblems(badFallback);
        assertTrue(!problems.isEmpty() && problems.stream().allMatch(p -> p.startsWith("attachment fallback: ")),
                problems.toString());
        Sandbox.SlackPost longAttachment = new Sandbox.SlackPost("U1", "D1", "fine",
                JSON.createArrayNode().add(JSON.createObjectNode().put("text", "z".repeat(5000))).toString(), null);
        assertEquals(List.of(), postProblems(longAttachment), "attachment text may run to 8,000 characters");
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
            sandbox.putGitHubCommit("acme", "widgets", commit);
            return w.send(w.gitHubBuild("pr/42", sha, START, "FAILED"), "FAILED");
        }, check);
    }

    /** GitHub answers every request for the commit with {@code fault}. */
    static Case gitHubAnswers(String name, Sandbox.Fault fault, Check check) {
        return new Case(Category.GIT_HOST, name, Expect.OUTCOME_OR_TRANSIENT, w -> {
            String arn = build(w);
            sandbox.failNext("github", "*", 4, fault);
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
        sandbox.putCodeCommitCommit("billing", commit);
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
            sandbox.failNext("slack", method, times, fault);
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

    static Check linesAtMost(int lines) {
        return run -> run.posts().forEach(post -> attachments(post).forEach(a ->
                assertTrue(a.path("text").asText().split("\n", -1).length <= lines,
                        () -> "user text started a line of its own: " + abbreviate(a.path("text").asText()))));
    }

    static Check attachmentShorterThan(int length) {
        return run -> run.posts().forEach(post -> attachments(post).forEach(a ->
                assertTrue(a.path("text").asText().length() < length,
                        () -> "attachment text of " + a.path("text").asText().length() + " characters")));
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
