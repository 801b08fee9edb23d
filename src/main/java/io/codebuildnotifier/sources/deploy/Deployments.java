package io.codebuildnotifier.sources.deploy;

import io.codebuildnotifier.kernel.Deadline;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What CodeDeploy says about a deployment ({@code GetDeployment}). Implementations throw
 * {@link io.codebuildnotifier.kernel.TransientFailure} when CodeDeploy is unavailable or throttles, and
 * {@link io.codebuildnotifier.kernel.MisconfigurationFailure} when it may not be asked (access denied: a grant is
 * missing, and the message names it); a deployment it does not know is empty.
 */
public interface Deployments {

    Optional<Deployment> find(String deploymentId, Deadline deadline);

    /**
     * A deployment.
     *
     * @param status       CodeDeploy's words: {@code Created}, {@code Queued}, {@code InProgress}, {@code Baking},
     *                     {@code Succeeded}, {@code Failed}, {@code Stopped}, {@code Ready}
     * @param createTime   may be null, as may {@code startTime} and {@code completeTime}
     * @param creator      {@code user}, {@code autoscaling}, {@code codeDeployRollback}, {@code CodeDeploy},
     *                     {@code CodeDeployAutoUpdate}, {@code CloudFormation}, {@code CloudFormationRollback},
     *                     {@code autoscalingTermination}; empty when not said
     * @param errorCode    a failure's code ({@code HEALTH_CONSTRAINTS}, {@code TIMEOUT}…); empty for none
     * @param errorMessage a failure's message; empty for none
     * @param revisionType {@code S3}, {@code GitHub}, {@code String}, {@code AppSpecContent}; empty when not said
     * @param gitHub       the commit deployed, for a revision of type {@code GitHub}
     */
    record Deployment(String id, String application, String group, String status, Instant createTime,
                      Instant startTime, Instant completeTime, String creator, String errorCode, String errorMessage,
                      Overview overview, Rollback rollback, String revisionType, Optional<GitHubRevision> gitHub) {
        public Deployment {
            Objects.requireNonNull(id, "id");
            application = application == null ? "" : application;
            group = group == null ? "" : group;
            status = status == null ? "" : status;
            creator = creator == null ? "" : creator;
            errorCode = errorCode == null ? "" : errorCode;
            errorMessage = errorMessage == null ? "" : errorMessage;
            overview = overview == null ? Overview.NONE : overview;
            rollback = rollback == null ? Rollback.NONE : rollback;
            revisionType = revisionType == null ? "" : revisionType;
            gitHub = gitHub == null ? Optional.empty() : gitHub;
        }
    }

    /** How many instances or targets are in each state ({@code deploymentOverview}). */
    record Overview(long pending, long inProgress, long succeeded, long failed, long skipped, long ready) {
        public static final Overview NONE = new Overview(0, 0, 0, 0, 0, 0);
    }

    /**
     * A deployment's rollback ({@code rollbackInfo}); every part empty when there is none.
     *
     * @param rollbackDeploymentId           the rollback this deployment started
     * @param rollbackMessage                how the rollback went, in CodeDeploy's words
     * @param rollbackTriggeringDeploymentId for a rollback: the deployment whose failure started it
     */
    record Rollback(String rollbackDeploymentId, String rollbackMessage, String rollbackTriggeringDeploymentId) {
        public static final Rollback NONE = new Rollback("", "", "");

        public Rollback {
            rollbackDeploymentId = rollbackDeploymentId == null ? "" : rollbackDeploymentId;
            rollbackMessage = rollbackMessage == null ? "" : rollbackMessage;
            rollbackTriggeringDeploymentId = rollbackTriggeringDeploymentId == null ? ""
                    : rollbackTriggeringDeploymentId;
        }
    }

    /** A GitHub revision: {@code OWNER/REPO} and the commit. */
    record GitHubRevision(String repository, String commitId) {
        public GitHubRevision {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(commitId, "commitId");
        }
    }
}
