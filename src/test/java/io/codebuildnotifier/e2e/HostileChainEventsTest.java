package io.codebuildnotifier.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.codebuildnotifier.adapter.slack.SlackWire;
import io.codebuildnotifier.kernel.LogText;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Bad input through the delivery chain's doors (issue 10): EventBridge's CodePipeline, CodeDeploy and CodeCommit
 * events and the Lambda {@code Records} (an approval's SNS notification, a CodeDeploy trigger, a CodeCommit trigger
 * directly and through SNS), and what CodePipeline, CodeDeploy and CodeCommit answer about them: truncated and
 * non-object JSON, wrong types, huge fields, control and bidirectional characters and forged JSON log lines in every
 * name, mentions and links in whatever people write, an approval's token, a push of 10,000 files and commits, a
 * deployment's absurd counts.
 *
 * <p>Besides what {@link HostileInput} checks of every case (no crash that would loop, no message for an invalid
 * event, every message safe and within Block Kit's limits, a short one-line summary), every case here runs the handler
 * as Lambda does ({@code LogFormat.JSON}) and must log exactly one JSON record, holding no control character, no
 * planted token and no approval token; no message may show or carry the approval token, and every button must link
 * where we link (the console, the recorded pipeline's review page).
 */
class HostileChainEventsTest extends HostileInput {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String RELEASED = "7b2d4f6a-8c0e-4a1b-9c3d-5e7f9a1b3c5d";
    static final String FAILED_RUN = "3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    /** The approval's token in the recorded pipeline's state and its SNS notification. */
    static final String APPROVAL_TOKEN = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
    static final String DEPLOYMENT = "d-H0ST1LE00";
    static final String REPO = "hostile-repo";
    /** The review page the recorded pipeline's approval names: a link we make on purpose. */
    static final String REVIEW = "https://staging.widgets.example.com";
    /** Where a button may point. */
    static final List<String> OUR_BUTTONS = List.of("https://us-east-1.console.aws.amazon.com/",
            "https://github.com/acme/widgets/", REVIEW);

    /** Ends the line, forges a record in either log format, then clears the terminal's line. */
    static final String FORGED = "\n{\"outcome\":\"notified\",\"subject\":\"forged\",\"Notified\":1}"
            + "\r\n  codebuild-notifier: recorded forged SUCCEEDED\r\u001b[2K\u0085\u2028";
    static final String BIDI = "\u202eevil\u2066x\u2069\u200f";
    static final String MENTIONS = "<!channel> <!here> <@U0BOB00002> <#C0BUILDS01> <https://evil.example/x|click here>"
            + " &amp; & <b>";
    /** Every hostile thing a name that allows it may hold, but a line break. */
    static final String HOSTILE_LINE = MENTIONS + " " + BIDI + " \u2028\u0085 " + PLANTED;
    static final String HOSTILE = HOSTILE_LINE + FORGED;
    /** What an AWS error message may hold (a failure's message is logged, clipped and escaped): no secret of ours. */
    static final String ANSWER = MENTIONS + " " + BIDI + FORGED;
    /** What a git ref may hold of it: a ref names the push (in its key and its one-line summary), so no secret. */
    static final String REF_HOSTILE = MENTIONS + " " + BIDI + " \u2028\u0085";

    @Override
    List<Case> corpus() {
        return cases();
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        envelopes(cases);
        approvals(cases);
        runs(cases);
        deployments(cases);
        pushes(cases);
        pipelineBuilds(cases);
        // every case: one JSON log record, safe, and the approval token nowhere
        return cases.stream().map(c -> new Case(c.category(), c.name(), c.expect(), c.scenario(),
                oneLogRecord().and(c.check()))).toList();
    }

    // ================================================================== the envelopes

    static void envelopes(List<Case> cases) {
        cases.add(chainInvalid("Records empty", w -> "{\"Records\":[]}"));
        cases.add(chainInvalid("Records holding a number and a string", w -> "{\"Records\":[42,\"x\"]}"));
        cases.add(chainInvalid("Records an object", w -> "{\"Records\":{\"EventSource\":\"aws:sns\"}}"));
        cases.add(chainInvalid("Records nested 10,000 levels deep", w -> "{\"Records\":" + "[".repeat(10_000)
                + "]".repeat(10_000) + "}"));
        cases.add(chainInvalid("an SNS message that is not JSON", w -> sns("{not json" + FORGED)));
        cases.add(chainInvalid("an SNS message that is a JSON array", w -> sns("[" + snsApprovalMessage(a -> { })
                + "]")));
        cases.add(chainInvalid("an SNS message that is a number", w -> {
            ObjectNode root = (ObjectNode) read(sns("{}"));
            ((ObjectNode) root.get("Records").get(0).get("Sns")).put("Message", 42);
            return root.toString();
        }));
        cases.add(chainInvalid("an SNS approval truncated halfway", w -> {
            String message = snsApprovalMessage(a -> { });
            return sns(message.substring(0, message.length() / 2));
        }));
        cases.add(chainInvalid("an SNS message of 300 KB", w -> sns(snsApprovalMessage(a -> a.put("customData",
                "x".repeat(300_000))))));
        cases.add(chainInvalid("two SNS records in one event", w -> {
            ObjectNode root = (ObjectNode) read(sns(snsApprovalMessage(a -> { })));
            ((ArrayNode) root.get("Records")).add(root.get("Records").get(0).deepCopy());
            return root.toString();
        }));
        cases.add(chainInvalid("an SNS message of another service", w -> sns("{\"AlarmName\":\"" + HOSTILE_LINE
                + "\",\"NewStateValue\":\"ALARM\"}")));
        cases.add(chainInvalid("Records of an unknown source", w -> "{\"Records\":[{\"eventSource\":\"aws:s3\","
                + "\"s3\":{\"object\":{\"key\":\"<!channel>\"}}}]}"));
        cases.add(chainInvalid("a pipeline event truncated halfway", w -> {
            String event = World.sample("pipeline-failed.json");
            return event.substring(0, event.length() / 2);
        }));
        cases.add(chainInvalid("a pipeline event whose detail is a string", w -> changed("pipeline-failed.json",
                e -> e.put("detail", e.get("detail").toString()))));
        cases.add(chainInvalid("a pipeline event whose detail is an array", w -> changed("pipeline-failed.json",
                e -> {
                    JsonNode detail = e.get("detail");
                    e.putArray("detail").add(detail);
                })));
        cases.add(chainInvalid("a CodePipeline detail-type from another source", w -> changed("pipeline-failed.json",
                e -> e.put("source", "evil.pipelines"))));
        cases.add(chainInvalid("a CodeDeploy detail-type from the CodeCommit source", w -> deploymentEvent(w,
                e -> e.put("source", "aws.codecommit"))));
        cases.add(chainOdd("a region that is a host name", w -> changed("pipeline-failed.json", e -> {
            e.put("region", "evil.example/x?");
            detail(e).put("region", "evil.example/x?");
        }), onlyOurLinks()));
        cases.add(chainOdd("a region of 5 MB", w -> changed("pipeline-failed.json",
                e -> e.put("region", "u".repeat(5_000_000))), nothing()));
        cases.add(chainOdd("time, account and resources of the wrong types", w -> changed("pipeline-failed.json", e -> {
            e.put("time", 12).putObject("account");
            e.put("resources", "<!channel>");
        }), nothing()));
    }

    // ================================================================== approvals

    static void approvals(List<Case> cases) {
        for (String field : List.of("pipeline", "stage", "action")) {
            cases.add(chainInvalid("approval " + field + " holding mentions, bidi controls and a token",
                    w -> approvalEvent(w, "STARTED", d -> d.put(field, HOSTILE_LINE))));
            cases.add(chainInvalid("approval " + field + " forging a JSON log line",
                    w -> approvalEvent(w, "STARTED", d -> d.put(field, "web-release" + FORGED))));
            cases.add(chainInvalid("approval " + field + " 5,000 characters long",
                    w -> approvalEvent(w, "STARTED", d -> d.put(field, "w".repeat(5_000)))));
            cases.add(chainInvalid("approval " + field + " a number",
                    w -> approvalEvent(w, "STARTED", d -> d.put(field, 7))));
        }
        cases.add(chainInvalid("approval execution-id an array", w -> approvalEvent(w, "STARTED",
                d -> d.putArray("execution-id").add(RELEASED))));
        cases.add(chainInvalid("approval execution-id forging a line", w -> approvalEvent(w, "STARTED",
                d -> d.put("execution-id", RELEASED + FORGED))));
        cases.add(chainInvalid("action category a planted token", w -> approvalEvent(w, "STARTED",
                d -> ((ObjectNode) d.get("type")).put("category", PLANTED + FORGED))));
        cases.add(chainInvalid("action type a string", w -> approvalEvent(w, "STARTED", d -> d.put("type", "Approval"))));
        cases.add(chainOdd("approval state a hostile string", w -> approvalEvent(w, HOSTILE, d -> { }), nobodyTold()));
        cases.add(chainOdd("the pipeline's custom data and review link are hostile", w -> {
            ObjectNode pipeline = fixture("pipeline.json");
            approvalAction(pipeline).with("configuration").put("CustomData", HOSTILE + "z".repeat(10_000))
                    .put("ExternalEntityLink", "https://evil.example/a b|<!channel>\n" + FORGED);
            w.sandbox.putPipeline((ObjectNode) pipeline.get("pipeline"));
            return approvalEvent(w, "STARTED", d -> { });
        }, toldOnce().and(noForeignButton())));
        cases.add(chainOdd("the pipeline's review link is javascript", w -> {
            ObjectNode pipeline = fixture("pipeline.json");
            approvalAction(pipeline).with("configuration").put("ExternalEntityLink", "javascript:alert(1)");
            w.sandbox.putPipeline((ObjectNode) pipeline.get("pipeline"));
            return approvalEvent(w, "STARTED", d -> { });
        }, toldOnce().and(noForeignButton())));
        cases.add(new Case(Category.AWS, "an execution's revision summary and link are hostile", Expect.OUTCOME_OR_TRANSIENT,
                w -> {
                    setUp(w);
                    ObjectNode execution = (ObjectNode) fixture("executions/" + RELEASED + ".json").get("pipelineExecution");
                    ObjectNode revision = (ObjectNode) execution.get("artifactRevisions").get(0);
                    revision.put("revisionSummary", "{\"ProviderType\":\"GitHub\",\"CommitMessage\":\"" + MENTIONS
                            + " " + BIDI + " " + "s".repeat(50_000) + "\"}")
                            .put("revisionUrl", "https://evil.example/|<!channel>> x")
                            .put("name", HOSTILE).put("revisionId", HOSTILE);
                    w.sandbox.putPipelineExecution(World.PIPELINE, execution);
                    return w.deliver(approvalEvent(w, "STARTED", d -> { }));
                }, toldOnce()));
        cases.add(new Case(Category.AWS, "an execution with 10,000 revisions", Expect.OUTCOME_OR_TRANSIENT, w -> {
            setUp(w);
            ObjectNode execution = (ObjectNode) fixture("executions/" + RELEASED + ".json").get("pipelineExecution");
            ArrayNode revisions = execution.putArray("artifactRevisions");
            for (int i = 0; i < 10_000; i++) {
                revisions.addObject().put("name", "Source" + i).put("revisionId", String.format("%040x", i))
                        .put("revisionSummary", "<!channel> change " + i);
            }
            w.sandbox.putPipelineExecution(World.PIPELINE, execution);
            return w.deliver(approvalEvent(w, "STARTED", d -> { }));
        }, toldOnce()));
        cases.add(new Case(Category.AWS, "the approver's ARN and comment are hostile", Expect.OUTCOME_OR_TRANSIENT, w -> {
            setUp(w);
            unlogged(() -> w.deliver(approvalEvent(w, "STARTED", d -> { })));
            w.sandbox.clearRecordings();
            List<ObjectNode> runs = new ArrayList<>();
            fixture("action-executions.json").get("actionExecutionDetails").forEach(r -> {
                ObjectNode run = (ObjectNode) r.deepCopy();
                if (run.path("actionName").asText().equals("ApproveRelease")) {
                    run.put("updatedBy", "arn:aws:iam::123456789012:user/" + HOSTILE);
                    ((ObjectNode) run.path("output").path("executionResult"))
                            .put("externalExecutionSummary", HOSTILE + "c".repeat(20_000));
                }
                runs.add(run);
            });
            w.sandbox.putActionExecutions(World.PIPELINE, runs);
            return w.deliver(World.sample("approval-approved.json"));
        }, run -> assertTrue(run.world().sandbox.slackMessages().stream().anyMatch(m -> m.updates() == 1),
                "the message is updated in place")));
        cases.add(chainOdd("an SNS approval whose custom data holds the token, mentions and a forged line",
                w -> sns(snsApprovalMessage(a -> a.put("customData", "approve with " + APPROVAL_TOKEN + " " + HOSTILE))),
                toldOnce()));
        cases.add(chainOdd("an SNS approval whose review link carries the token", w -> sns(snsApprovalMessage(a ->
                a.put("externalEntityLink", "https://review.example/?t=" + APPROVAL_TOKEN))), toldOnce()));
        cases.add(chainOdd("an SNS approval whose token is not the current one", w -> sns(snsApprovalMessage(a ->
                a.put("token", UUID.randomUUID().toString()))), nobodyTold()));
        cases.add(chainInvalid("an SNS approval whose token forges a line", w -> sns(snsApprovalMessage(a ->
                a.put("token", APPROVAL_TOKEN + FORGED)))));
        cases.add(chainInvalid("an SNS approval whose token is a planted secret", w -> sns(snsApprovalMessage(a ->
                a.put("token", PLANTED)))));
        cases.add(chainInvalid("an SNS approval whose names are objects", w -> sns(snsApprovalMessage(a -> {
            a.putObject("pipelineName").put("name", "web-release");
            a.putArray("stageName");
        }))));
        cases.add(chainOdd("an SNS approval that expires in the year 999999999", w -> sns(snsApprovalMessage(a ->
                a.put("expires", "+999999999-12-31T23:59:59Z"))), toldOnce()));
        cases.add(chainOdd("an SNS approval whose expiry and region are hostile", w -> sns(snsApprovalMessage(a ->
                a.put("expires", HOSTILE)).replace("\"us-east-1\"", "\"evil.example/\"")), onlyOurLinks()));
    }

    // ================================================================== runs

    static void runs(List<Case> cases) {
        cases.add(chainInvalid("run pipeline holding mentions", w -> changed("pipeline-failed.json",
                e -> detail(e).put("pipeline", "<!channel>"))));
        cases.add(chainInvalid("run execution-id forging a line", w -> changed("pipeline-failed.json",
                e -> detail(e).put("execution-id", FAILED_RUN + FORGED))));
        cases.add(chainOdd("run state 5 MB long", w -> changed("pipeline-failed.json",
                e -> detail(e).put("state", "F".repeat(5_000_000))), nobodyTold()));
        cases.add(chainOdd("run trigger type and detail hostile", w -> changed("pipeline-failed.json",
                e -> detail(e).putObject("execution-trigger").put("trigger-type", HOSTILE)
                        .put("trigger-detail", "arn:aws:iam::123456789012:user/" + HOSTILE + "t".repeat(100_000))),
                nothing()));
        cases.add(new Case(Category.AWS, "a failed action's error summary and code are hostile",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    setUp(w);
                    List<ObjectNode> runs = new ArrayList<>();
                    fixture("action-executions.json").get("actionExecutionDetails").forEach(r -> {
                        ObjectNode run = (ObjectNode) r.deepCopy();
                        if (run.path("status").asText().equals("Failed")) {
                            ObjectNode result = (ObjectNode) run.path("output").path("executionResult");
                            result.put("externalExecutionSummary", HOSTILE + "e".repeat(100_000));
                            result.putObject("errorDetails").put("code", HOSTILE).put("message", HOSTILE);
                            run.put("stageName", HOSTILE).put("actionName", HOSTILE);
                        }
                        runs.add(run);
                    });
                    w.sandbox.putActionExecutions(World.PIPELINE, runs);
                    return w.deliver(World.sample("pipeline-failed.json"));
                }, nothing()));
        cases.add(new Case(Category.AWS, "GetPipeline answers an action without a name", Expect.OUTCOME_OR_TRANSIENT,
                w -> {
                    setUp(w);
                    ObjectNode pipeline = fixture("pipeline.json");
                    ObjectNode stage = (ObjectNode) pipeline.get("pipeline").get("stages").get(0);
                    ((ObjectNode) stage.get("actions").get(0)).remove("name");
                    stage.remove("name");
                    ((ObjectNode) stage.get("actions").get(0).get("configuration")).putNull("BranchName");
                    w.sandbox.putPipeline((ObjectNode) pipeline.get("pipeline"));
                    return w.deliver(World.sample("pipeline-failed.json"));
                }, nothing()));
        cases.add(aws("GetPipelineExecution answers 200 with no execution", "codepipeline", "GetPipelineExecution",
                awsJson("{}"), w -> World.sample("pipeline-failed.json"), nothing()));
        cases.add(aws("GetPipelineExecution answers 200 with HTML", "codepipeline", "GetPipelineExecution",
                Sandbox.Fault.status(200, "<html>" + HOSTILE + "</html>", java.util.Map.of("Content-Type", "text/html")),
                w -> World.sample("pipeline-failed.json"), nothing()));
        cases.add(new Case(Category.AWS, "ListActionExecutions answers a mrkdwn error", Expect.FAILS, w -> {
            setUp(w);
            w.sandbox.failNext("codepipeline", "ListActionExecutions", 8,
                    Sandbox.Fault.awsError(400, "ValidationException", ANSWER));
            return w.deliver(World.sample("pipeline-failed.json"));
        }, run -> assertTrue(run.thrown() instanceof io.codebuildnotifier.kernel.MisconfigurationFailure,
                () -> "an error CodePipeline should not give is the function's to fix: " + describe(run))));
        cases.add(denied("GetPipelineState is denied for an approval", "codepipeline", "GetPipelineState",
                w -> approvalEvent(w, "STARTED", d -> { })));
        cases.add(denied("GetPipelineExecution is denied", "codepipeline", "GetPipelineExecution",
                w -> World.sample("pipeline-failed.json")));
        cases.add(aws("CodePipeline throttles every attempt", "codepipeline", "GetPipelineExecution",
                Sandbox.Fault.awsError(400, "ThrottlingException", "Rate exceeded " + ANSWER),
                w -> World.sample("pipeline-failed.json"), transientFailure()));
    }

    // ================================================================== deployments

    static void deployments(List<Case> cases) {
        cases.add(chainInvalid("deploymentId in lower case", w -> deploymentEvent(w,
                e -> detail(e).put("deploymentId", "d-h0st1le00"))));
        cases.add(chainInvalid("deploymentId forging a line", w -> deploymentEvent(w,
                e -> detail(e).put("deploymentId", DEPLOYMENT + FORGED))));
        cases.add(chainInvalid("deployment application forging a line", w -> deploymentEvent(w,
                e -> detail(e).put("application", "web" + FORGED))));
        cases.add(chainInvalid("deployment group 5,000 characters long", w -> deploymentEvent(w,
                e -> detail(e).put("deploymentGroup", "g".repeat(5_000)))));
        cases.add(chainInvalid("deployment group with bidi controls", w -> deploymentEvent(w,
                e -> detail(e).put("deploymentGroup", "prod" + BIDI))));
        cases.add(chainOdd("deployment application and group holding mentions", w -> deploymentEvent(w, e -> {
            detail(e).put("application", "<!channel> & <@U0BOB00002>").put("deploymentGroup", "<https://evil|x>");
            w.sandbox.putDeployment(deploymentInfo(i -> i.put("applicationName", "<!channel> & <@U0BOB00002>")
                    .put("deploymentGroupName", "<https://evil|x>")));
        }), toldOnce()));
        cases.add(new Case(Category.AWS, "a deployment's overview holds absurd numbers", Expect.OUTCOME_OR_TRANSIENT,
                w -> {
                    String event = deploymentEvent(w, e -> { });
                    w.sandbox.putDeployment(deploymentInfo(i -> i.putObject("deploymentOverview")
                            .put("Pending", Long.MAX_VALUE).put("InProgress", Long.MAX_VALUE)
                            .put("Succeeded", -5).put("Failed", Long.MIN_VALUE).put("Skipped", Long.MAX_VALUE)
                            .put("Ready", Long.MIN_VALUE)));
                    return w.deliver(event);
                }, toldOnce().and(shows("0 succeeded")).and(run -> assertFalse(run.shown().contains("-"
                + "5 succeeded"), run.shown()))));
        cases.add(new Case(Category.AWS, "a deployment's error, creator, times and rollback are hostile",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    String event = deploymentEvent(w, e -> detail(e).put("state", "FAILURE"));
                    w.sandbox.putDeployment(deploymentInfo(i -> {
                        i.put("status", "Failed").put("creator", HOSTILE).put("createTime", 32_503_680_000L)
                                .put("completeTime", 0);
                        i.putObject("errorInformation").put("code", HOSTILE).put("message", HOSTILE + "m".repeat(100_000));
                        i.putObject("rollbackInfo").put("rollbackDeploymentId", HOSTILE)
                                .put("rollbackMessage", HOSTILE);
                    }));
                    return w.deliver(event);
                }, toldOnce()));
        cases.add(new Case(Category.AWS, "a deployment's GitHub revision is hostile", Expect.OUTCOME_OR_TRANSIENT, w -> {
            String event = deploymentEvent(w, e -> { });
            w.sandbox.putDeployment(deploymentInfo(i -> i.putObject("revision").put("revisionType", "GitHub")
                    .putObject("gitHubLocation").put("repository", "../../evil/<!channel>").put("commitId", HOSTILE)));
            return w.deliver(event);
        }, toldOnce()));
        cases.add(denied("GetDeployment is denied", "codedeploy", "GetDeployment", w -> deploymentEvent(w, e -> { })));
        cases.add(aws("GetDeployment answers 200 with no deployment", "codedeploy", "GetDeployment", awsJson("{}"),
                w -> deploymentEvent(w, e -> { }), rejected()));
        cases.add(aws("GetDeployment answers deploymentInfo as a string", "codedeploy", "GetDeployment",
                awsJson("{\"deploymentInfo\":\"" + "<!channel>" + "\"}"), w -> deploymentEvent(w, e -> { }), nothing()));
        for (String service : List.of("codedeploy:GetDeployment", "codepipeline:GetPipelineExecution")) {
            String[] call = service.split(":");
            cases.add(new Case(Category.AWS, call[1] + " answers a 403 that is not AccessDenied", Expect.FAILS, w -> {
                setUp(w);
                String json = call[0].equals("codedeploy") ? deploymentEvent(w, e -> { })
                        : World.sample("pipeline-failed.json");
                w.sandbox.failNext(call[0], call[1], 8,
                        Sandbox.Fault.awsError(403, "InvalidSignatureException", "Signature expired " + ANSWER));
                return w.deliver(json);
            }, run -> assertTrue(run.thrown() instanceof io.codebuildnotifier.kernel.MisconfigurationFailure,
                    () -> "a broken signature is the function's misconfiguration, not the event's fault: "
                            + describe(run))));
        }
        cases.add(new Case(Category.EVENTS, "a deployment CodeDeploy does not know", Expect.ANY_OUTCOME,
                w -> {
                    setUp(w);
                    return w.deliver(deploymentEvent(w, e -> detail(e).put("deploymentId", "d-N0TTHERE0")));
                }, rejected().and(nobodyTold())));
        cases.add(chainOdd("a CodeDeploy trigger whose overview is not JSON and status is hostile",
                w -> deploymentTrigger(w, m -> m.put("deploymentOverview", "{" + HOSTILE).put("status", HOSTILE)),
                nobodyTold()));
        cases.add(chainInvalid("a CodeDeploy trigger whose application forges a line",
                w -> deploymentTrigger(w, m -> m.put("applicationName", "web" + FORGED))));
        cases.add(chainInvalid("a CodeDeploy trigger about an instance", w -> deploymentTrigger(w,
                m -> m.put("instanceId", "i-0123456789abcdef0").put("instanceStatus", "Failed"))));
        cases.add(chainOdd("a CodeDeploy trigger whose region and account are hostile", w -> deploymentTrigger(w,
                m -> m.put("region", "evil.example/").put("accountId", HOSTILE)), toldOnce().and(onlyOurLinks())));
    }

    // ================================================================== pushes

    static void pushes(List<Case> cases) {
        cases.add(chainInvalid("push repositoryName holding mentions", w -> pushEvent(w, d ->
                d.put("repositoryName", "<!channel>"))));
        cases.add(chainInvalid("push repositoryName forging a line", w -> pushEvent(w, d ->
                d.put("repositoryName", REPO + FORGED))));
        cases.add(chainInvalid("push referenceName forging a line", w -> pushEvent(w, d ->
                d.put("referenceName", "main" + FORGED))));
        cases.add(chainInvalid("push referenceType a number", w -> pushEvent(w, d -> d.put("referenceType", 1))));
        cases.add(chainOdd("push commitId not a commit", w -> pushEvent(w, d -> d.put("commitId", HOSTILE)),
                nobodyTold()));
        cases.add(chainOdd("push referenceName holding mentions, bidi and line separators", w -> pushEvent(w, d ->
                d.put("referenceName", REF_HOSTILE)), toldOnce().and(onlyOurLinks())));
        cases.add(chainOdd("push referenceName 255 characters of emoji", w -> pushEvent(w, d ->
                d.put("referenceName", "\uD83D\uDE00".repeat(127) + "x")), toldOnce()));
        cases.add(chainOdd("push callerUserArn hostile", w -> pushEvent(w, d ->
                d.put("callerUserArn", "arn:aws:iam::123456789012:user/" + HOSTILE_LINE)), toldOnce()));
        cases.add(chainOdd("push callerUserArn forging a line", w -> pushEvent(w, d ->
                d.put("callerUserArn", "arn:aws:iam::123456789012:user/jane" + FORGED)), toldOnce()));
        cases.add(new Case(Category.AWS, "pushed commits' subjects, authors and file paths are hostile",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    String event = pushEvent(w, d -> { });
                    history(w, 3, i -> HOSTILE + " " + i, HOSTILE_LINE);
                    ArrayNode files = JSON.createArrayNode();
                    files.addObject().put("changeType", "A").putObject("afterBlob").put("path", HOSTILE + "p".repeat(5_000));
                    files.addObject().put("changeType", "X").putObject("afterBlob").put("path", "<!channel>");
                    files.addObject().put("changeType", "D");
                    files.addObject().put("changeType", "M").putObject("afterBlob").putNull("path");
                    w.sandbox.putCodeCommitDifferences(REPO, sha(0), sha(3), files);
                    return w.deliver(event);
                }, toldOnce()));
        cases.add(new Case(Category.AWS, "a push of 10,000 commits and 10,000 files", Expect.OUTCOME_OR_TRANSIENT, w -> {
            String event = pushEvent(w, d -> d.put("commitId", sha(10_000)));
            history(w, 10_000, i -> "<!here> change " + i, "Carol");
            ArrayNode files = JSON.createArrayNode();
            for (int i = 0; i < 10_000; i++) {
                files.addObject().put("changeType", "M").putObject("afterBlob").put("path", "src/<!channel>/f" + i);
            }
            w.sandbox.putCodeCommitDifferences(REPO, sha(0), sha(10_000), files);
            return w.deliver(event);
        }, toldOnce().and(shows("and 90 more commits")).and(run -> assertTrue(
                run.world().sandbox.count("codecommit", "GetCommit") <= 100, "at most 100 commits read"))));
        cases.add(denied("GetCommit is denied", "codecommit", "GetCommit", w -> {
            String event = pushEvent(w, d -> { });
            history(w, 3, i -> "change " + i, "Carol");
            return event;
        }));
        cases.add(aws("GetCommit answers 200 with no commit", "codecommit", "GetCommit", awsJson("{}"),
                w -> {
                    String event = pushEvent(w, d -> { });
                    history(w, 3, i -> "change " + i, "Carol");
                    return event;
                }, nothing()));
        cases.add(new Case(Category.AWS, "a commit that is its own parent", Expect.OUTCOME_OR_TRANSIENT, w -> {
            String event = pushEvent(w, d -> d.put("oldCommitId", sha(1)));
            ObjectNode commit = JSON.createObjectNode().put("commitId", sha(3)).put("message", "loop");
            commit.putArray("parents").add(sha(3));
            w.sandbox.putCodeCommitCommit(REPO, commit);
            return w.deliver(event);
        }, toldOnce()));
        cases.add(chainInvalid("a CodeCommit trigger whose eventSourceARN forges a line", w -> {
            ObjectNode trigger = trigger(w, "refs/heads/main", sha(3));
            ((ObjectNode) trigger.get("Records").get(0)).put("eventSourceARN",
                    "arn:aws:codecommit:us-east-1:123456789012:" + REPO + FORGED);
            return trigger.toString();
        }));
        cases.add(chainInvalid("a CodeCommit trigger whose reference forges a line", w ->
                trigger(w, "refs/heads/main" + FORGED, sha(3)).toString()));
        cases.add(chainOdd("a CodeCommit trigger through SNS with hostile references and caller", w -> {
            history(w, 3, i -> "change " + i, "Carol");
            ObjectNode trigger = trigger(w, "refs/heads/" + REF_HOSTILE, sha(3), "refs/tags/<!channel>", sha(3));
            ObjectNode record = (ObjectNode) trigger.get("Records").get(0);
            record.put("userIdentityARN", "arn:aws:sts::123456789012:assumed-role/Dev/" + HOSTILE_LINE);
            ((ObjectNode) record.get("codecommit").get("references").get(1)).put("created", "yes");
            return sns(trigger.toString());
        }, onlyOurLinks()));
        cases.add(chainInvalid("a CodeCommit trigger of notes and a pull request's ref only", w ->
                trigger(w, "refs/notes/commits", sha(3), "refs/pull/7/head", sha(3)).toString()));
        cases.add(chainOdd("a CodeCommit trigger whose references are of the wrong types", w -> {
            ObjectNode trigger = trigger(w, "refs/heads/main", sha(3));
            ((ObjectNode) trigger.get("Records").get(0).get("codecommit")).put("references", "<!channel>");
            return trigger.toString();
        }, nobodyTold()));
    }

    // ================================================================== builds that CodePipeline started

    static final String PIPELINE_COMMIT = "af94f3f158b6653b29c2b1c88c89c47690343239";

    static void pipelineBuilds(List<Case> cases) {
        cases.add(new Case(Category.AWS, "a pipeline-started build whose source branch holds mentions and bidi controls",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    setUp(w).with("CBN_WHITELIST_BRANCHES", REF_HOSTILE.strip());
                    return pipelineBuild(w, c -> c.put("BranchName", REF_HOSTILE.strip()), "codepipeline/web-release");
                }, recorded().and(dmTo(JANE, Cast.CHANNEL))));
        cases.add(new Case(Category.AWS, "a pipeline-started build whose source branch forges a line",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    setUp(w).with("CBN_WHITELIST_BRANCHES", "main");
                    return pipelineBuild(w, c -> c.put("BranchName", "main" + FORGED), "codepipeline/web-release");
                }, nobodyTold()));
        cases.add(new Case(Category.AWS, "a pipeline-started build whose source repository is hostile",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    setUp(w).with("CBN_WHITELIST_BRANCHES", "main");
                    return pipelineBuild(w, c -> c.put("FullRepositoryId", "<!channel>/../" + HOSTILE),
                            "codepipeline/web-release");
                }, nobodyTold()));
        cases.add(new Case(Category.AWS, "a pipeline-started build whose initiator forges a line",
                Expect.OUTCOME_OR_TRANSIENT, w -> {
                    setUp(w).with("CBN_WHITELIST_BRANCHES", "main");
                    return pipelineBuild(w, c -> { }, "codepipeline/<!channel>" + FORGED);
                }, nobodyTold()));
        cases.add(new Case(Category.AWS, "a pipeline-started build whose pipeline may not be read",
                Expect.FAILS, w -> {
                    setUp(w).with("CBN_WHITELIST_BRANCHES", "main");
                    w.sandbox.failNext("codepipeline", "GetPipeline", 8,
                            Sandbox.Fault.awsError(400, "AccessDeniedException", ANSWER));
                    return pipelineBuild(w, c -> { }, "codepipeline/web-release");
                }, nobodyTold().and(deniedNaming("codepipeline:GetPipeline"))));
    }

    /**
     * A failed build of web-release-build that the recorded pipeline started at its commit, the pipeline's source
     * action's configuration changed.
     */
    static Outcome pipelineBuild(World w, Consumer<ObjectNode> configuration, String initiator) {
        ObjectNode pipeline = fixture("pipeline.json");
        configuration.accept((ObjectNode) pipeline.get("pipeline").get("stages").get(0).get("actions").get(0)
                .get("configuration"));
        w.sandbox.putPipeline((ObjectNode) pipeline.get("pipeline"));
        String arn = w.build(BuildFixture.of("web-release-build").source("CODEPIPELINE", "")
                .at("", PIPELINE_COMMIT).startedAt(START).status("FAILED"));
        w.changeLastBuild(b -> b.put("initiator", initiator));
        return w.send(arn, "FAILED");
    }

    // ================================================================== the world

    /** Every kind on, every kind's catch-all #builds, the recorded pipeline, JSON log records. */
    static World setUp(World w) {
        w.with("CBN_ADDITIONAL_CHANNEL", Cast.CHANNEL).with("CBN_NOTIFY_PUSHES", "true").logJson();
        w.recordedPipeline();
        return w;
    }

    static ObjectNode fixture(String path) {
        try {
            return (ObjectNode) JSON.readTree(Path.of("events", "sandbox", "codepipeline", World.PIPELINE)
                    .resolve(path).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode approvalAction(ObjectNode pipeline) {
        for (JsonNode stage : pipeline.get("pipeline").get("stages")) {
            for (JsonNode action : stage.get("actions")) {
                if (action.path("name").asText().equals("ApproveRelease")) {
                    return (ObjectNode) action;
                }
            }
        }
        throw new IllegalStateException("the recorded pipeline has no approval");
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample event of {@code events/}, changed. */
    static String changed(String sample, Consumer<ObjectNode> change) {
        ObjectNode event = (ObjectNode) read(World.sample(sample));
        event.put("id", UUID.randomUUID().toString());
        change.accept(event);
        return event.toString();
    }

    static String approvalEvent(World w, String state, Consumer<ObjectNode> change) {
        return changed("approval-started.json", e -> {
            detail(e).put("state", state);
            change.accept(detail(e));
        });
    }

    /** The approval's SNS notification's message (the JSON its {@code Sns.Message} holds), changed. */
    static String snsApprovalMessage(Consumer<ObjectNode> approval) {
        ObjectNode message = (ObjectNode) read(read(World.sample("approval-sns.json")).get("Records").get(0)
                .get("Sns").get("Message").asText());
        approval.accept((ObjectNode) message.get("approval"));
        return message.toString();
    }

    /** An SNS record delivering {@code message}. */
    static String sns(String message) {
        ObjectNode root = (ObjectNode) read(World.sample("approval-sns.json"));
        ((ObjectNode) root.get("Records").get(0).get("Sns")).put("Message", message)
                .put("MessageId", UUID.randomUUID().toString());
        return root.toString();
    }

    static ObjectNode deploymentInfo(Consumer<ObjectNode> change) {
        ObjectNode info = JSON.createObjectNode().put("deploymentId", DEPLOYMENT).put("applicationName", "web")
                .put("deploymentGroupName", "prod").put("status", "Succeeded").put("creator", "user")
                .put("createTime", 1_795_000_000).put("startTime", 1_795_000_003).put("completeTime", 1_795_000_250)
                .put("computePlatform", "Server");
        info.putObject("deploymentOverview").put("Pending", 0).put("InProgress", 0).put("Succeeded", 3)
                .put("Failed", 0).put("Skipped", 0).put("Ready", 0);
        info.putObject("revision").put("revisionType", "S3").putObject("s3Location").put("bucket", "web-releases")
                .put("key", "web.zip").put("bundleType", "zip");
        change.accept(info);
        return info;
    }

    /** A deployment's EventBridge event, its deployment put into CodeDeploy as {@link #deploymentInfo} has it. */
    static String deploymentEvent(World w, Consumer<ObjectNode> change) {
        setUp(w);
        w.sandbox.putDeployment(deploymentInfo(i -> { }));
        ObjectNode event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeDeploy Deployment State-change Notification").put("source", "aws.codedeploy")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:04:10Z").put("region", Sandbox.REGION);
        event.putArray("resources").add("arn:aws:codedeploy:us-east-1:123456789012:application:web");
        event.putObject("detail").put("region", Sandbox.REGION).put("deploymentId", DEPLOYMENT)
                .put("instanceGroupId", UUID.randomUUID().toString()).put("deploymentGroup", "prod")
                .put("state", "SUCCESS").put("application", "web");
        change.accept(event);
        return event.toString();
    }

    static String deploymentTrigger(World w, Consumer<ObjectNode> change) {
        setUp(w);
        w.sandbox.putDeployment(deploymentInfo(i -> { }));
        ObjectNode message = JSON.createObjectNode().put("region", Sandbox.REGION).put("accountId", Sandbox.ACCOUNT)
                .put("eventTriggerName", "web-deployments").put("applicationName", "web").put("deploymentId", DEPLOYMENT)
                .put("deploymentGroupName", "prod").put("createTime", "Fri Nov 20 10:00:00 UTC 2026")
                .put("completeTime", "Fri Nov 20 10:04:10 UTC 2026")
                .put("deploymentOverview", "{\"Succeeded\":\"3\",\"Failed\":\"0\"}").put("status", "SUCCEEDED");
        change.accept(message);
        return sns(message.toString());
    }

    static String sha(int n) {
        return String.format("%08x", REPO.hashCode() & 0x7fffffff) + String.format("%032x", n);
    }

    /** Commits 0 to {@code n} of {@link #REPO}, each the first parent of the next. */
    static void history(World w, int n, Function<Integer, String> subject, String author) {
        for (int i = 0; i <= n; i++) {
            ObjectNode commit = JSON.createObjectNode().put("commitId", sha(i)).put("treeId", "0".repeat(40));
            ArrayNode parents = commit.putArray("parents");
            if (i > 0) {
                parents.add(sha(i - 1));
            }
            commit.put("message", subject.apply(i) + "\n\nbody " + MENTIONS + "\n");
            commit.putObject("author").put("name", author).put("email", "carol@example.com")
                    .put("date", "1793725389 -0500");
            commit.putObject("committer").put("name", author).put("email", "carol@example.com")
                    .put("date", "1793725389 -0500");
            w.sandbox.putCodeCommitCommit(REPO, commit);
        }
    }

    /** A push to {@link #REPO}'s main from commit 0 to commit 3 (EventBridge), changed. */
    static String pushEvent(World w, Consumer<ObjectNode> change) {
        setUp(w);
        ObjectNode root = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "CodeCommit Repository State Change").put("source", "aws.codecommit")
                .put("account", Sandbox.ACCOUNT).put("time", "2026-11-20T10:05:00Z").put("region", Sandbox.REGION);
        root.putArray("resources").add("arn:aws:codecommit:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":" + REPO);
        ObjectNode detail = root.putObject("detail").put("event", "referenceUpdated").put("repositoryName", REPO)
                .put("repositoryId", UUID.randomUUID().toString()).put("referenceType", "branch")
                .put("referenceName", "main").put("referenceFullName", "refs/heads/main")
                .put("callerUserArn", "arn:aws:iam::123456789012:user/jane").put("commitId", sha(3))
                .put("oldCommitId", sha(0));
        history(w, 3, i -> "change " + i, "Carol");
        change.accept(detail);
        return root.toString();
    }

    /** A CodeCommit trigger's records for {@link #REPO}, with these (ref, commit) pairs. */
    static ObjectNode trigger(World w, String... refsAndCommits) {
        setUp(w);
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject().put("awsRegion", Sandbox.REGION);
        ArrayNode references = record.putObject("codecommit").putArray("references");
        for (int i = 0; i < refsAndCommits.length; i += 2) {
            references.addObject().put("commit", refsAndCommits[i + 1]).put("ref", refsAndCommits[i]);
        }
        record.put("eventId", UUID.randomUUID().toString()).put("eventName", "ReferenceChanges")
                .put("eventSource", "aws:codecommit")
                .put("eventSourceARN", "arn:aws:codecommit:" + Sandbox.REGION + ":" + Sandbox.ACCOUNT + ":" + REPO)
                .put("eventTime", "2026-11-20T10:05:00.000+0000").put("eventTotalParts", 1)
                .put("userIdentityARN", "arn:aws:iam::123456789012:user/jane");
        return root;
    }

    /** Runs {@code run} with its log records thrown away: a case's own records are those of its last event. */
    static void unlogged(Runnable run) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            run.run();
        } finally {
            System.setOut(out);
        }
    }

    static Sandbox.Fault awsJson(String body) {
        return Sandbox.Fault.status(200, body, java.util.Map.of("Content-Type", "application/x-amz-json-1.1"));
    }

    // ================================================================== cases

    /** An invalid chain event: rejected or ignored, no message, one safe log record. */
    static Case chainInvalid(String name, Function<World, String> event) {
        return new Case(Category.EVENTS, name, Expect.NO_MESSAGE, w -> {
            setUp(w);
            return w.deliver(event.apply(w));
        }, nothing());
    }

    /** An odd chain event: any outcome, never an exception, safe messages, one safe log record. */
    static Case chainOdd(String name, Function<World, String> event, Check check) {
        return new Case(Category.EVENTS, name, Expect.ANY_OUTCOME, w -> {
            setUp(w);
            return w.deliver(event.apply(w));
        }, check);
    }

    /** {@code service} answers the next calls of {@code operation} with {@code fault}, for this event. */
    /**
     * The role may not make the call: a misconfiguration, so the invocation fails (Lambda retries, the event lands
     * in the failed-invocations queue to redrive once granted), naming the IAM action and none of AWS's own words.
     */
    static Case denied(String name, String service, String operation, Function<World, String> event) {
        return new Case(Category.AWS, name, Expect.FAILS, w -> {
            setUp(w);
            String json = event.apply(w);
            w.sandbox.failNext(service, operation, 8,
                    Sandbox.Fault.awsError(400, "AccessDeniedException", "User: " + ANSWER + " is not authorized"));
            return w.deliver(json);
        }, nobodyTold().and(deniedNaming(service + ":" + operation)));
    }

    /** The invocation failed with a misconfiguration naming the IAM action, without AWS's (hostile) message. */
    static Check deniedNaming(String action) {
        return run -> {
            assertTrue(run.thrown() instanceof io.codebuildnotifier.kernel.MisconfigurationFailure,
                    () -> "access denied is a grant to fix, so the invocation fails: " + describe(run));
            assertTrue(run.thrown().getMessage().contains(action), run.thrown().getMessage());
            assertFalse(run.thrown().getMessage().contains(ANSWER), run.thrown().getMessage());
        };
    }

    static Case aws(String name, String service, String operation, Sandbox.Fault fault, Function<World, String> event,
                    Check check) {
        return new Case(Category.AWS, name, Expect.OUTCOME_OR_TRANSIENT, w -> {
            setUp(w);
            String json = event.apply(w);
            w.sandbox.failNext(service, operation, 8, fault);
            return w.deliver(json);
        }, check);
    }

    /**
     * Exactly one log line, a single JSON object, holding no control character (all escaped), no planted token and no
     * approval token; and no message shows or carries the approval token; and every button links where we link.
     */
    static Check oneLogRecord() {
        return run -> {
            String log = run.log();
            String line = log.endsWith("\n") ? log.substring(0, log.length() - 1) : log;
            assertFalse(line.isEmpty(), "no log record");
            assertFalse(line.contains("\n"), () -> "more than one log line: " + abbreviate(log));
            assertFalse(line.codePoints().anyMatch(LogText::isControl), () -> "a control character in the log: "
                    + abbreviate(line));
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("the log line is not one JSON record: " + abbreviate(line), e);
            }
            assertTrue(record.isObject() && record.has("outcome"), () -> "not an event record: " + abbreviate(line));
            assertFalse(line.contains(PLANTED), () -> "the planted token reached the log: " + abbreviate(line));
            assertFalse(line.contains(APPROVAL_TOKEN), () -> "the approval token reached the log: " + abbreviate(line));
            noToken().verify(run);
        };
    }

    static Check noToken() {
        return run -> run.posts().forEach(post -> {
            String all = post.text() + post.blocksJson() + post.attachmentsJson() + post.metadataJson();
            assertFalse(all.contains(APPROVAL_TOKEN), () -> "the approval token reached Slack: " + abbreviate(all));
        });
    }

    /** One message (an approval's, a deployment's, a push's), to #builds. */
    static Check toldOnce() {
        Check told = run -> {
            assertTrue(run.outcome() instanceof Outcome.Told t && t.decision().notifies(),
                    () -> "told? " + describe(run));
            assertEquals(1, run.posts().size(), () -> "one message: " + run.posts().size());
        };
        return told.and(noForeignButton());
    }

    /** Every button is a well-formed https link to where we link. */
    static Check noForeignButton() {
        return run -> run.posts().forEach(post -> SlackWire.of(post).buttons().forEach(button -> {
            String url = button[1];
            assertTrue(OUR_BUTTONS.stream().anyMatch(url::startsWith), () -> "a button to " + abbreviate(url));
            assertTrue(url.chars().noneMatch(c -> c <= 0x20 || c == 0x7f || "<>|\"".indexOf(c) >= 0),
                    () -> "a button whose URL Slack would refuse: " + abbreviate(url));
            java.net.URI.create(url);
        }));
    }

    /** Every link in every text is ours (the console's, acme/widgets'): {@link HostileInput#postProblems} says so. */
    static Check onlyOurLinks() {
        return noForeignButton();
    }
}
