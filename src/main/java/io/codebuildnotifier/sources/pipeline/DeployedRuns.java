package io.codebuildnotifier.sources.pipeline;

import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.chain.NewlyShipped;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Live;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "Your commit is live" for pipelines: when an execution of a pipeline that {@code CBN_DEPLOYED_DM} names succeeds
 * and the pipeline's last stage deploys (an action of category {@code Deploy}, whatever its provider: CodeDeploy,
 * ECS, CloudFormation, S3…), the authors of the commits it shipped that the pipeline's previous such execution did not
 * ship get a direct message, once ({@code deployed:pipeline:PIPELINE/EXECUTION_ID}), and the pipeline's last shipment
 * ({@code pipeline:PIPELINE}) moves on. Whatever the run's notify strategy decided about the channel's message.
 *
 * <p>When one of the last stage's actions is a CodeDeploy action whose deployment group {@code CBN_DEPLOYED_DM} names
 * too ({@code APPLICATION/GROUP} or {@code GROUP}), the deployment tells them (the deploy source) and the execution does
 * not, so nobody hears it twice.
 */
final class DeployedRuns {
    /** The shipment target of a pipeline (its last shipment's key). */
    static String target(String pipeline) {
        return "pipeline:" + pipeline;
    }

    private final Pipelines pipelines;
    private final NewlyShipped newlyShipped;
    private final NewlyShipped.Targets deployedDm;
    private final Announcer announcer;
    private final Clock clock;

    DeployedRuns(Pipelines pipelines, NewlyShipped newlyShipped, NewlyShipped.Targets deployedDm, Announcer announcer,
                 Clock clock) {
        this.pipelines = pipelines;
        this.newlyShipped = newlyShipped;
        this.deployedDm = deployedDm;
        this.announcer = announcer;
        this.clock = clock;
    }

    /** Whether a succeeded execution of this pipeline may tell its authors (before anything is read). */
    boolean tells(String pipeline) {
        return deployedDm.any(List.of(pipeline));
    }

    /** Tells the authors of what a succeeded execution made newly live, once. */
    Outcome announce(PipelineRunEvent event, String region, Instant finished, Invocation invocation) {
        String subject = "deployed:pipeline:" + event.pipeline() + "/" + event.executionId();
        NotificationKey key = new NotificationKey(subject);
        AtomicReference<NewlyShipped.Found> shipped = new AtomicReference<>();
        Outcome outcome = announcer.announce(key, subject, invocation,
                () -> decide(event, key, region, finished, shipped, invocation.deadline()));
        if (shipped.get() != null) {
            // the people are told; should the store fail, the pipeline's next execution compares with the one before
            newlyShipped.record(target(event.pipeline()), shipped.get(), clock.instant().plus(Shipments.KEEP),
                    invocation.deadline());
        }
        return outcome;
    }

    private Announcer.Decided decide(PipelineRunEvent event, NotificationKey key, String region, Instant finished,
                                     AtomicReference<NewlyShipped.Found> shipped, Deadline deadline) {
        String pipeline = event.pipeline();
        Optional<Pipelines.Definition> definition;
        try {
            definition = pipelines.definition(pipeline, deadline);
        } catch (PermanentFailure e) {
            return quiet("CodePipeline's GetPipeline refused " + pipeline + ": " + e.getMessage());
        }
        if (definition.isEmpty()) {
            return quiet("CodePipeline knows no pipeline " + pipeline);
        }
        List<Pipelines.Action> actions = definition.get().actions();
        if (actions.isEmpty()) {
            return quiet(pipeline + " has no stage");
        }
        String lastStage = actions.getLast().stage();
        List<Pipelines.Action> deploys = actions.stream()
                .filter(a -> a.stage().equals(lastStage) && a.category().equals("Deploy")).toList();
        if (deploys.isEmpty()) {
            return quiet(pipeline + "'s last stage (" + lastStage + ") does not deploy");
        }
        Optional<String> byDeployment = deploys.stream().filter(a -> a.provider().equals("CodeDeploy"))
                .map(a -> a.setting("ApplicationName").orElse("") + "/" + a.setting("DeploymentGroupName").orElse(""))
                .filter(group -> deployedDm.any(List.of(group, group.substring(group.indexOf('/') + 1))))
                .findFirst();
        if (byDeployment.isPresent()) {
            return quiet("the deployment of " + byDeployment.get() + " tells the authors (CBN_DEPLOYED_DM names the "
                    + "deployment group too)");
        }
        Optional<Pipelines.Execution> execution = pipelines.execution(pipeline, event.executionId(), deadline);
        if (execution.isEmpty()) {
            return quiet("CodePipeline knows no execution " + event.executionId() + " of " + pipeline);
        }
        Map<Repository, String> heads = NewlyShipped.heads(definition, execution.get().revisions(), region);
        if (heads.isEmpty()) {
            return quiet("what " + event.executionId() + " shipped is not known (no source revision of a git repository "
                    + "the hosts know)");
        }
        NewlyShipped.Found found = newlyShipped.find(target(pipeline), heads, finished, event.executionId(), deadline);
        shipped.set(found);
        if (found.total() == 0) {
            return quiet("nothing new is live through " + pipeline + " since " + found.since("its last execution"));
        }
        List<Notification.Revision> commits = new ArrayList<>();
        Map<String, Notification.Person> authors = new LinkedHashMap<>();
        for (NewlyShipped.Shipped commit : found.commits()) {
            commits.add(new Notification.Revision(commit.sha(), commit.subject(), commit.authorName(), commit.url(),
                    ""));
            Live.addAuthor(authors, commit.authorName(), commit.authorEmail());
        }
        if (authors.isEmpty()) {
            return quiet("no author of the commits newly live through " + pipeline + " can be told");
        }
        List<Pipelines.ActionRun> runs;
        try {
            runs = pipelines.actionRuns(pipeline, event.executionId(), deadline);
        } catch (PermanentFailure | MisconfigurationFailure e) {
            runs = List.of(); // only the duration is missing: a role without ListActionExecutions still tells
        }
        Optional<Duration> duration = RunNotifier.duration(execution, runs, finished);
        Notification notification = notification(event, key, region, lastStage, deploys, duration, execution.get(),
                commits, found.more(), List.copyOf(authors.values()));
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(Optional.empty()),
                new Decision.Notify(found.total() + " commit" + (found.total() == 1 ? "" : "s") + " newly live through "
                        + pipeline), "SUCCEEDED");
    }

    private static Announcer.Decided quiet(String reason) {
        return new Announcer.Decided.Quiet(new Decision.Quiet(reason), "SUCCEEDED");
    }

    /**
     * "Your commit abc1234 is live in web-release, deployed in 12m 05s": the pipeline, the execution, the last stage and
     * its deploy actions, how long the execution took; the commits newly live; the execution's timeline.
     */
    static Notification notification(PipelineRunEvent event, NotificationKey key, String region, String stage,
                                     List<Pipelines.Action> deploys, Optional<Duration> duration,
                                     Pipelines.Execution execution, List<Notification.Revision> shipped, int more,
                                     List<Notification.Person> authors) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(FactKey.PIPELINE, event.pipeline()));
        facts.add(new Fact(FactKey.EXECUTION_ID, event.executionId()));
        facts.add(new Fact(FactKey.STAGE, stage));
        facts.add(new Fact(FactKey.ACTION, String.join(", ", deploys.stream()
                .map(a -> a.name() + " (" + a.provider() + ")").toList())));
        duration.ifPresent(d -> facts.add(new Fact(FactKey.DURATION, Durations.inWords(d))));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pipeline", event.pipeline());
        payload.put("execution_id", event.executionId());
        payload.put("state", "SUCCEEDED");
        payload.put("region", region);
        duration.ifPresent(d -> payload.put("duration_seconds", d.getSeconds()));
        payload.put("deploy_stage", stage);
        payload.put("deploy_actions", deploys.stream().map(a -> {
            Map<String, Object> action = new LinkedHashMap<>();
            action.put("action", a.name());
            action.put("provider", a.provider());
            return action;
        }).toList());
        payload.put("revisions", Revisions.payload(execution.revisions()));
        payload.put("new_commits", shipped.stream().map(r -> {
            Map<String, Object> commit = new LinkedHashMap<>();
            commit.put("commit", r.sha());
            commit.put("subject", r.subject());
            commit.put("url", r.url());
            commit.put("author", r.author());
            return commit;
        }).toList());
        return Live.notification(key, event.pipeline(), duration.map(Durations::inWords), shipped, more, authors, facts,
                List.of(new Notification.Link(Notification.LinkKey.CONSOLE,
                        Console.execution(region, event.pipeline(), event.executionId()), "View execution")),
                new Notification.Metadata("codepipeline_execution", payload));
    }
}
