package io.codebuildnotifier.testkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of Lambda's context for a handler under test: a request id, the time left, a
 * function name, and a logger that keeps what was logged as text ({@link #strings}) and as bytes
 * ({@link #bytes}), as Lambda's logger tells them apart.
 */
public final class TestLambdaContext implements Context {
    private final String requestId;
    private final int remainingMs;
    public final List<String> strings = new CopyOnWriteArrayList<>();
    public final List<String> bytes = new CopyOnWriteArrayList<>();

    public TestLambdaContext(String requestId, int remainingMs) {
        this.requestId = requestId;
        this.remainingMs = remainingMs;
    }

    /** Everything logged, strings and bytes, in no particular order between the two. */
    public List<String> logged() {
        List<String> all = new java.util.ArrayList<>(strings);
        all.addAll(bytes);
        return all;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/codebuild-notifier-test";
    }

    @Override
    public String getLogStreamName() {
        return "stream";
    }

    @Override
    public String getFunctionName() {
        return "codebuild-notifier-test";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMs;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 256;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                strings.add(message);
            }

            @Override
            public void log(byte[] message) {
                bytes.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
