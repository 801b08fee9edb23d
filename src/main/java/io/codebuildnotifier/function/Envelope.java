package io.codebuildnotifier.function;

import io.codebuildnotifier.sources.build.BuildEvent;
import io.codebuildnotifier.sources.deploy.DeploymentEvent;
import io.codebuildnotifier.sources.pipeline.ApprovalEvent;
import io.codebuildnotifier.sources.pipeline.PipelineRunEvent;
import io.codebuildnotifier.sources.push.PushEvent;
import java.util.List;

/** What an event delivered to the events function carries; each kind has its route. */
sealed interface Envelope {

    /** A "CodeBuild Build State Change" event. */
    record BuildStateChange(BuildEvent event) implements Envelope {
    }

    /** A manual approval started or ended (EventBridge), or is waiting (its SNS notification). */
    record Approval(ApprovalEvent event) implements Envelope {
    }

    /** A "CodePipeline Pipeline Execution State Change" event. */
    record PipelineRun(PipelineRunEvent event) implements Envelope {
    }

    /** A CodeDeploy deployment's state change (EventBridge) or trigger (SNS). */
    record Deployment(DeploymentEvent event) implements Envelope {
    }

    /** References of a CodeCommit repository that changed: one (EventBridge), or a trigger's few. */
    record Push(List<PushEvent> events) implements Envelope {
        public Push {
            events = List.copyOf(events);
        }
    }

    /** The reconciliation schedule fired. */
    record Schedule() implements Envelope {
    }

    /** Not an event the notifier can act on, and why. */
    record Invalid(String reason) implements Envelope {
    }

    /** What a log record names as the event's subject, when it is not a build. */
    static String subject(Envelope envelope) {
        return switch (envelope) {
            case Approval a -> "approval " + a.event().pipeline() + "/" + a.event().stage() + "/" + a.event().action();
            case PipelineRun r -> "pipeline " + r.event().pipeline() + " " + r.event().executionId();
            case Deployment d -> "deployment " + d.event().deploymentId();
            case Push p -> p.events().isEmpty() ? "push" : "push to " + p.events().getFirst().repository();
            case BuildStateChange b -> b.event().buildId();
            case Schedule s -> "reconciliation";
            case Invalid i -> "event";
        };
    }
}
