package io.codebuildnotifier.function;

import java.util.Map;

/**
 * How the events function writes its one record per event, chosen by the composition root.
 * <ul>
 *   <li>{@link #JSON}: one JSON object per event, the fields an operator queries plus CloudWatch
 *       metrics in the embedded metric format; what runs in Lambda;</li>
 *   <li>{@link #HUMAN}: one readable line per event ({@code codebuild-notifier: ...}); the replay,
 *       the sandbox and the tests.</li>
 * </ul>
 */
public enum LogFormat {
    JSON,
    HUMAN;

    /**
     * JSON inside Lambda (Lambda sets {@code AWS_LAMBDA_FUNCTION_NAME}, and {@code AWS_LAMBDA_LOG_FORMAT}
     * from the function's {@code LoggingConfig}), human-readable anywhere else.
     */
    public static LogFormat forEnvironment(Map<String, String> env) {
        boolean inLambda = notBlank(env.get("AWS_LAMBDA_FUNCTION_NAME"))
                || "JSON".equalsIgnoreCase(env.getOrDefault("AWS_LAMBDA_LOG_FORMAT", ""));
        return inLambda ? JSON : HUMAN;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
