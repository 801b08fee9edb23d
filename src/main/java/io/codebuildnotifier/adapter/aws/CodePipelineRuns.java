package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.PipelineRuns;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ConcurrentPipelineExecutionsLimitExceededException;
import software.amazon.awssdk.services.codepipeline.model.ConflictException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.SourceRevision;

/**
 * Starts pipelines ({@code StartPipelineExecution} with a client request token: one start per token) and lists their
 * latest runs ({@code ListPipelineExecutions}). A pipeline CodePipeline does not know is permanent.
 */
public final class CodePipelineRuns implements PipelineRuns {
    /** {@code clientRequestToken}'s pattern and length (1 to 128). */
    static final Pattern TOKEN = Pattern.compile("^[a-zA-Z0-9-]{1,128}$");
    /** ListPipelineExecutions' largest page. */
    static final int MAX_RESULTS = 100;

    private final Supplier<CodePipelineClient> clients;
    private final String region;

    /**
     * @param clients the client, built when first needed
     * @param region  the region the pipelines are in, for their console pages
     */
    public CodePipelineRuns(Supplier<CodePipelineClient> clients, String region) {
        this.clients = clients;
        this.region = region;
    }

    @Override
    public String start(String pipeline, String clientToken, Deadline deadline) {
        String token = requestToken(clientToken);
        String id;
        try {
            id = clients.get().startPipelineExecution(r -> r.name(pipeline).clientRequestToken(token)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline StartPipelineExecution")))
                    .pipelineExecutionId();
        } catch (PipelineNotFoundException e) {
            throw new PermanentFailure("CodePipeline has no pipeline " + pipeline, e);
        } catch (ConcurrentPipelineExecutionsLimitExceededException e) {
            throw new PermanentFailure("pipeline " + pipeline + " runs as many executions as it may", e);
        } catch (ConflictException e) {
            throw new TransientFailure("pipeline " + pipeline + " is being changed: " + e.awsErrorDetails()
                    .errorMessage(), e);
        } catch (SdkException e) {
            throw failure("StartPipelineExecution", pipeline, e);
        }
        if (id == null || id.isEmpty()) {
            throw new TransientFailure("CodePipeline StartPipelineExecution of " + pipeline + " answered no execution");
        }
        return id;
    }

    /**
     * A token CodePipeline accepts ({@link #TOKEN}) for any token of ours: kept when it already fits, else
     * {@code sha256-} and the hex SHA-256 of it (the same token always gives the same one).
     */
    static String requestToken(String clientToken) {
        String given = clientToken == null ? "" : clientToken;
        if (TOKEN.matcher(given).matches()) {
            return given;
        }
        try {
            return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(given.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public List<Run> latest(String pipeline, int limit, Deadline deadline) {
        if (limit <= 0) {
            return List.of();
        }
        List<PipelineExecutionSummary> summaries;
        try {
            summaries = clients.get().listPipelineExecutions(r -> r.pipelineName(pipeline)
                    .maxResults(Math.min(limit, MAX_RESULTS))
                    .overrideConfiguration(AwsCalls.within(deadline, "CodePipeline ListPipelineExecutions")))
                    .pipelineExecutionSummaries();
        } catch (PipelineNotFoundException e) {
            throw new PermanentFailure("CodePipeline has no pipeline " + pipeline, e);
        } catch (SdkException e) {
            throw failure("ListPipelineExecutions", pipeline, e);
        }
        List<Run> runs = new ArrayList<>();
        for (PipelineExecutionSummary s : summaries) {
            if (s == null || s.pipelineExecutionId() == null || runs.size() >= limit) {
                continue;
            }
            SourceRevision revision = s.sourceRevisions().stream().filter(r -> r != null).findFirst().orElse(null);
            runs.add(new Run(s.pipelineExecutionId(), s.statusAsString() == null ? "" : s.statusAsString(),
                    s.startTime() == null ? Instant.EPOCH : s.startTime(),
                    s.trigger() == null || s.trigger().triggerTypeAsString() == null ? ""
                            : s.trigger().triggerTypeAsString(),
                    revision == null || revision.revisionId() == null ? "" : revision.revisionId()));
        }
        return runs;
    }

    /** An execution's timeline in the CodePipeline console, as the pipeline notifications link it. */
    @Override
    public String executionUrl(String pipeline, String executionId) {
        return "https://" + region + ".console.aws.amazon.com/codesuite/codepipeline/pipelines/" + encode(pipeline)
                + "/executions/" + encode(executionId) + "/timeline?region=" + region;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static RuntimeException failure(String operation, String pipeline, SdkException e) {
        return AwsErrors.classify("CodePipeline " + operation, "codepipeline:" + operation, "the pipeline " + pipeline,
                "grant it to the interactions function's role", e);
    }
}
