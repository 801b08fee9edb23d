package io.codebuildnotifier.sources.deploy;

import io.codebuildnotifier.notification.Durations;
import io.codebuildnotifier.notification.Live;
import io.codebuildnotifier.notification.Notification;
import io.codebuildnotifier.notification.Notification.Fact;
import io.codebuildnotifier.notification.Notification.FactKey;
import io.codebuildnotifier.notification.NotificationKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A deployment's message for its channel, and the "your commit is live" message for the authors. Plain text. */
final class DeploymentMessages {
    static final String EVENT_TYPE = "codedeploy_deployment";

    private DeploymentMessages() {
    }

    /** What is known of a deployment when it is told: the deployment, its pipeline run and what it shipped. */
    record Told(Deployments.Deployment deployment, Optional<PipelineLinks.Link> link,
                List<Notification.Revision> revisions, String region) {
        /** The deployment's status, as CodeDeploy reports it. */
        String status() {
            return deployment.status();
        }

        String target() {
            return deployment.application() + "/" + deployment.group();
        }

        Optional<Duration> duration() {
            return deployment.createTime() == null || deployment.completeTime() == null ? Optional.empty()
                    : Optional.of(Duration.between(deployment.createTime(), deployment.completeTime()));
        }

        String creator() {
            return link.isPresent() ? "CodePipeline" : deployment.creator();
        }

        Optional<String> console() {
            return region.isEmpty() ? Optional.empty() : Optional.of("https://" + region
                    + ".console.aws.amazon.com/codesuite/codedeploy/deployments/" + deployment.id() + "?region=" + region);
        }
    }

    static Notification.Severity severity(String status) {
        return switch (status) {
            case "Succeeded" -> Notification.Severity.SUCCESS;
            case "Failed" -> Notification.Severity.FAILURE;
            default -> Notification.Severity.WARNING;
        };
    }

    static String inWords(String status) {
        return switch (status) {
            case "Succeeded" -> "succeeded";
            case "Failed" -> "failed";
            case "Stopped" -> "was stopped";
            default -> status.toLowerCase(Locale.ROOT);
        };
    }

    /** Which deployment it is: its application, group and id, and the pipeline's execution that created it. */
    private static List<Fact> identity(Told told) {
        Deployments.Deployment d = told.deployment();
        List<Fact> facts = new ArrayList<>(List.of(new Fact(FactKey.APPLICATION, d.application()),
                new Fact(FactKey.DEPLOYMENT_GROUP, d.group()), new Fact(FactKey.DEPLOYMENT_ID, d.id())));
        told.link().ifPresent(link -> {
            facts.add(new Fact(FactKey.PIPELINE, link.pipeline()));
            facts.add(new Fact(FactKey.EXECUTION_ID, link.run().executionId()));
        });
        return facts;
    }

    static Notification deployment(NotificationKey key, Told told) {
        Deployments.Deployment d = told.deployment();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact(FactKey.STATUS, told.status()));
        facts.addAll(identity(told));
        if (!told.creator().isEmpty()) {
            facts.add(new Fact(FactKey.CREATOR, told.creator()));
        }
        told.duration().ifPresent(duration -> facts.add(new Fact(FactKey.DURATION, Durations.inWords(duration))));
        facts.add(new Fact(FactKey.INSTANCES, instances(d.overview())));
        if (!told.status().equals("Succeeded")) {
            if (!d.errorCode().isEmpty()) {
                facts.add(new Fact(FactKey.ERROR_CODE, d.errorCode()));
            }
            if (!d.errorMessage().isEmpty()) {
                facts.add(new Fact(FactKey.ERROR, d.errorMessage()));
            }
        }
        rollback(d.rollback()).ifPresent(words -> facts.add(new Fact(FactKey.ROLLBACK, words)));
        return new Notification(key, Notification.Kind.DEPLOYMENT, severity(told.status()),
                told.target() + " deployment " + d.id() + " " + inWords(told.status()), facts, links(told), List.of(),
                List.of()).withChanges(Notification.Changes.of(told.revisions()))
                .withMetadata(new Notification.Metadata(EVENT_TYPE, payload(told, List.of())));
    }

    /**
     * To the authors of the commits a deployment made live: "Your commit abc1234 is live in web/prod, deployed in
     * 4m 10s", the commits listed.
     */
    static Notification deployed(NotificationKey key, Told told, List<Notification.Revision> shipped, int more,
                                 List<Notification.Person> authors) {
        Deployments.Deployment d = told.deployment();
        List<Fact> facts = new ArrayList<>();
        facts.addAll(identity(told));
        told.duration().ifPresent(duration -> facts.add(new Fact(FactKey.DURATION, Durations.inWords(duration))));
        return Live.notification(key, told.target(), told.duration().map(Durations::inWords), shipped, more,
                authors, facts, links(told), new Notification.Metadata(EVENT_TYPE, payload(told, shipped)));
    }

    private static List<Notification.Link> links(Told told) {
        return told.console().map(url -> List.of(new Notification.Link(Notification.LinkKey.CONSOLE, url,
                "deployment " + told.deployment().id()))).orElse(List.of());
    }

    /** "3 succeeded, 1 failed, 0 skipped, 0 pending" */
    static String instances(Deployments.Overview o) {
        return o.succeeded() + " succeeded, " + o.failed() + " failed, " + o.skipped() + " skipped, "
                + (o.pending() + o.inProgress()) + " pending";
    }

    static Optional<String> rollback(Deployments.Rollback r) {
        if (!r.rollbackDeploymentId().isEmpty()) {
            return Optional.of("rollback " + r.rollbackDeploymentId() + " started");
        }
        if (!r.rollbackTriggeringDeploymentId().isEmpty()) {
            return Optional.of("this is a rollback of " + r.rollbackTriggeringDeploymentId());
        }
        return Optional.empty();
    }

    /**
     * The message's metadata: what it says, for machines. {@code shipped}: for "your commit is live", the commits
     * newly live ({@code new_commits}).
     */
    static Map<String, Object> payload(Told told, List<Notification.Revision> shipped) {
        Deployments.Deployment d = told.deployment();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("application", d.application());
        payload.put("deployment_group", d.group());
        payload.put("deployment_id", d.id());
        payload.put("status", told.status());
        payload.put("creator", told.creator());
        told.duration().ifPresent(t -> payload.put("duration_seconds", Math.max(0, t.toSeconds())));
        Map<String, Object> instances = new LinkedHashMap<>();
        instances.put("succeeded", d.overview().succeeded());
        instances.put("failed", d.overview().failed());
        instances.put("skipped", d.overview().skipped());
        instances.put("pending", d.overview().pending() + d.overview().inProgress());
        payload.put("instances", instances);
        payload.put("error_code", d.errorCode());
        Map<String, Object> rollback = new LinkedHashMap<>();
        rollback.put("rollback_deployment_id", d.rollback().rollbackDeploymentId());
        rollback.put("rollback_of", d.rollback().rollbackTriggeringDeploymentId());
        rollback.put("message", d.rollback().rollbackMessage());
        payload.put("rollback", rollback);
        payload.put("pipeline", told.link().map(PipelineLinks.Link::pipeline).orElse(""));
        payload.put("pipeline_execution_id", told.link().map(l -> l.run().executionId()).orElse(""));
        payload.put("revisions", told.revisions().stream().map(DeploymentMessages::revision).toList());
        if (!shipped.isEmpty()) {
            payload.put("new_commits", shipped.stream().map(DeploymentMessages::revision).toList());
        }
        return payload;
    }

    private static Map<String, Object> revision(Notification.Revision r) {
        Map<String, Object> revision = new LinkedHashMap<>();
        revision.put("commit", r.sha());
        revision.put("subject", r.subject());
        revision.put("url", r.url());
        revision.put("source", r.source());
        if (!r.author().isEmpty()) {
            revision.put("author", r.author());
        }
        return revision;
    }

}
