package io.codebuildnotifier.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What git hosts answer and whoever pushes writes: commit subjects, author names and emails as
 * GitHub and CodeCommit answer them, answers that are not commits, and branch names.
 */
class HostileCommitsTest extends HostileInput {

    @Override
    List<Case> corpus() {
        return cases();
    }

    static List<Case> cases() {
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
                dmTo(JANE).and(linesAtMost(5)))); // headline, commit, PR, phase, streak; the buttons are no text
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
        return cases;
    }
}
