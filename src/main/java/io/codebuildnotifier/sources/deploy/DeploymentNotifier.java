package io.codebuildnotifier.sources.deploy;

import io.codebuildnotifier.chain.NewlyShipped;
import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.chain.Shipments;
import io.codebuildnotifier.git.Commit;
import io.codebuildnotifier.git.GitHost;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Invocation;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.notification.Announcer;
import io.codebuildnotifier.notification.ChannelRoutes;
import io.codebuildnotifier.notification.Decision;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Live;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deploy source: a CodeDeploy deployment that succeeded, failed or was stopped is posted to its channel
 * ({@code deploy} routes, by {@code APPLICATION/GROUP} or application), once ({@code deploy:DEPLOYMENT_ID}) whichever
 * door it came through. When a pipeline created it, the message shows the pipeline execution and its source
 * revisions; a deployment of a GitHub revision shows that commit. When the deployment group ({@code APPLICATION/GROUP}
 * or {@code GROUP}) is one of {@link Config#deployedDm()}, the authors of the commits a successful deployment made live
 * for the first time in that group get a direct message ({@code deployed:DEPLOYMENT_ID}, {@link NewlyShipped}), and the
 * group's last shipment moves on. A pattern that names only the pipeline that created the deployment does not: the
 * pipeline's execution tells them (the pipeline source), so nobody hears it twice.
 */
public final class DeploymentNotifier {
    /**
     * What the deploy source is told.
     *
     * @param deployPipelines {@code APPLICATION/GROUP} to the pipeline that deploys it
     * @param deployedDm      patterns ({@code *} wildcards) of {@code APPLICATION/GROUP} or group names whose
     *                        successful deployments tell the authors; empty for none (a pattern that matches a
     *                        pipeline's name is the pipeline source's: its executions tell them)
     * @param region          the region deployments are in when an event does not say (the function's)
     */
    public record Config(ChannelRoutes routes, Map<String, String> deployPipelines, List<String> deployedDm,
                         String region) {
        public Config {
            deployPipelines = Map.copyOf(deployPipelines);
            deployedDm = List.copyOf(deployedDm);
            region = region == null ? "" : region;
        }
    }

    /** Which pipelines deploy which groups, as found; one per function instance, shared by its invocations. */
    public static final class Memory {
        final PipelineLinks.Memory links = new PipelineLinks.Memory();

        /** How many searches of the account's pipelines this instance made. */
        public int searches() {
            return links.searches();
        }
    }

    private final Config config;
    private final Deployments deployments;
    private final Pipelines pipelines;
    private final GitHost git;
    private final NewlyShipped newlyShipped;
    private final Announcer announcer;
    private final PipelineLinks links;
    private final Clock clock;
    private final NewlyShipped.Targets deployedDm;

    public DeploymentNotifier(Config config, Deployments deployments, Pipelines pipelines, GitHost git,
                              Shipments shipments, Announcer announcer, Memory memory, Clock clock) {
        this.config = config;
        this.deployments = deployments;
        this.pipelines = pipelines;
        this.git = git;
        this.newlyShipped = new NewlyShipped(git, shipments);
        this.announcer = announcer;
        this.links = new PipelineLinks(pipelines, config.deployPipelines(), memory.links);
        this.clock = clock;
        this.deployedDm = new NewlyShipped.Targets(config.deployedDm());
    }

    public Outcome handle(DeploymentEvent event, Invocation invocation) {
        String subject = "deploy:" + event.deploymentId();
        String status = switch (event.state().toUpperCase(Locale.ROOT)) {
            case "SUCCESS" -> "Succeeded";
            case "FAILURE" -> "Failed";
            case "STOP" -> "Stopped";
            default -> "";
        };
        if (status.isEmpty()) {
            return new Outcome.Ignored(subject, "a deployment's " + (event.state().isEmpty() ? "unnamed state"
                    : event.state()) + " is not notified (only SUCCESS, FAILURE and STOP)");
        }
        // read once per event, and only by what claims it: the deployment's message, then its authors'
        Lazy<DeploymentMessages.Told> told = Lazy.of(() -> look(event, status, invocation.deadline()));
        NotificationKey key = new NotificationKey(subject);
        Outcome outcome = announcer.announce(key, subject, invocation, () -> decide(key, event, status, told));
        if (!status.equals("Succeeded") || deployedDm.none()) {
            return outcome;
        }
        NotificationKey deployedKey = new NotificationKey("deployed:" + event.deploymentId());
        AtomicReference<NewlyShipped.Found> shipped = new AtomicReference<>();
        Outcome deployed = announcer.announce(deployedKey, "deployed:" + event.deploymentId(), invocation,
                () -> decideDeployed(deployedKey, told.get(), shipped, invocation.deadline()));
        if (shipped.get() != null) {
            // the people are told; should the store fail, the group's next deployment compares with the one before
            newlyShipped.record(told.get().target(), shipped.get(), clock.instant().plus(Shipments.KEEP),
                    invocation.deadline());
        }
        return Live.merged(outcome, deployed);
    }

    /** The deployment's message to its channel; without one, nothing is read for it. */
    private Announcer.Decided decide(NotificationKey key, DeploymentEvent event, String status,
                                     Lazy<DeploymentMessages.Told> read) {
        String target = event.application() + "/" + event.deploymentGroup();
        Optional<String> channel = config.routes().channelFor(ChannelRoutes.Kind.DEPLOY,
                List.of(target, event.application()));
        if (channel.isEmpty()) {
            return new Announcer.Decided.Quiet(new Decision.Quiet("no channel: no CBN_CHANNEL_ROUTES rule for deploy "
                    + target + " and no CBN_ADDITIONAL_CHANNEL"), status);
        }
        DeploymentMessages.Told told = read.get();
        return new Announcer.Decided.Tell(DeploymentMessages.deployment(key, told), new Dispatcher.Audience(channel),
                new Decision.Notify("deployment " + DeploymentMessages.inWords(told.status())), told.status());
    }

    /** The deployment as CodeDeploy and, when a pipeline created it, CodePipeline tell it. */
    private DeploymentMessages.Told look(DeploymentEvent event, String eventStatus, Deadline deadline) {
        Deployments.Deployment found = deployments.find(event.deploymentId(), deadline).orElseThrow(() ->
                new PermanentFailure("CodeDeploy knows no deployment " + event.deploymentId()));
        Deployments.Deployment d = new Deployments.Deployment(event.deploymentId(),
                found.application().isEmpty() ? event.application() : found.application(),
                found.group().isEmpty() ? event.deploymentGroup() : found.group(), found.status(), found.createTime(),
                found.startTime(), found.completeTime(), found.creator(), found.errorCode(), found.errorMessage(),
                found.overview(), found.rollback(), found.revisionType(), found.gitHub());
        if (!Set.of("Succeeded", "Failed", "Stopped").contains(d.status())) {
            // CodeDeploy's answer is the truth (a trigger's message may run ahead of it, or not be CodeDeploy's):
            // the marker is not finished on the event's word, the event is tried again
            throw new TransientFailure("CodeDeploy still reports deployment " + d.id() + " as "
                    + (d.status().matches("[A-Za-z]{1,20}") ? d.status() : "(unreadable)")
                    + " although the event says it is " + eventStatus);
        }
        String region = event.region().isEmpty() ? config.region() : event.region();
        Optional<PipelineLinks.Link> link = byPipeline(d) ? links.find(d.application() + "/" + d.group(), d.id(),
                clock.instant(), deadline) : Optional.empty();
        List<Notification.Revision> revisions = new ArrayList<>();
        link.flatMap(PipelineLinks.Link::execution).ifPresent(execution -> execution.revisions().forEach(r ->
                revisions.add(new Notification.Revision(r.revisionId(), r.summary(), "", r.url(), r.source()))));
        d.gitHub().filter(g -> g.commitId().matches("[0-9a-f]{40}")).flatMap(DeploymentNotifier::repository)
                .ifPresent(repo -> {
            String sha = d.gitHub().get().commitId();
            Optional<Commit> commit = quietly(() -> git.commit(repo, sha, deadline));
            revisions.add(new Notification.Revision(sha, commit.map(Commit::subject).orElse(""),
                    commit.map(Commit::authorName).orElse(""), NewlyShipped.commitUrl(repo, sha), ""));
        });
        return new DeploymentMessages.Told(d, link, revisions, region);
    }

    /**
     * Whether a pipeline may have created it: CodePipeline creates deployments with its role, so CodeDeploy says
     * {@code user}; a GitHub revision is never a pipeline's (a pipeline hands CodeDeploy an artifact).
     */
    private static boolean byPipeline(Deployments.Deployment d) {
        return d.gitHub().isEmpty() && (d.creator().equalsIgnoreCase("user") || d.creator().equals("CodePipeline"));
    }

    private static Optional<Repository> repository(Deployments.GitHubRevision revision) {
        return Repository.parse("GITHUB", "https://github.com/" + revision.repository());
    }

    private static <T> Optional<T> quietly(java.util.function.Supplier<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (PermanentFailure | TransientFailure e) {
            return Optional.empty(); // only the commit's subject and author are missing
        }
    }

    // ------------------------------------------------------------------ your commit is live

    private Announcer.Decided decideDeployed(NotificationKey key, DeploymentMessages.Told told,
                                             AtomicReference<NewlyShipped.Found> shipped, Deadline deadline) {
        Deployments.Deployment d = told.deployment();
        String status = told.status();
        if (!status.equals("Succeeded")) {
            return quiet("the deployment " + DeploymentMessages.inWords(status), status);
        }
        if (!deployedDm.any(List.of(told.target(), d.group()))) {
            return quiet(told.target() + " does not tell authors their commits are live", status);
        }
        if (d.creator().toLowerCase(Locale.ROOT).contains("rollback")) {
            return quiet("a rollback makes nothing new live", status);
        }
        Map<Repository, String> heads = heads(told, deadline);
        if (heads.isEmpty()) {
            return quiet("what " + d.id() + " shipped is not known (no pipeline source revision or GitHub revision)",
                    status);
        }
        NewlyShipped.Found found = newlyShipped.find(told.target(), heads,
                d.completeTime() == null ? clock.instant() : d.completeTime(), d.id(), deadline);
        shipped.set(found);
        if (found.total() == 0) {
            return quiet("nothing new is live in " + told.target() + " since " + found.since("the last deployment"),
                    status);
        }
        List<Notification.Revision> commits = new ArrayList<>();
        Map<String, Notification.Person> authors = new LinkedHashMap<>();
        for (NewlyShipped.Shipped commit : found.commits()) {
            commits.add(new Notification.Revision(commit.sha(), commit.subject(), commit.authorName(), commit.url(),
                    ""));
            Live.addAuthor(authors, commit.authorName(), commit.authorEmail());
        }
        if (authors.isEmpty()) {
            return quiet("no author of the commits newly live in " + told.target() + " can be told", status);
        }
        Notification notification = DeploymentMessages.deployed(key, told, commits, found.more(),
                List.copyOf(authors.values()));
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(Optional.empty()),
                new Decision.Notify(found.total() + " commit" + (found.total() == 1 ? "" : "s") + " newly live in "
                        + told.target()), status);
    }

    private static Announcer.Decided quiet(String reason, String status) {
        return new Announcer.Decided.Quiet(new Decision.Quiet(reason), status);
    }

    /** The head commit of each repository the deployment shipped. */
    private Map<Repository, String> heads(DeploymentMessages.Told told, Deadline deadline) {
        Map<Repository, String> heads = new LinkedHashMap<>();
        Optional<PipelineLinks.Link> link = told.link();
        if (link.isPresent() && link.get().execution().isPresent()) {
            Optional<Pipelines.Definition> definition;
            try {
                definition = pipelines.definition(link.get().pipeline(), deadline);
            } catch (PermanentFailure e) {
                definition = Optional.empty();
            }
            heads.putAll(NewlyShipped.heads(definition, link.get().execution().get().revisions(), told.region()));
        }
        told.deployment().gitHub().ifPresent(g -> repository(g).ifPresent(repo -> heads.putIfAbsent(repo,
                g.commitId())));
        return heads;
    }
}
