package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.chain.NewlyShipped;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Live;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.Notification.Link;
import io.codebuildnotifier.notification.Notification.LinkKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.NotifyStrategy;
import io.codebuildnotifier.notification.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finished CodePipeline executions in the pipeline's channel: failed, succeeded, stopped and superseded, decided by
 * the builds' notify strategy keyed by pipeline ({@code fail_or_status_change} by default: every failure, and the
 * first success after a failure; a stopped or superseded execution is neither a pass nor a failure, told only with
 * {@code every_build} and never counted as the pipeline's previous run). The message: status, duration, what
 * triggered it, its source revisions, and for a failure the stage and action that failed with their error. The
 * authors and committers of a failed execution's source commits also get a direct message when their chat account
 * is found. Keyed {@code pipeline:PIPELINE/EXECUTION_ID}. A succeeded execution of a pipeline {@code CBN_DEPLOYED_DM}
 * names, whose last stage deploys, also tells the authors of the commits it made live ({@link DeployedRuns}), whatever
 * the strategy decided about the channel.
 */
public final class RunNotifier {
    private final Pipelines pipelines;
    private final RunHistory history;
    private final GitHost git;
    private final Announcer announcer;
    private final ChannelRoutes routes;
    private final NotifyStrategy strategy;
    private final String defaultRegion;
    private final Clock clock;
    private final DeployedRuns deployed;

    /**
     * @param strategy      the builds' default notify strategy ({@code CBN_DEFAULT_NOTIFY_STRATEGY})
     * @param defaultRegion the function's region: the console's and CodeCommit's, for an event that names none
     * @param deployedDm    the pipelines ({@code CBN_DEPLOYED_DM}) whose succeeded executions tell the authors of the
     *                      commits they made live, when their last stage deploys
     * @param shipments     each pipeline's last shipment, for those
     */
    public RunNotifier(Pipelines pipelines, RunHistory history, GitHost git, Announcer announcer, ChannelRoutes routes,
                       NotifyStrategy strategy, String defaultRegion, Clock clock, List<String> deployedDm,
                       Shipments shipments) {
        this.pipelines = pipelines;
        this.history = history;
        this.git = git;
        this.announcer = announcer;
        this.routes = routes;
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.defaultRegion = defaultRegion == null ? "" : defaultRegion;
        this.clock = clock;
        this.deployed = new DeployedRuns(pipelines, new NewlyShipped(git, shipments),
                new NewlyShipped.Targets(deployedDm), announcer, clock);
    }

    public Outcome handle(PipelineRunEvent event, Invocation invocation) {
        String subject = "pipeline:" + event.pipeline() + "/" + event.executionId();
        String state = event.state().toUpperCase(Locale.ROOT);
        if (!List.of("FAILED", "SUCCEEDED", "STOPPED", "SUPERSEDED").contains(state)) {
            return new Outcome.Ignored(subject, "the execution is " + (state.isEmpty() ? "in no state" : state)
                    + ", not finished");
        }
        NotificationKey key = new NotificationKey(subject);
        Outcome outcome = announcer.announce(key, subject, invocation,
                () -> decide(event, state, key, invocation.deadline()));
        if (!state.equals("SUCCEEDED") || !deployed.tells(event.pipeline())) {
            return outcome;
        }
        String region = event.region().isEmpty() ? defaultRegion : event.region();
        Instant finished = event.time() != null ? event.time() : clock.instant();
        return Live.merged(outcome, deployed.announce(event, region, finished, invocation));
    }

    private Announcer.Decided decide(PipelineRunEvent event, String state, NotificationKey key, Deadline deadline) {
        Instant finished = event.time() != null ? event.time() : clock.instant();
        Decision decision = decision(event, state, finished, deadline);
        if (!decision.notifies()) {
            return new Announcer.Decided.Quiet(decision, state);
        }
        Optional<String> channel = routes.channelFor(ChannelRoutes.Kind.PIPELINE, event.pipeline());
        boolean failed = state.equals("FAILED");
        if (channel.isEmpty() && !failed) {
            return noOne(event, state);
        }
        String region = event.region().isEmpty() ? defaultRegion : event.region();
        Optional<Pipelines.Execution> execution = pipelines.execution(event.pipeline(), event.executionId(), deadline);
        List<Pipelines.SourceRevision> revisions = execution.map(Pipelines.Execution::revisions).orElse(List.of());
        Revisions.Read read = failed
                ? Revisions.withAuthors(revisions, pipelines.definition(event.pipeline(), deadline), region, git,
                deadline)
                : new Revisions.Read(Revisions.of(revisions), List.of());
        if (channel.isEmpty() && read.people().isEmpty()) {
            return noOne(event, state);
        }
        List<Pipelines.ActionRun> runs = pipelines.actionRuns(event.pipeline(), event.executionId(), deadline);
        Notification notification = notification(event, state, key, region, finished, execution, runs, read);
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(channel), decision, state);
    }

    private static Announcer.Decided.Quiet noOne(PipelineRunEvent event, String state) {
        return new Announcer.Decided.Quiet(new Decision.Quiet("no channel for runs of " + event.pipeline()
                + " (no pipeline rule in CBN_CHANNEL_ROUTES matches it and CBN_ADDITIONAL_CHANNEL is not set)"
                + (state.equals("FAILED") ? " and no commit author to tell" : "")), state);
    }

    /**
     * The strategy's decision. A pass or a failure is recorded as the pipeline's latest run (before anything is
     * sent, so that a retry decides alike: the run before it stays recorded beside it).
     */
    private Decision decision(PipelineRunEvent event, String state, Instant finished, Deadline deadline) {
        if (!state.equals("FAILED") && !state.equals("SUCCEEDED")) {
            return strategy == NotifyStrategy.EVERY_BUILD ? new Decision.Notify("every_build")
                    : new Decision.Quiet(strategy.id() + ": " + state + " is not a pass or a failure");
        }
        RunHistory.Run run = new RunHistory.Run(event.executionId(), state, finished);
        Optional<RunHistory.Latest> latest = history.latest(event.pipeline(), deadline);
        boolean late = latest.map(l -> !l.run().executionId().equals(event.executionId())
                && l.run().finishedAt().isAfter(finished)).orElse(false);
        Optional<Boolean> previousPassed = latest.flatMap(l -> l.before(event.executionId(), finished))
                .map(RunHistory.Run::passed);
        if (!late) {
            history.record(event.pipeline(), run, deadline);
        }
        return decide(strategy, run.passed(), previousPassed, late);
    }

    /**
     * The builds' strategies, keyed by pipeline.
     *
     * @param previousPassed how the pipeline's previous run went; empty for its first (or when this run's event came
     *                       after a later run's)
     */
    static Decision decide(NotifyStrategy strategy, boolean passed, Optional<Boolean> previousPassed, boolean late) {
        boolean changed = previousPassed.map(p -> p != passed).orElse(true);
        String change = late ? "a later run is recorded already" : previousPassed.isEmpty() ? "first run"
                : changed ? "status changed" : "status unchanged";
        return switch (strategy) {
            case EVERY_BUILD -> new Decision.Notify("every_build");
            case STATUS_CHANGE -> changed && !late ? new Decision.Notify("status_change: " + change)
                    : new Decision.Quiet("status_change: " + change);
            case FAIL_OR_STATUS_CHANGE -> {
                if (!passed) {
                    yield new Decision.Notify("fail_or_status_change: run failed");
                }
                yield changed && !late ? new Decision.Notify("fail_or_status_change: " + change)
                        : new Decision.Quiet("fail_or_status_change: passed, " + change);
            }
        };
    }

    private Notification notification(PipelineRunEvent event, String state, NotificationKey key, String region,
                                      Instant finished, Optional<Pipelines.Execution> execution,
                                      List<Pipelines.ActionRun> runs, Revisions.Read read) {
        String status = switch (state) {
            case "FAILED" -> "failed";
            case "SUCCEEDED" -> "succeeded";
            case "STOPPED" -> "stopped";
            default -> "superseded";
        };
        Notification.Severity severity = switch (state) {
            case "FAILED" -> Notification.Severity.FAILURE;
            case "SUCCEEDED" -> Notification.Severity.SUCCESS;
            default -> Notification.Severity.WARNING;
        };
        Optional<Pipelines.ActionRun> failedAction = state.equals("FAILED") ? runs.stream()
                .filter(r -> r.status().equalsIgnoreCase("Failed")).findFirst() : Optional.empty();
        Optional<Duration> duration = duration(execution, runs, finished);
        String triggerType = !event.triggerType().isEmpty() ? event.triggerType()
                : execution.map(Pipelines.Execution::triggerType).orElse("");
        String triggerDetail = !event.triggerType().isEmpty() ? event.triggerDetail()
                : execution.map(Pipelines.Execution::triggerDetail).orElse("");
        String trigger = trigger(triggerType, triggerDetail);

        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(FactKey.PIPELINE, event.pipeline()));
        facts.add(new Fact(FactKey.EXECUTION_ID, event.executionId()));
        facts.add(new Fact(FactKey.STATUS, status));
        duration.ifPresent(d -> facts.add(new Fact(FactKey.DURATION, Durations.inWords(d))));
        if (!trigger.isEmpty()) {
            facts.add(new Fact(FactKey.TRIGGER, trigger));
        }
        failedAction.ifPresent(run -> {
            facts.add(new Fact(FactKey.FAILED_ACTION, run.stage() + " / " + run.action()));
            if (!run.errorCode().isEmpty()) {
                facts.add(new Fact(FactKey.ERROR_CODE, run.errorCode()));
            }
            if (!run.failure().isBlank()) {
                facts.add(new Fact(FactKey.ERROR, run.failure()));
            }
        });
        String title = event.pipeline() + " " + switch (state) {
            case "FAILED" -> "failed" + failedAction.map(r -> " at " + r.stage() + " / " + r.action()).orElse("");
            case "SUCCEEDED" -> "succeeded";
            case "STOPPED" -> "was stopped";
            default -> "was superseded by a newer execution";
        };
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pipeline", event.pipeline());
        payload.put("execution_id", event.executionId());
        payload.put("state", state);
        payload.put("region", region);
        payload.put("trigger_type", triggerType);
        payload.put("trigger_detail", triggerDetail);
        duration.ifPresent(d -> payload.put("duration_seconds", d.getSeconds()));
        failedAction.ifPresent(run -> {
            payload.put("failed_stage", run.stage());
            payload.put("failed_action", run.action());
            payload.put("error_code", run.errorCode());
            payload.put("error", run.failure());
        });
        payload.put("revisions", Revisions.payload(execution.map(Pipelines.Execution::revisions).orElse(List.of())));
        return new Notification(key, Notification.Kind.PIPELINE_RUN, severity, title, facts,
                List.of(new Link(LinkKey.CONSOLE, Console.execution(region, event.pipeline(), event.executionId()),
                        "View pipeline")), read.people(), List.of())
                .withChanges(read.changes())
                .withMetadata(new Notification.Metadata("codepipeline_execution", payload));
    }

    /**
     * From the execution's start (its own, else its first action's) to its last update (its own, else its last
     * action's, else the event's time).
     */
    static Optional<Duration> duration(Optional<Pipelines.Execution> execution, List<Pipelines.ActionRun> runs,
                                       Instant finished) {
        Instant start = execution.map(Pipelines.Execution::startTime).orElse(null);
        if (start == null) {
            start = runs.stream().map(Pipelines.ActionRun::startTime).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).orElse(null);
        }
        Instant end = execution.map(Pipelines.Execution::lastUpdate).orElse(null);
        if (end == null) {
            end = runs.stream().map(Pipelines.ActionRun::lastUpdate).filter(Objects::nonNull)
                    .max(Comparator.naturalOrder()).orElse(finished);
        }
        if (start == null || end.isBefore(start)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(start, end));
    }

    /** What started the execution, in words. */
    static String trigger(String type, String detail) {
        String who = Console.nameIn(detail);
        return switch (type) {
            case "" -> "";
            case "StartPipelineExecution" -> "started by " + (who.isEmpty() ? "someone" : who);
            case "Webhook", "WebhookV2" -> "a push to the source (webhook)";
            case "CloudWatchEvent" -> "a source change (EventBridge" + (who.isEmpty() ? "" : " rule " + who) + ")";
            case "PollForSourceChanges" -> "a source change (polling)";
            case "CreatePipeline" -> "the pipeline's creation";
            case "PutActionRevision" -> "a new source revision" + (who.isEmpty() ? "" : " from " + who);
            case "AutomatedRollback" -> "an automated rollback";
            case "ManualRollback" -> "a rollback" + (who.isEmpty() ? "" : " by " + who);
            default -> type + (who.isEmpty() ? "" : " (" + who + ")");
        };
    }
}
