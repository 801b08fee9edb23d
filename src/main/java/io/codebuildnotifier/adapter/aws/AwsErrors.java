package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import io.codebuildnotifier.kernel.TransientFailure;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sorts AWS SDK errors: outages and throttling are transient (retry), malformed input is
 * permanent (log and drop), and anything else is a misconfiguration (fail loudly). An error we
 * do not recognise is never taken for "nothing to do".
 */
final class AwsErrors {
    private static final Set<String> TRANSIENT = Set.of("ThrottlingException", "Throttling",
            "ProvisionedThroughputExceededException", "RequestLimitExceeded", "TooManyRequestsException",
            "TransactionConflictException", "TransactionInProgressException", "InternalServerError",
            "InternalServiceError", "InternalFailure", "ServiceUnavailable", "LimitExceededException",
            "EncryptionKeyUnavailableException", "EncryptionKeyThrottledException");
    private static final Set<String> TRANSIENT_REASONS = Set.of("TransactionConflict", "ThrottlingError",
            "ProvisionedThroughputExceeded", "RequestLimitExceeded", "InternalServerError");
    private static final Set<String> PERMANENT = Set.of("InvalidInputException");

    private AwsErrors() {
    }

    /**
     * Whether the role may not make this call ({@code AccessDeniedException}, {@code AccessDenied}, or a 403 that
     * names nothing else): a grant is missing for this resource. A 403 about the request itself (an expired or invalid
     * signature, a missing or unrecognised token) is not: that is the function's credentials, for every event alike.
     */
    static boolean accessDenied(AwsServiceException e) {
        String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
        if (code.contains("AccessDenied")) {
            return true;
        }
        return e.statusCode() == 403 && !e.isThrottlingException() && !CREDENTIALS.contains(code)
                && !code.contains("Signature") && !code.contains("Token");
    }

    /** Errors of the request's credentials or signature, not of what it asks for. */
    private static final Set<String> CREDENTIALS = Set.of("InvalidSignatureException", "SignatureDoesNotMatch",
            "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken",
            "MissingAuthenticationTokenException", "UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredToken", "ExpiredTokenException", "RequestExpired", "AuthFailure");

    /**
     * As {@link #classify(String, SdkException)}, and a denial says what to grant: the IAM action the function's role
     * lacks, on what, and what to do then ("grant it and redrive the event").
     *
     * @param iamAction the action the call needs ({@code codedeploy:GetDeployment})
     * @param onWhat    the resource, in words ("the repository gadgets")
     */
    static RuntimeException classify(String what, String iamAction, String onWhat, String fix, SdkException e) {
        if (e instanceof AwsServiceException service && accessDenied(service)) {
            String code = service.awsErrorDetails() == null || service.awsErrorDetails().errorCode() == null ? ""
                    : service.awsErrorDetails().errorCode();
            return new MisconfigurationFailure(what + " was denied" + (code.isEmpty() ? "" : " (" + code + ")")
                    + ": the function's role needs " + iamAction + " on " + onWhat + "; " + fix, e);
        }
        return classify(what, e);
    }

    /**
     * @param what what was being done, for the message ("CodeBuild BatchGetBuilds")
     */
    static RuntimeException classify(String what, SdkException e) {
        if (e instanceof SdkClientException) {
            return new TransientFailure(what + " could not be reached: " + e.getMessage(), e);
        }
        if (e instanceof TransactionCanceledException cancelled) {
            boolean transientReason = cancelled.cancellationReasons().stream()
                    .map(CancellationReason::code).anyMatch(TRANSIENT_REASONS::contains);
            String reasons = cancelled.cancellationReasons().stream().map(CancellationReason::code).toList().toString();
            return transientReason
                    ? new TransientFailure(what + " was cancelled " + reasons, e)
                    : new MisconfigurationFailure(what + " was cancelled " + reasons, e);
        }
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            int status = service.statusCode();
            if (service.isThrottlingException() || status >= 500 || status == 429 || TRANSIENT.contains(code)) {
                return new TransientFailure(what + " failed with " + code + " (HTTP " + status + ")", e);
            }
            if (PERMANENT.contains(code)) {
                return new PermanentFailure(what + " failed with " + code + ": " + service.getMessage(), e);
            }
            if (status == 403 || code.contains("AccessDenied") || "UnrecognizedClientException".equals(code)
                    || "ExpiredTokenException".equals(code)) {
                return new MisconfigurationFailure(what + " was denied (" + code
                        + "): check the function's IAM role and region", e);
            }
            return new MisconfigurationFailure(what + " failed with " + code + " (HTTP " + status + "): "
                    + service.getMessage(), e);
        }
        return new TransientFailure(what + " failed: " + e.getMessage(), e);
    }
}
