package io.codebuildnotifier.chain;

import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What CodePipeline says about pipelines, their executions and their actions: the reads every
 * source of the delivery chain shares (approvals and runs, deployments a pipeline created, builds a
 * pipeline started). Implementations throw {@link io.codebuildnotifier.kernel.TransientFailure}
 * when CodePipeline is unavailable or throttles, and {@link io.codebuildnotifier.kernel.MisconfigurationFailure}
 * when it may not be asked (access denied: the message names the IAM action to grant); a pipeline or execution it
 * does not know is empty.
 */
public interface Pipelines {

    /** {@code GetPipeline}: the pipeline's stages and actions, or empty when there is no such pipeline. */
    Optional<Definition> definition(String pipeline, Deadline deadline);

    /** {@code GetPipelineExecution}: or empty when CodePipeline knows no such execution. */
    Optional<Execution> execution(String pipeline, String executionId, Deadline deadline);

    /** {@code ListActionExecutions} filtered by the execution: every action run of it, newest first. */
    List<ActionRun> actionRuns(String pipeline, String executionId, Deadline deadline);

    /**
     * {@code ListActionExecutions} without a filter: the pipeline's latest action runs, newest first, at
     * most {@code limit} (one or two pages).
     */
    List<ActionRun> recentActionRuns(String pipeline, int limit, Deadline deadline);

    /** {@code GetPipelineState}: each action's latest execution, with its stage's execution. */
    List<ActionState> state(String pipeline, Deadline deadline);

    /** {@code ListPipelines}: the account's pipelines in this region, by name. */
    List<String> names(Deadline deadline);

    /**
     * The git host a connection's revision link names ({@code github.com}, {@code bitbucket.org}), or empty when it
     * names none (the console's connection redirect), which a source action reads as GitHub.
     */
    static Optional<String> hostOf(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null || host.endsWith(".amazonaws.com") || host.endsWith(".aws.amazon.com")
                    ? Optional.empty() : Optional.of(host.startsWith("www.") ? host.substring(4) : host);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A pipeline's definition: its actions, stage by stage, in order. */
    record Definition(String name, List<Action> actions) {
        public Definition {
            Objects.requireNonNull(name, "name");
            actions = List.copyOf(actions);
        }

        public Optional<Action> action(String stage, String action) {
            return actions.stream().filter(a -> a.stage().equals(stage) && a.name().equals(action)).findFirst();
        }

        /** The source action whose output artifact is {@code artifact}. */
        public Optional<Action> sourceOf(String artifact) {
            return sources().stream().filter(a -> a.outputs().contains(artifact)).findFirst();
        }

        /**
         * The repository a source revision is a commit of: its source action's (CodeCommit, or GitHub through a
         * connection whose revision link names github.com or nothing), or empty for a revision that is no commit
         * (an S3 object's version, an image digest) or whose source this definition does not have.
         *
         * @param region the pipeline's region (a CodeCommit source's)
         */
        public Optional<Repository> repositoryOf(SourceRevision revision, String region) {
            if (!revision.revisionId().matches("[0-9a-fA-F]{7,64}")) {
                return Optional.empty();
            }
            return sourceOf(revision.source()).flatMap(action -> action.repository(region, hostOf(revision.url())));
        }

        /** The source actions (category {@code Source}). */
        public List<Action> sources() {
            return actions.stream().filter(a -> a.category().equals("Source")).toList();
        }
    }

    /**
     * One action of a pipeline's definition.
     *
     * @param category      {@code Source}, {@code Build}, {@code Test}, {@code Deploy}, {@code Approval}, {@code Invoke}
     * @param provider      {@code CodeCommit}, {@code CodeStarSourceConnection}, {@code GitHub}, {@code Manual},
     *                      {@code CodeDeploy}, {@code CodeBuild}…
     * @param configuration the action's configuration as CodePipeline returns it ({@code RepositoryName},
     *                      {@code BranchName}, {@code FullRepositoryId}, {@code CustomData}, {@code ExternalEntityLink},
     *                      {@code ApplicationName}, {@code DeploymentGroupName}, {@code ProjectName}…)
     * @param outputs       the names of its output artifacts (a source action's is what an execution's
     *                      {@link SourceRevision#source()} names)
     * @param timeout       how long the action may run before CodePipeline fails it, when its declaration says
     *                      ({@code timeoutInMinutes}: a manual approval's 5 minutes to 60 days); null when it does
     *                      not (CodePipeline's default for the action type applies, 7 days for an approval)
     */
    record Action(String stage, String name, String category, String provider, Map<String, String> configuration,
                  List<String> outputs, Duration timeout) {
        public Action(String stage, String name, String category, String provider, Map<String, String> configuration) {
            this(stage, name, category, provider, configuration, List.of());
        }

        /** An action whose declaration sets no timeout. */
        public Action(String stage, String name, String category, String provider, Map<String, String> configuration,
                      List<String> outputs) {
            this(stage, name, category, provider, configuration, outputs, null);
        }

        public Action {
            timeout = timeout == null || timeout.isNegative() || timeout.isZero() ? null : timeout;
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(name, "name");
            category = category == null ? "" : category;
            provider = provider == null ? "" : provider;
            configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
        }

        public Optional<String> setting(String key) {
            return Optional.ofNullable(configuration.get(key)).filter(v -> !v.isBlank());
        }

        /**
         * The repository a source action reads, when it is one the git hosts know: CodeCommit
         * ({@code RepositoryName}, in {@code region}), GitHub through a connection or the GitHub (version 1)
         * action ({@code FullRepositoryId}, or {@code Owner} and {@code Repo}). A connection to another host
         * (Bitbucket, GitLab, GitHub Enterprise Server) is not known: empty.
         */
        public Optional<Repository> repository(String region, Optional<String> connectionHost) {
            return switch (provider) {
                case "CodeCommit" -> setting("RepositoryName").flatMap(name -> Repository.parse("CODECOMMIT",
                        "https://git-codecommit." + region + ".amazonaws.com/v1/repos/" + name));
                case "CodeStarSourceConnection" -> setting("FullRepositoryId")
                        .filter(id -> connectionHost.map("github.com"::equals).orElse(true))
                        .flatMap(id -> Repository.parse("GITHUB", "https://github.com/" + id));
                case "GitHub" -> setting("Owner").flatMap(owner -> setting("Repo")
                        .flatMap(repo -> Repository.parse("GITHUB", "https://github.com/" + owner + "/" + repo)));
                default -> Optional.empty();
            };
        }

        /** The action's declared timeout ({@code timeoutInMinutes}), when it sets one. */
        public Optional<Duration> declaredTimeout() {
            return Optional.ofNullable(timeout);
        }

        /** The branch a source action follows ({@code BranchName}, or the GitHub action's {@code Branch}). */
        public Optional<String> branch() {
            return setting("BranchName").or(() -> setting("Branch"));
        }
    }

    /**
     * A pipeline execution.
     *
     * @param status      {@code InProgress}, {@code Stopped}, {@code Stopping}, {@code Succeeded}, {@code Superseded},
     *                    {@code Failed}, {@code Cancelled}
     * @param triggerType {@code StartPipelineExecution}, {@code CloudWatchEvent}, {@code Webhook}, {@code PollForSourceChanges},
     *                    … (may be empty)
     * @param triggerDetail who or what (an IAM ARN, a rule's ARN; may be empty)
     * @param startTime   may be null
     * @param lastUpdate  may be null
     */
    record Execution(String id, String status, String triggerType, String triggerDetail, Instant startTime,
                     Instant lastUpdate, List<SourceRevision> revisions) {
        public Execution {
            Objects.requireNonNull(id, "id");
            status = status == null ? "" : status;
            triggerType = triggerType == null ? "" : triggerType;
            triggerDetail = triggerDetail == null ? "" : triggerDetail;
            revisions = List.copyOf(revisions);
        }
    }

    /**
     * One source revision of an execution ({@code artifactRevisions[]}).
     *
     * @param source     the artifact's (the source action's output artifact's) name
     * @param revisionId the commit id for a git source
     * @param summary    the commit's subject, as CodePipeline gives it (a connection's JSON read to its
     *                   {@code CommitMessage}); may be empty
     * @param url        a link to the commit; may be empty
     */
    record SourceRevision(String source, String revisionId, String summary, String url) {
        public SourceRevision {
            source = source == null ? "" : source;
            revisionId = revisionId == null ? "" : revisionId;
            summary = summary == null ? "" : summary;
            url = url == null ? "" : url;
        }
    }

    /**
     * One action run ({@code actionExecutionDetails[]}).
     *
     * @param status              {@code InProgress}, {@code Abandoned}, {@code Succeeded}, {@code Failed}
     * @param externalExecutionId for a CodeDeploy action, the deployment id; for CodeBuild, the build id
     * @param summary             the external execution's summary (an approval's comment, a failure's message)
     * @param errorCode           the failure's code, when it failed and said; may be empty
     * @param updatedBy           who last changed it (an approver's ARN); may be empty
     * @param actionExecutionId   this run's own id ({@code actionExecutionId}): a retried action runs again in the
     *                            same execution under a new one; empty for runs before March 2020
     * @param errorMessage        the failure's message ({@code output.executionResult.errorDetails.message}), where
     *                            CodePipeline usually says why an action failed; may be empty
     */
    record ActionRun(String executionId, String stage, String action, String category, String provider,
                     String status, Instant startTime, Instant lastUpdate, String externalExecutionId,
                     String externalExecutionUrl, String summary, String errorCode, String updatedBy,
                     String actionExecutionId, String errorMessage) {
        /** A run whose failure, if any, has no message of its own. */
        public ActionRun(String executionId, String stage, String action, String category, String provider,
                         String status, Instant startTime, Instant lastUpdate, String externalExecutionId,
                         String externalExecutionUrl, String summary, String errorCode, String updatedBy,
                         String actionExecutionId) {
            this(executionId, stage, action, category, provider, status, startTime, lastUpdate, externalExecutionId,
                    externalExecutionUrl, summary, errorCode, updatedBy, actionExecutionId, "");
        }

        /** A run without its own id. */
        public ActionRun(String executionId, String stage, String action, String category, String provider,
                         String status, Instant startTime, Instant lastUpdate, String externalExecutionId,
                         String externalExecutionUrl, String summary, String errorCode, String updatedBy) {
            this(executionId, stage, action, category, provider, status, startTime, lastUpdate, externalExecutionId,
                    externalExecutionUrl, summary, errorCode, updatedBy, "");
        }

        public ActionRun {
            errorMessage = errorMessage == null ? "" : errorMessage;
            actionExecutionId = actionExecutionId == null ? "" : actionExecutionId;
            executionId = executionId == null ? "" : executionId;
            stage = stage == null ? "" : stage;
            action = action == null ? "" : action;
            category = category == null ? "" : category;
            provider = provider == null ? "" : provider;
            status = status == null ? "" : status;
            externalExecutionId = externalExecutionId == null ? "" : externalExecutionId;
            externalExecutionUrl = externalExecutionUrl == null ? "" : externalExecutionUrl;
            summary = summary == null ? "" : summary;
            errorCode = errorCode == null ? "" : errorCode;
            updatedBy = updatedBy == null ? "" : updatedBy;
        }

        /** Why it failed: the error's message, else the summary (empty when neither says). */
        public String failure() {
            return !errorMessage.isBlank() ? errorMessage : summary;
        }
    }

    /**
     * An action's latest execution in the pipeline's state ({@code stageStates[].actionStates[]}).
     *
     * @param stageExecutionId the execution its stage is running or last ran ({@code stageStates[].latestExecution})
     * @param status           {@code InProgress}, {@code Abandoned}, {@code Succeeded}, {@code Failed}; empty when it never ran
     * @param token            a manual approval's token while it waits; empty otherwise
     * @param summary          an approval's comment, or a failure's summary
     * @param lastUpdatedBy    who decided an approval (an ARN); may be empty
     * @param lastStatusChange may be null
     * @param actionExecutionId the action's latest run's own id ({@code latestExecution.actionExecutionId}); empty
     *                          when it never ran or CodePipeline gives none
     */
    record ActionState(String stage, String action, String stageExecutionId, String status, String token,
                       String summary, String lastUpdatedBy, Instant lastStatusChange, String actionExecutionId) {
        /** A state without its run's own id. */
        public ActionState(String stage, String action, String stageExecutionId, String status, String token,
                           String summary, String lastUpdatedBy, Instant lastStatusChange) {
            this(stage, action, stageExecutionId, status, token, summary, lastUpdatedBy, lastStatusChange, "");
        }

        public ActionState {
            actionExecutionId = actionExecutionId == null ? "" : actionExecutionId;
            stage = stage == null ? "" : stage;
            action = action == null ? "" : action;
            stageExecutionId = stageExecutionId == null ? "" : stageExecutionId;
            status = status == null ? "" : status;
            token = token == null ? "" : token;
            summary = summary == null ? "" : summary;
            lastUpdatedBy = lastUpdatedBy == null ? "" : lastUpdatedBy;
        }
    }
}
