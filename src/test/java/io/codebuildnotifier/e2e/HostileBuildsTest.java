package io.codebuildnotifier.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What CodeBuild's {@code BatchGetBuilds} answers for an event, and what it repeats of what
 * anyone who can push writes: statuses that disagree with the event, builds it does not know, the
 * failing command in a phase's context, exported webhook variables.
 */
class HostileBuildsTest extends HostileInput {

    @Override
    List<Case> corpus() {
        return cases();
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // statuses and builds CodeBuild answers for a valid envelope
        cases.add(odd("the event says SUCCEEDED, CodeBuild says FAILED", w -> World.event(build(w), "SUCCEEDED")));
        cases.add(new Case(Category.EVENTS, "the event says FAILED while CodeBuild still says IN_PROGRESS",
                Expect.OUTCOME_OR_TRANSIENT,
                w -> w.deliver(World.event(build(w, "IN_PROGRESS"), "FAILED")), nothing()));
        cases.add(invalid("a valid envelope for a build CodeBuild does not know", w -> World.event(
                "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:00000000-0000-0000-0000-000000000000",
                "FAILED")));
        cases.add(invalid("an ARN of another region and account", w -> event(
                "arn:aws:codebuild:eu-west-1:999999999999:build/widgets-ci:11111111-1111-1111-1111-111111111111",
                "FAILED", e -> e.put("account", "999999999999").put("region", "eu-west-1"))));
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
                .and(linesAtMost(5)).and(attachmentShorterThan(3000)))); // headline, commit, PR, phase, streak
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

}
