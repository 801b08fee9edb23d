package io.codebuildnotifier.sources.pipeline;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where things are in the CodePipeline console, and how the console's words read. */
final class Console {
    private Console() {
    }

    private static String base(String region, String pipeline) {
        return "https://" + region + ".console.aws.amazon.com/codesuite/codepipeline/pipelines/" + encode(pipeline);
    }

    /** The pipeline's page, where a waiting approval is reviewed and approved or rejected. */
    static String pipeline(String region, String pipeline) {
        return base(region, pipeline) + "/view?region=" + region;
    }

    /** An execution's timeline. */
    static String execution(String region, String pipeline, String execution) {
        return base(region, pipeline) + "/executions/" + encode(execution) + "/timeline?region=" + region;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The name at the end of an IAM or STS ARN ({@code arn:aws:iam::123456789012:user/jane} is {@code jane},
     * {@code arn:aws:sts::123456789012:assumed-role/Admin/jane@example.com} is {@code jane@example.com}); anything
     * else as it is.
     */
    static String nameIn(String arn) {
        if (arn == null) {
            return "";
        }
        String value = arn.strip();
        if (!value.startsWith("arn:")) {
            return value;
        }
        int slash = value.lastIndexOf('/');
        int colon = value.lastIndexOf(':');
        return value.substring(Math.max(slash, colon) + 1);
    }

}
