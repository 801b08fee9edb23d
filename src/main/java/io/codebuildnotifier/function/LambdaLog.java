package io.codebuildnotifier.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * Where the handlers' log records go: Lambda's logger in Lambda, standard output elsewhere (the replay, the tests
 * without a context).
 */
final class LambdaLog {
    private LambdaLog() {
    }

    /**
     * A line of text: with Lambda's JSON log format, Lambda wraps it as the {@code message} of its own record.
     * {@code line} must already be one line ({@code LogText.oneLine}).
     */
    static void line(Context context, String line) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        if (logger != null) {
            logger.log(line + "\n");
        } else {
            System.out.println(line);
        }
    }

    /**
     * A JSON record as it is: Lambda writes bytes unchanged, so CloudWatch reads the embedded metrics in it (a string
     * would be wrapped as the {@code message} of Lambda's record).
     */
    static void record(Context context, String json) {
        LambdaLogger logger = context == null ? null : context.getLogger();
        if (logger != null) {
            logger.log((json + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            System.out.println(json);
        }
    }
}
