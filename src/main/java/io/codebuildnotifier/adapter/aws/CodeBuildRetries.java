package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.BuildRetries;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.AccountLimitExceededException;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.codebuild.model.ResourceNotFoundException;

/**
 * Retries builds with CodeBuild's {@code RetryBuild}, with the caller's idempotency token (CodeBuild starts one
 * build for one token within five minutes). A build CodeBuild does not know, or one it will not retry, is
 * permanent; throttling and outages are transient; a denial names {@code codebuild:RetryBuild}.
 */
public final class CodeBuildRetries implements BuildRetries {
    private final CodeBuildClient client;

    public CodeBuildRetries(CodeBuildClient client) {
        this.client = client;
    }

    @Override
    public Retried retry(String buildId, String token, Deadline deadline) {
        Build build;
        try {
            build = client.retryBuild(r -> r.id(buildId).idempotencyToken(token)
                    .overrideConfiguration(AwsCalls.within(deadline, "CodeBuild RetryBuild"))).build();
        } catch (ResourceNotFoundException e) {
            throw new PermanentFailure("CodeBuild has no build " + buildId + " to retry", e);
        } catch (InvalidInputException e) {
            throw new PermanentFailure("CodeBuild will not retry build " + buildId + ": " + e.awsErrorDetails()
                    .errorMessage(), e);
        } catch (AccountLimitExceededException e) {
            throw new TransientFailure("CodeBuild RetryBuild of " + buildId + " is over the account's limit of "
                    + "concurrent builds", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("CodeBuild RetryBuild", "codebuild:RetryBuild", "the project "
                    + project(buildId), "grant it to the interactions function's role", e);
        }
        if (build == null || build.id() == null) {
            throw new TransientFailure("CodeBuild RetryBuild of " + buildId + " answered no build");
        }
        return new Retried(build.id(), build.buildNumber() == null ? 0 : build.buildNumber(), url(build));
    }

    /** The build's page in the CodeBuild console of its own region (from its ARN), as the notifications link it. */
    static String url(Build build) {
        String arn = build.arn() == null ? "" : build.arn();
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || parts[3].isEmpty() || parts[4].isEmpty()) {
            return "";
        }
        String region = parts[3];
        String project = build.projectName() != null ? build.projectName() : project(build.id());
        return "https://" + region + ".console.aws.amazon.com/codesuite/codebuild/" + parts[4]
                + "/projects/" + encode(project) + "/build/" + encode(build.id()) + "/?region=" + region;
    }

    private static String project(String buildId) {
        String id = buildId.contains(":build/") ? buildId.substring(buildId.indexOf(":build/") + 7) : buildId;
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(0, colon);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
