package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.chain.ChatDecision;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.ActionIds;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CodePipeline manual approvals in the approval's channel: one message when the approval starts waiting
 * (pipeline, stage and action, the custom data and review link of the pipeline's definition, when it expires,
 * the link to approve in the console, the execution's source revisions), updated in place when it ends (the
 * decision, who decided and their comment; no link to approve any more). Keyed by the approval request,
 * {@code approval:PIPELINE/STAGE/ACTION/EXECUTION_ID/ACTION_EXECUTION_ID}: a rejected approval whose stage is retried
 * in the same execution opens a new request (a new action execution, a new token), told as a new message. Without
 * the last part when CodePipeline gives no action execution id (executions before March 2020). The same request
 * arriving through EventBridge and through its SNS notification posts once: the notification names the approval's
 * token, not its execution, and {@code GetPipelineState} maps the one to the other (and an EventBridge start to its
 * request). The token is never shown, kept or logged.
 *
 * <p>How an approval ended, as far as CodePipeline tells: {@code SUCCEEDED} is approved; {@code FAILED} with
 * someone named as its last updater is rejected, without anyone it expired (CodePipeline fails an approval nobody
 * answered when its timeout, 7 days unless the action sets another, runs out); an approval whose execution was
 * superseded or stopped ({@code CANCELED}, {@code ABANDONED}, or a {@code FAILED} one of a stopped execution)
 * says so.
 */
public final class ApprovalNotifier {
    /** How long an approval waits unless its action says otherwise (CodePipeline's default timeout). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofDays(7);
    /** Action runs read at most to find an approval of a pipeline in PARALLEL mode by its token. */
    static final int RECENT_RUNS = 50;

    private final Pipelines pipelines;
    private final Announcer announcer;
    private final ChannelRoutes routes;
    private final String defaultRegion;
    private final Clock clock;
    private final boolean buttons;

    /**
     * @param defaultRegion the function's region: the console's, for an event that names none
     * @param buttons whether a waiting approval's message offers to approve and reject it from the chat (approvers
     *                are configured, {@code CBN_APPROVERS}); its decided revision never does
     */
    public ApprovalNotifier(Pipelines pipelines, Announcer announcer, ChannelRoutes routes, String defaultRegion,
                            Clock clock, boolean buttons) {
        this.buttons = buttons;
        this.pipelines = pipelines;
        this.announcer = announcer;
        this.routes = routes;
        this.defaultRegion = defaultRegion == null ? "" : defaultRegion;
        this.clock = clock;
    }

    public Outcome handle(ApprovalEvent event, Invocation invocation) {
        String action = event.pipeline() + "/" + event.stage() + "/" + event.action();
        String state = event.state().toUpperCase(Locale.ROOT);
        boolean started = state.equals("STARTED");
        boolean ended = List.of("SUCCEEDED", "FAILED", "CANCELED", "ABANDONED").contains(state);
        if (!started && !ended) {
            return new Outcome.Ignored("approval:" + action, "the approval is " + (state.isEmpty() ? "in no state"
                    : state) + ", neither started nor ended");
        }
        Optional<Request> request = event.execution().map(id -> new Request(id, ""));
        if (request.isEmpty()) {
            request = waitingOn(event, invocation.deadline());
            if (request.isEmpty()) {
                return new Outcome.Ignored("approval:" + action, "the notification's token is not the action's "
                        + "current one: the approval was already decided, expired or superseded");
            }
        }
        String execution = request.get().execution();
        Approval approval = new Approval(event, execution, region(event));
        if (channel(approval).isEmpty()) {
            // nothing is posted: no message to tell one request from another by, and nothing read for nobody
            NotificationKey key = new NotificationKey("approval:" + action + "/" + execution);
            return started ? announcer.announce(key, key.value(), invocation, () -> noChannel(approval, state))
                    : announcer.revise(key, key.value(), 2, invocation, () -> noChannel(approval, state));
        }
        if (started) {
            // the SNS notification's request was found by its token; an EventBridge start's is looked up
            String id = event.execution().isEmpty() ? request.get().actionExecutionId()
                    : startedRequest(approval, invocation.deadline());
            NotificationKey key = key(action, execution, id);
            return announcer.announce(key, key.value(), invocation, () -> waiting(approval, key, invocation.deadline()));
        }
        List<Pipelines.ActionRun> runs = pipelines.actionRuns(approval.pipeline(), execution, invocation.deadline());
        // the newest request of the action in the execution that no longer waits (a retry may have opened another
        // since), else its newest (ListActionExecutions may lag behind the event), else the action's latest state
        List<Pipelines.ActionRun> ourRuns = runs.stream().filter(run -> ours(event, run.stage(), run.action())).toList();
        Optional<Pipelines.ActionRun> endedRun = ourRuns.stream().filter(run -> !run.status().equals("InProgress"))
                .findFirst().or(() -> ourRuns.stream().findFirst());
        Optional<Pipelines.ActionState> endedState = endedRun.isPresent() ? Optional.empty()
                : pipelines.state(approval.pipeline(), invocation.deadline()).stream()
                .filter(s -> ours(event, s.stage(), s.action()) && execution.equals(s.stageExecutionId()))
                .findFirst();
        String id = endedRun.map(Pipelines.ActionRun::actionExecutionId)
                .or(() -> endedState.map(Pipelines.ActionState::actionExecutionId)).orElse("");
        Verdict verdict = endedRun.map(run -> new Verdict(run.updatedBy(), run.summary()))
                .or(() -> endedState.map(s -> new Verdict(s.lastUpdatedBy(), s.summary())))
                .orElse(new Verdict("", ""));
        NotificationKey key = key(action, execution, id);
        return announcer.revise(key, key.value(), 2, invocation, () -> decided(approval, key, state, verdict,
                invocation.deadline()));
    }

    /**
     * Brings an approval's message up to date with the approval as CodePipeline has it now: once its request no longer
     * waits (decided from the chat, or found decided, expired or superseded), the message is revised as the
     * request's ended event would revise it, so it reads the same whichever comes first. A request still waiting is
     * left as it is.
     */
    public Outcome refresh(String pipeline, String stage, String action, String executionId, Invocation invocation) {
        String what = "approval:" + pipeline + "/" + stage + "/" + action;
        if (executionId.isEmpty()) {
            return new Outcome.Ignored(what, "no execution to bring up to date");
        }
        String state = pipelines.actionRuns(pipeline, executionId, invocation.deadline()).stream()
                .filter(run -> run.stage().equals(stage) && run.action().equals(action))
                .map(run -> switch (run.status()) {
                    case "Succeeded" -> "SUCCEEDED";
                    case "Failed" -> "FAILED";
                    case "Abandoned" -> "ABANDONED";
                    default -> "";
                })
                .findFirst().orElse("");
        if (state.isEmpty()) {
            return new Outcome.Ignored(what, "the approval still waits, or its execution shows no request");
        }
        return handle(new ApprovalEvent(ApprovalEvent.Origin.EVENTBRIDGE, pipeline, executionId, stage, action, state,
                clock.instant(), "", null, "", "", defaultRegion, ""), invocation);
    }

    /**
     * {@code approval:PIPELINE/STAGE/ACTION/EXECUTION_ID/ACTION_EXECUTION_ID}: one approval request, so that a retry
     * of the stage in the same execution, which opens a new request, is a new message; without the action execution
     * id when CodePipeline gives none.
     */
    private static NotificationKey key(String action, String execution, String actionExecutionId) {
        return new NotificationKey("approval:" + action + "/" + execution
                + (actionExecutionId.isEmpty() ? "" : "/" + actionExecutionId));
    }

    /** The approval request an event is about: its execution, and its own action execution id when known. */
    private record Request(String execution, String actionExecutionId) {
    }

    /**
     * The request an EventBridge start opened: the action's latest execution when its stage's is the event's
     * ({@code GetPipelineState}), else, the state having moved on, the newest run of the action in the execution
     * that still waits, or its newest run ({@code ListActionExecutions}); empty when neither says.
     */
    private String startedRequest(Approval approval, Deadline deadline) {
        ApprovalEvent event = approval.event();
        for (Pipelines.ActionState state : pipelines.state(approval.pipeline(), deadline)) {
            if (ours(event, state.stage(), state.action()) && approval.execution().equals(state.stageExecutionId())
                    && !state.actionExecutionId().isEmpty()) {
                return state.actionExecutionId();
            }
        }
        List<Pipelines.ActionRun> runs = pipelines.actionRuns(approval.pipeline(), approval.execution(), deadline)
                .stream().filter(run -> ours(event, run.stage(), run.action())).toList();
        // a start read after its request already ended: the newest, as its end will read it
        return runs.stream().filter(run -> run.status().equals("InProgress")).findFirst()
                .or(() -> runs.stream().findFirst()).map(Pipelines.ActionRun::actionExecutionId).orElse("");
    }

    private String region(ApprovalEvent event) {
        return event.region().isEmpty() ? defaultRegion : event.region();
    }

    /** The approval, where it is. */
    private record Approval(ApprovalEvent event, String execution, String region) {
        String pipeline() {
            return event.pipeline();
        }

        String where() {
            return event.stage() + " / " + event.action();
        }
    }

    /**
     * The execution an SNS notification's approval is waiting in: the stage's latest execution where the action's
     * latest execution holds the token ({@code GetPipelineState}); in a PARALLEL pipeline, which has no token there,
     * the approval run whose external execution id is the token ({@code ListActionExecutions}). Empty when the
     * token is not one still waiting.
     */
    private Optional<Request> waitingOn(ApprovalEvent event, Deadline deadline) {
        String token = event.token();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        for (Pipelines.ActionState state : pipelines.state(event.pipeline(), deadline)) {
            if (ours(event, state.stage(), state.action()) && token.equals(state.token())
                    && !state.stageExecutionId().isEmpty()) {
                return Optional.of(new Request(state.stageExecutionId(), state.actionExecutionId()));
            }
        }
        for (Pipelines.ActionRun run : pipelines.recentActionRuns(event.pipeline(), RECENT_RUNS, deadline)) {
            if (ours(event, run.stage(), run.action()) && token.equals(run.externalExecutionId())
                    && run.status().equals("InProgress") && !run.executionId().isEmpty()) {
                return Optional.of(new Request(run.executionId(), run.actionExecutionId()));
            }
        }
        return Optional.empty();
    }

    private static boolean ours(ApprovalEvent event, String stage, String action) {
        return event.stage().equals(stage) && event.action().equals(action);
    }

    private Optional<String> channel(Approval approval) {
        return routes.channelFor(ChannelRoutes.Kind.APPROVAL, approval.pipeline());
    }

    private static Announcer.Decided.Quiet noChannel(Approval approval, String state) {
        return new Announcer.Decided.Quiet(new Decision.Quiet("no channel for approvals of " + approval.pipeline()
                + " (no approval rule in CBN_CHANNEL_ROUTES matches it and CBN_ADDITIONAL_CHANNEL is not set)"), state);
    }

    /** The first message: waiting for a decision. */
    private Announcer.Decided waiting(Approval approval, NotificationKey key, Deadline deadline) {
        Optional<String> channel = channel(approval);
        if (channel.isEmpty()) {
            return noChannel(approval, "STARTED");
        }
        ApprovalEvent event = approval.event();
        Optional<Pipelines.Action> declared = pipelines.definition(approval.pipeline(), deadline)
                .flatMap(d -> d.action(event.stage(), event.action()));
        // the SNS notification's custom data has the action's variables resolved; the definition's may not
        String customData = withoutToken(!event.customData().isBlank() ? event.customData()
                : declared.flatMap(a -> a.setting("CustomData")).orElse(""), event.token());
        Optional<String> review = declared.flatMap(a -> a.setting("ExternalEntityLink"))
                .filter(ApprovalNotifier::wellFormed).filter(link -> event.token().isEmpty()
                        || !link.contains(event.token()))
                .or(() -> reviewLink(event));
        // the notification's own expiry, else the action's declared timeout, else CodePipeline's default
        Instant expires = event.expires() != null ? event.expires()
                : (event.time() != null ? event.time() : clock.instant()).plus(declared
                        .flatMap(Pipelines.Action::declaredTimeout).orElse(DEFAULT_TIMEOUT));
        List<Pipelines.SourceRevision> revisions = revisions(approval, deadline);

        List<Fact> facts = new ArrayList<>(identity(approval));
        if (!customData.isBlank()) {
            facts.add(new Fact(FactKey.CUSTOM_DATA, customData));
        }
        facts.add(new Fact(FactKey.EXPIRES, readable(expires)));
        List<Link> links = new ArrayList<>();
        if (!buttons) {
            // with the chat's own Approve and Reject, the console's way would only say the same again
            links.add(new Link(LinkKey.APPROVE, Console.pipeline(approval.region(), approval.pipeline()),
                    "Approve or reject"));
        }
        review.ifPresent(url -> links.add(new Link(LinkKey.REVIEW, url, "Review")));
        links.add(new Link(LinkKey.CONSOLE, Console.execution(approval.region(), approval.pipeline(),
                approval.execution()), "View pipeline"));
        Map<String, Object> payload = payload(approval, "STARTED", revisions);
        payload.put("expires", iso(expires));
        payload.put("custom_data", customData);
        Notification notification = new Notification(key, Notification.Kind.APPROVAL, Notification.Severity.WARNING,
                approval.pipeline() + " is waiting for approval at " + approval.where(), facts, links, List.of(),
                buttons ? decisionButtons(approval) : List.of()).withChanges(Revisions.of(revisions))
                .withMetadata(new Notification.Metadata("codepipeline_approval", payload));
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(channel),
                new Decision.Notify("approval waiting"), "STARTED");
    }

    /** Approve (primary) and Reject (danger), each naming the approval: pipeline, stage, action and execution. */
    static List<Notification.Action> decisionButtons(Approval approval) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put(ActionIds.PIPELINE, approval.pipeline());
        args.put(ActionIds.STAGE, approval.event().stage());
        args.put(ActionIds.ACTION, approval.event().action());
        args.put(ActionIds.EXECUTION_ID, approval.execution());
        return List.of(Notification.Action.button(ActionIds.APPROVE, "Approve", args, Notification.Action.Style.PRIMARY),
                Notification.Action.button(ActionIds.REJECT, "Reject", args, Notification.Action.Style.DANGER));
    }

    /**
     * The SNS notification's review link, unless it is the console's approval page: that one carries the token,
     * which no message may show.
     */
    private static Optional<String> reviewLink(ApprovalEvent event) {
        String link = event.reviewLink();
        if (link.isEmpty() || !wellFormed(link) || (!event.token().isEmpty() && link.contains(event.token()))
                || link.contains(".console.aws.amazon.com/") || link.startsWith("https://console.aws.amazon.com/")) {
            return Optional.empty();
        }
        return Optional.of(link);
    }

    /**
     * A link a message can carry as it is: an {@code https} URL of at most 2,000 characters that holds no space,
     * control character or character a chat's link markup or a browser would take for something else.
     */
    static boolean wellFormed(String url) {
        if (url.length() > 2000 || !url.startsWith("https://")
                || url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || "<>|\"\\`^{}".indexOf(c) >= 0)) {
            return false;
        }
        try {
            return java.net.URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What a person wrote for the approval, without its token (the notification's custom data may quote it). */
    static String withoutToken(String text, String token) {
        return token.isEmpty() ? text : text.replace(token, "(token hidden)");
    }

    /** The message when the approval ended: it replaces the first, with nothing left to act on. */
    private Announcer.Decided decided(Approval approval, NotificationKey key, String state, Verdict verdict,
                                      Deadline deadline) {
        Optional<String> channel = channel(approval);
        if (channel.isEmpty()) {
            return noChannel(approval, state);
        }
        Optional<Pipelines.Execution> execution = pipelines.execution(approval.pipeline(), approval.execution(),
                deadline);
        String executionStatus = execution.map(Pipelines.Execution::status).orElse("");
        String decision = decision(state, verdict, executionStatus);
        // decided from the chat: CodePipeline names the function's role; the summary names the person
        Optional<ChatDecision> chat = ChatDecision.byTheChat(verdict.by()) ? ChatDecision.read(verdict.comment())
                : Optional.empty();
        String decidedBy = chat.map(ChatDecision::who).orElseGet(() -> Console.nameIn(verdict.by()));
        String comment = chat.map(ChatDecision::comment).orElse(verdict.comment());
        Notification.Severity severity = switch (decision) {
            case "approved" -> Notification.Severity.SUCCESS;
            case "rejected" -> Notification.Severity.FAILURE;
            default -> Notification.Severity.WARNING;
        };
        List<Fact> facts = new ArrayList<>(identity(approval));
        facts.add(new Fact(FactKey.DECISION, decision));
        if (!decidedBy.isEmpty()) {
            facts.add(new Fact(FactKey.DECIDED_BY, decidedBy));
        }
        if (!comment.isBlank() && !decidedBy.isEmpty()) {
            facts.add(new Fact(FactKey.COMMENT, comment));
        }
        List<Pipelines.SourceRevision> revisions = execution.map(Pipelines.Execution::revisions).orElse(List.of());
        Map<String, Object> payload = payload(approval, state, revisions);
        payload.put("decision", decision);
        payload.put("decided_by", decidedBy);
        payload.put("summary", verdict.comment());
        chat.ifPresent(c -> payload.put("decided_by_chat_id", c.chatId()));
        String title = approval.pipeline() + ": " + approval.where() + " " + switch (decision) {
            case "approved", "rejected" -> decision + (decidedBy.isEmpty() ? "" : " by " + decidedBy);
            case "expired" -> "expired without a decision";
            case "superseded" -> "was superseded by a newer execution";
            case "stopped" -> "ended: the execution was stopped";
            default -> "ended (" + decision + ")";
        };
        Notification notification = new Notification(key, Notification.Kind.APPROVAL, severity, title, facts,
                List.of(new Link(LinkKey.CONSOLE, Console.execution(approval.region(), approval.pipeline(),
                        approval.execution()), "View pipeline")), List.of(), List.of())
                .withChanges(Revisions.of(revisions))
                .withMetadata(new Notification.Metadata("codepipeline_approval", payload));
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(channel),
                new Decision.Notify("approval " + decision), state);
    }

    /** Who last changed the approval, and what they wrote. */
    record Verdict(String by, String comment) {
    }

    /** How the approval ended, in words, from its state, who decided and its execution's status. */
    static String decision(String state, Verdict verdict, String executionStatus) {
        boolean person = !verdict.by().isBlank();
        if (state.equals("SUCCEEDED")) {
            return "approved";
        }
        if (state.equals("FAILED") && person) {
            return "rejected";
        }
        String status = executionStatus.toLowerCase(Locale.ROOT);
        if (status.equals("superseded")) {
            return "superseded";
        }
        if (status.equals("stopped") || status.equals("stopping")) {
            return "stopped";
        }
        if (state.equals("FAILED")) {
            return "expired";
        }
        return state.equals("CANCELED") ? "superseded" : "stopped";
    }

    private List<Pipelines.SourceRevision> revisions(Approval approval, Deadline deadline) {
        return pipelines.execution(approval.pipeline(), approval.execution(), deadline)
                .map(Pipelines.Execution::revisions).orElse(List.of());
    }

    private static List<Fact> identity(Approval approval) {
        return List.of(new Fact(FactKey.PIPELINE, approval.pipeline()), new Fact(FactKey.STAGE, approval.event().stage()),
                new Fact(FactKey.ACTION, approval.event().action()), new Fact(FactKey.EXECUTION_ID, approval.execution()));
    }

    private static Map<String, Object> payload(Approval approval, String state, List<Pipelines.SourceRevision> revisions) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pipeline", approval.pipeline());
        payload.put("stage", approval.event().stage());
        payload.put("action", approval.event().action());
        payload.put("execution_id", approval.execution());
        payload.put("state", state);
        payload.put("region", approval.region());
        payload.put("revisions", Revisions.payload(revisions));
        return payload;
    }

    /** {@code 2026-11-10 16:09 UTC}: when a person must decide by. */
    private static String readable(Instant time) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .format(time.atOffset(java.time.ZoneOffset.UTC));
    }

    private static String iso(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
