package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.sources.deploy.Deployments;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOverview;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentResponse;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocation;

/**
 * Deployments from CodeDeploy's GetDeployment. Throttling and outages are transient; access denied is a
 * misconfiguration (the function's role may not read this deployment's application: the invocation fails loudly
 * and says which permission is missing, and the event can be redriven once it is granted); a deployment CodeDeploy
 * does not know is empty.
 */
public final class CodeDeployDeployments implements Deployments {
    private final CodeDeployClient client;

    public CodeDeployDeployments(CodeDeployClient client) {
        this.client = client;
    }

    @Override
    public Optional<Deployment> find(String deploymentId, Deadline deadline) {
        GetDeploymentResponse response;
        try {
            response = client.getDeployment(r -> r.deploymentId(deploymentId)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeDeploy GetDeployment")));
        } catch (DeploymentDoesNotExistException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeDeploy GetDeployment of " + deploymentId, "codedeploy:GetDeployment",
                    "its application's deployment groups", "redeploy the stack with NotifyDeployments=true", e);
        }
        return Optional.ofNullable(response.deploymentInfo()).map(CodeDeployDeployments::toDeployment);
    }

    static Deployment toDeployment(DeploymentInfo d) {
        DeploymentOverview o = d.deploymentOverview();
        Overview overview = o == null ? Overview.NONE : new Overview(count(o.pending()), count(o.inProgress()),
                count(o.succeeded()), count(o.failed()), count(o.skipped()), count(o.ready()));
        Rollback rollback = d.rollbackInfo() == null ? Rollback.NONE : new Rollback(
                d.rollbackInfo().rollbackDeploymentId(), d.rollbackInfo().rollbackMessage(),
                d.rollbackInfo().rollbackTriggeringDeploymentId());
        RevisionLocation revision = d.revision();
        String revisionType = revision == null ? "" : revision.revisionTypeAsString();
        Optional<GitHubRevision> gitHub = Optional.ofNullable(revision)
                .filter(r -> "GitHub".equals(r.revisionTypeAsString()))
                .map(RevisionLocation::gitHubLocation)
                .filter(g -> g.repository() != null && !g.repository().isBlank() && g.commitId() != null
                        && !g.commitId().isBlank())
                .map(g -> new GitHubRevision(g.repository().trim(), g.commitId().trim()));
        return new Deployment(d.deploymentId() == null ? "" : d.deploymentId(), d.applicationName(),
                d.deploymentGroupName(), d.statusAsString(), d.createTime(), d.startTime(), d.completeTime(),
                d.creatorAsString(), d.errorInformation() == null ? "" : d.errorInformation().codeAsString(),
                d.errorInformation() == null ? "" : d.errorInformation().message(), overview, rollback,
                revisionType, gitHub);
    }

    /** A count of targets: none when not said, never negative, never more than any fleet has (so sums hold). */
    private static long count(Long value) {
        return value == null ? 0 : Math.clamp(value, 0, MAX_COUNT);
    }

    /** More targets than any deployment group has (CodeDeploy's quotas are in the thousands). */
    static final long MAX_COUNT = 1_000_000_000L;
}
