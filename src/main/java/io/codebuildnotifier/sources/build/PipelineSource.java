package io.codebuildnotifier.sources.build;

import io.codebuildnotifier.chain.Pipelines;
import io.codebuildnotifier.git.Repository;
import io.codebuildnotifier.kernel.Deadline;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a build that CodePipeline started comes from (source type {@code CODEPIPELINE}, initiator
 * {@code codepipeline/PIPELINE}): its commit is the build's resolved source version, and its repository
 * and branch are those of the pipeline's source action that produced that revision. With one source
 * action that is the action (one {@code GetPipeline}); with several, the pipeline's recent action runs
 * name the execution that ran the build ({@code ListActionExecutions}), whose revisions name the source
 * artifact of the build's commit ({@code GetPipelineExecution}), which names the action.
 */
final class PipelineSource {
    static final String SOURCE_TYPE = "CODEPIPELINE";
    static final String INITIATOR_PREFIX = "codepipeline/";
    /** How many of a pipeline's latest action runs are searched for the run of a build (one page). */
    static final int RECENT_RUNS = 50;
    /** CodePipeline's pipeline names. */
    private static final Pattern PIPELINE_NAME = Pattern.compile("[A-Za-z0-9.@_-]{1,100}");
    /** A git commit id, as CodeCommit and GitHub give it. */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}");

    /** A CodePipeline that knows no pipeline: every pipeline-started build is skipped, saying so. */
    static final Pipelines UNKNOWN = new Pipelines() {
        @Override
        public Optional<Definition> definition(String pipeline, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public Optional<Execution> execution(String pipeline, String executionId, Deadline deadline) {
            return Optional.empty();
        }

        @Override
        public List<ActionRun> actionRuns(String pipeline, String executionId, Deadline deadline) {
            return List.of();
        }

        @Override
        public List<ActionRun> recentActionRuns(String pipeline, int limit, Deadline deadline) {
            return List.of();
        }

        @Override
        public List<ActionState> state(String pipeline, Deadline deadline) {
            return List.of();
        }

        @Override
        public List<String> names(Deadline deadline) {
            return List.of();
        }
    };

    /** The repository and placement of a pipeline-started build, or why it has none. */
    sealed interface Traced {
        record Found(Repository repo, Placement.Placed placed) implements Traced { }

        record Untraced(String why) implements Traced { }
    }

    private final Pipelines pipelines;

    PipelineSource(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    static boolean startedByPipeline(Build build) {
        return SOURCE_TYPE.equalsIgnoreCase(build.sourceType());
    }

    Traced trace(Build build, Deadline deadline) {
        String initiator = build.initiator();
        String pipeline = initiator.startsWith(INITIATOR_PREFIX) ? initiator.substring(INITIATOR_PREFIX.length()) : "";
        if (!PIPELINE_NAME.matcher(pipeline).matches()) {
            return new Traced.Untraced("CodePipeline started the build, but its initiator "
                    + (initiator.matches("[A-Za-z0-9./@_-]{1,120}") ? "'" + initiator + "'" : "(unreadable)")
                    + " names no pipeline");
        }
        if (pipelines == UNKNOWN) {
            return new Traced.Untraced("pipeline " + pipeline + " started the build, and CodePipeline is not read here");
        }
        if (build.commit().isEmpty()) {
            return new Traced.Untraced("CodeBuild reports no resolved commit for the build");
        }
        if (!COMMIT.matcher(build.commit()).matches()) {
            return new Traced.Untraced("the revision pipeline " + pipeline + " gave the build is not a git commit");
        }
        Optional<Pipelines.Definition> found = pipelines.definition(pipeline, deadline);
        if (found.isEmpty()) {
            return new Traced.Untraced("pipeline " + pipeline + ", which started the build, no longer exists");
        }
        Pipelines.Definition definition = found.get();
        List<Pipelines.Action> sources = definition.sources();
        if (sources.isEmpty()) {
            return new Traced.Untraced("pipeline " + pipeline + " has no source action");
        }
        String shortSha = build.commit().substring(0, 7);
        Optional<Pipelines.ActionRun> run = pipelines.recentActionRuns(pipeline, RECENT_RUNS, deadline).stream()
                .filter(r -> r.externalExecutionId().equals(build.id()) || r.externalExecutionId().equals(build.arn()))
                .findFirst();
        if (sources.size() == 1) {
            Pipelines.Action only = sources.get(0);
            String how = "source action " + name(only) + " of pipeline " + pipeline;
            if (run.isEmpty() || run.get().executionId().isEmpty()) {
                // not among the latest runs (a late event): the pipeline's one source is the build's
                return placedOn(only, pipeline, how, build);
            }
            // the execution that ran the build confirms the revision its one source gave
            String executionId = run.get().executionId();
            Optional<Pipelines.Execution> execution = pipelines.execution(pipeline, executionId, deadline);
            List<String> given = execution.map(e -> e.revisions().stream().filter(r -> only.outputs().isEmpty()
                    || only.outputs().contains(r.source())).map(Pipelines.SourceRevision::revisionId).toList())
                    .orElse(List.of());
            if (!given.isEmpty() && given.stream().noneMatch(r -> r.equalsIgnoreCase(build.commit()))) {
                return new Traced.Untraced("execution " + executionId + " of pipeline " + pipeline + ", which ran the "
                        + "build, gave revision " + abbreviated(given.get(0)) + ", not commit " + shortSha);
            }
            return placedOn(only, pipeline, how + (given.isEmpty() ? "" : ", execution " + executionId), build);
        }
        String several = "pipeline " + pipeline + " has " + sources.size() + " source actions, and ";
        if (run.isEmpty() || run.get().executionId().isEmpty()) {
            return new Traced.Untraced(several + "none of its latest " + RECENT_RUNS
                    + " action runs ran the build, so which one gave commit " + shortSha + " is not known");
        }
        String executionId = run.get().executionId();
        Optional<Pipelines.Execution> execution = pipelines.execution(pipeline, executionId, deadline);
        if (execution.isEmpty()) {
            return new Traced.Untraced(several + "its execution " + executionId + " that ran the build is gone");
        }
        Optional<String> artifact = execution.get().revisions().stream()
                .filter(r -> r.revisionId().equalsIgnoreCase(build.commit()))
                .map(Pipelines.SourceRevision::source)
                .findFirst();
        if (artifact.isEmpty()) {
            return new Traced.Untraced(several + "none of the revisions of its execution " + executionId
                    + " that ran the build is commit " + shortSha);
        }
        Optional<Pipelines.Action> action = definition.sourceOf(artifact.get());
        if (action.isEmpty()) {
            return new Traced.Untraced(several + "none of them now outputs the artifact " + artifact.get()
                    + " of commit " + shortSha);
        }
        return placedOn(action.get(), pipeline, "source action " + name(action.get()) + " of pipeline " + pipeline
                + ", execution " + executionId, build);
    }

    private static Traced placedOn(Pipelines.Action action, String pipeline, String how, Build build) {
        Optional<Repository> repo = action.repository(build.region(), Optional.empty());
        if (repo.isEmpty()) {
            return new Traced.Untraced("the source action " + name(action) + " of pipeline " + pipeline + " ("
                    + (action.provider().isEmpty() ? "no provider" : action.provider())
                    + ") reads no GitHub or CodeCommit repository");
        }
        Optional<String> branch = action.branch();
        if (branch.isEmpty()) {
            return new Traced.Untraced("the source action " + name(action) + " of pipeline " + pipeline
                    + " names no branch");
        }
        return new Traced.Found(repo.get(), (Placement.Placed) Placement.placed(SourceRef.branch(branch.get()), how,
                Optional.empty()));
    }

    private static String abbreviated(String revision) {
        return revision.matches("[0-9a-fA-F]{7,64}") ? revision.substring(0, 7) : "(not a commit)";
    }

    private static String name(Pipelines.Action action) {
        return action.stage() + "/" + action.name();
    }
}
