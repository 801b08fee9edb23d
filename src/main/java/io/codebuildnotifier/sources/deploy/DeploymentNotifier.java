package io.codebuildnotifier.sources.deploy;

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
import io.codebuildnotifier.notification.Delivery;
import io.codebuildnotifier.notification.Dispatcher;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.NotificationKey;
import io.codebuildnotifier.notification.Outcome;
import io.codebuildnotifier.people.Robots;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The deploy source: a CodeDeploy deployment that succeeded, failed or was stopped is posted to its channel
 * ({@code deploy} routes, by {@code APPLICATION/GROUP} or application), once ({@code deploy:DEPLOYMENT_ID}) whichever
 * door it came through. When a pipeline created it, the message shows the pipeline execution and its source
 * revisions; a deployment of a GitHub revision shows that commit. When the deployment group (or its pipeline) is
 * one of {@link Config#deployedDm()}, the authors of the commits a successful deployment made live for the first
 * time in that group get a direct message ({@code deployed:DEPLOYMENT_ID}), and the group's last shipment moves on.
 */
public final class DeploymentNotifier {
    /** How far back the first-parent history is walked to the group's previous head. */
    static final int DEPTH = 20;
    /** How many newly live commits a message lists. */
    static final int SHOWN = 10;

    /**
     * What the deploy source is told.
     *
     * @param deployPipelines {@code APPLICATION/GROUP} to the pipeline that deploys it
     * @param deployedDm      patterns ({@code *} wildcards) of {@code APPLICATION/GROUP}, group or pipeline names
     *                        whose successful deployments tell the authors; empty for none
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
    private final Shipments shipments;
    private final Announcer announcer;
    private final PipelineLinks links;
    private final Clock clock;
    private final List<Pattern> deployedDm;

    public DeploymentNotifier(Config config, Deployments deployments, Pipelines pipelines, GitHost git,
                              Shipments shipments, Announcer announcer, Memory memory, Clock clock) {
        this.config = config;
        this.deployments = deployments;
        this.pipelines = pipelines;
        this.git = git;
        this.shipments = shipments;
        this.announcer = announcer;
        this.links = new PipelineLinks(pipelines, config.deployPipelines(), memory.links);
        this.clock = clock;
        this.deployedDm = config.deployedDm().stream().map(DeploymentNotifier::glob).toList();
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
        Outcome outcome = announcer.announce(key, subject, invocation, () -> decide(key, told.get()));
        if (!status.equals("Succeeded") || deployedDm.isEmpty()) {
            return outcome;
        }
        NotificationKey deployedKey = new NotificationKey("deployed:" + event.deploymentId());
        AtomicReference<Shipments.Shipment> shipped = new AtomicReference<>();
        Outcome deployed = announcer.announce(deployedKey, "deployed:" + event.deploymentId(), invocation,
                () -> decideDeployed(deployedKey, told.get(), shipped, invocation.deadline()));
        Shipments.Shipment shipment = shipped.get();
        if (shipment != null) {
            try {
                shipments.record(told.get().target(), shipment, clock.instant().plus(Shipments.KEEP),
                        invocation.deadline());
            } catch (TransientFailure e) {
                // the people are told; the next deployment of the group compares with the one before
            }
        }
        return merged(outcome, deployed);
    }

    /** The deployment's outcome, with the deliveries of its authors' messages. */
    private static Outcome merged(Outcome deployment, Outcome deployed) {
        if (!(deployed instanceof Outcome.Told dm) || !dm.decision().notifies()) {
            return deployment;
        }
        if (!(deployment instanceof Outcome.Told told)) {
            return dm;
        }
        List<Delivery> deliveries = new ArrayList<>(told.deliveries());
        deliveries.addAll(dm.deliveries());
        Decision decision = told.decision().notifies() ? new Decision.Notify(told.decision().reason() + "; "
                + dm.decision().reason()) : dm.decision();
        return new Outcome.Told(told.subject(), told.status(), decision, told.notification(), deliveries);
    }

    private Announcer.Decided decide(NotificationKey key, DeploymentMessages.Told told) {
        Optional<String> channel = config.routes().channelFor(ChannelRoutes.Kind.DEPLOY,
                List.of(told.target(), told.deployment().application()));
        if (channel.isEmpty()) {
            return new Announcer.Decided.Quiet(new Decision.Quiet("no channel: no CBN_CHANNEL_ROUTES rule for deploy "
                    + told.target() + " and no CBN_ADDITIONAL_CHANNEL"), told.status());
        }
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
        String status = Set.of("Succeeded", "Failed", "Stopped").contains(d.status()) ? d.status() : eventStatus;
        String region = event.region().isEmpty() ? config.region() : event.region();
        Optional<PipelineLinks.Link> link = byPipeline(d) ? links.find(d.application() + "/" + d.group(), d.id(),
                clock.instant(), deadline) : Optional.empty();
        List<Notification.Revision> revisions = new ArrayList<>();
        link.flatMap(PipelineLinks.Link::execution).ifPresent(execution -> execution.revisions().forEach(r ->
                revisions.add(new Notification.Revision(r.revisionId(), r.summary(), "", r.url(), r.source()))));
        d.gitHub().flatMap(DeploymentNotifier::repository).ifPresent(repo -> {
            String sha = d.gitHub().get().commitId();
            Optional<Commit> commit = quietly(() -> git.commit(repo, sha, deadline));
            revisions.add(new Notification.Revision(sha, commit.map(Commit::subject).orElse(""),
                    commit.map(Commit::authorName).orElse(""), commitUrl(repo, sha), ""));
        });
        return new DeploymentMessages.Told(d, status, link, revisions, region);
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
                                             AtomicReference<Shipments.Shipment> shipped, Deadline deadline) {
        Deployments.Deployment d = told.deployment();
        String status = told.status();
        if (!status.equals("Succeeded")) {
            return quiet("the deployment " + DeploymentMessages.inWords(status), status);
        }
        List<String> names = new ArrayList<>(List.of(told.target(), d.group()));
        told.link().ifPresent(l -> names.add(l.pipeline()));
        if (deployedDm.stream().noneMatch(p -> names.stream().anyMatch(n -> p.matcher(n).matches()))) {
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
        Optional<Shipments.Shipment> previous = shipments.last(told.target(), deadline);
        List<Map.Entry<Repository, String>> fresh = new ArrayList<>();
        heads.forEach((repo, head) -> newCommits(repo, head, previous, deadline)
                .forEach(sha -> fresh.add(Map.entry(repo, sha))));
        shipped.set(new Shipments.Shipment(d.completeTime() == null ? clock.instant() : d.completeTime(), d.id(),
                heads.entrySet().stream().map(h -> new Shipments.Head(h.getKey().webUrl(), h.getValue())).toList()));
        if (fresh.isEmpty()) {
            return quiet("nothing new is live in " + told.target() + " since "
                    + previous.map(Shipments.Shipment::by).filter(by -> !by.isEmpty()).orElse("the last deployment"),
                    status);
        }
        List<Notification.Revision> commits = new ArrayList<>();
        Map<String, Notification.Person> authors = new LinkedHashMap<>();
        for (Map.Entry<Repository, String> entry : fresh.subList(0, Math.min(SHOWN, fresh.size()))) {
            Repository repo = entry.getKey();
            String sha = entry.getValue();
            Optional<Commit> commit;
            try {
                commit = Optional.of(git.commit(repo, sha, deadline));
            } catch (PermanentFailure e) {
                commit = Optional.empty(); // a commit the host no longer knows: nobody to tell about it
            }
            commits.add(new Notification.Revision(sha, commit.map(Commit::subject).orElse(""),
                    commit.map(Commit::authorName).orElse(""), commitUrl(repo, sha), ""));
            commit.filter(c -> !c.authorEmail().isEmpty() && !Robots.isRobot(c.authorEmail())).ifPresent(c ->
                    authors.putIfAbsent(c.authorEmail().toLowerCase(Locale.ROOT), new Notification.Person(
                            Notification.Person.Role.AUTHOR, c.authorName(), c.authorEmail())));
        }
        if (authors.isEmpty()) {
            return quiet("no author of the commits newly live in " + told.target() + " can be told", status);
        }
        Notification notification = DeploymentMessages.deployed(key, told, commits, fresh.size() - commits.size(),
                List.copyOf(authors.values()));
        return new Announcer.Decided.Tell(notification, new Dispatcher.Audience(Optional.empty()),
                new Decision.Notify(fresh.size() + " commit" + (fresh.size() == 1 ? "" : "s") + " newly live in "
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
            for (Pipelines.SourceRevision revision : link.get().execution().get().revisions()) {
                if (revision.revisionId().isEmpty()) {
                    continue;
                }
                definition.flatMap(def -> def.sourceOf(revision.source()))
                        .flatMap(action -> action.repository(told.region(), Optional.empty()))
                        .ifPresent(repo -> heads.putIfAbsent(repo, revision.revisionId()));
            }
        }
        told.deployment().gitHub().ifPresent(g -> repository(g).ifPresent(repo -> heads.putIfAbsent(repo,
                g.commitId())));
        return heads;
    }

    /**
     * The commits of {@code head}'s first-parent line after the previous shipment's head of the repository, newest
     * first: only the head when none was shipped before or the previous head is not within {@value #DEPTH} commits.
     */
    private List<String> newCommits(Repository repo, String head, Optional<Shipments.Shipment> previous,
                                    Deadline deadline) {
        Optional<String> before = previous.flatMap(p -> p.headOf(repo.webUrl()));
        if (before.isEmpty()) {
            return List.of(head);
        }
        if (before.get().equalsIgnoreCase(head)) {
            return List.of();
        }
        List<String> line;
        try {
            line = git.firstParents(repo, head, DEPTH, deadline);
        } catch (PermanentFailure e) {
            return List.of(head);
        }
        for (int i = 0; i < line.size(); i++) {
            if (line.get(i).equalsIgnoreCase(before.get())) {
                return List.copyOf(line.subList(0, i));
            }
        }
        return List.of(head);
    }

    private static String commitUrl(Repository repo, String sha) {
        if (repo.host() == Repository.Host.CODECOMMIT) {
            return "https://" + repo.region() + ".console.aws.amazon.com/codesuite/codecommit/repositories/"
                    + repo.name() + "/commit/" + sha + "?region=" + repo.region();
        }
        return repo.webUrl() + "/commit/" + sha;
    }

    private static Pattern glob(String pattern) {
        String[] pieces = pattern.trim().split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pieces.length; i++) {
            regex.append(i == 0 ? "" : ".*").append(Pattern.quote(pieces[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
