package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.failure.MisconfigurationFailure;
import io.codebuildnotifier.failure.PermanentFailure;
import io.codebuildnotifier.failure.TransientFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Sorts AWS SDK errors into transient, misconfiguration and permanent ones. */
final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * @param what what was being done, for the message ("CodeBuild BatchGetBuilds")
     */
    static RuntimeException classify(String what, SdkException e) {
        if (e instanceof SdkClientException) {
            return new TransientFailure(what + " could not be reached: " + e.getMessage(), e);
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (service.isThrottlingException() || status >= 500 || status == 429) {
                return new TransientFailure(what + " failed with " + code + " (HTTP " + status + ")", e);
            }
            if (status == 403 || "AccessDeniedException".equals(code) || "UnrecognizedClientException".equals(code)
                    || "ExpiredTokenException".equals(code)) {
                return new MisconfigurationFailure(what + " was denied (" + code
                        + "): check the function's IAM role and region", e);
            }
            return new PermanentFailure(what + " failed with " + code + ": " + service.getMessage(), e);
        }
        return new TransientFailure(what + " failed: " + e.getMessage(), e);
    }
}
