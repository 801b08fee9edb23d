package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function logs in Lambda's JSON format: its one record per event is a JSON object, and the
 * metrics in it (embedded metric format) need no grant, since CloudWatch reads them from the log.
 */
class LoggingConfigTest {

    private static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", "."));

    @Test
    void theFunctionLogsJsonAtInfoAndLambdaOnlyWarns() throws IOException {
        Map<String, Object> function = map(map(load().get("Resources")).get("NotifierFunction"));
        Map<String, Object> logging = map(map(function.get("Properties")).get("LoggingConfig"));
        assertEquals("JSON", logging.get("LogFormat"));
        assertEquals("INFO", logging.get("ApplicationLogLevel"));
        assertEquals("WARN", logging.get("SystemLogLevel"));
        assertFalse(logging.containsKey("LogGroup"), "the default log group /aws/lambda/<function> is kept");
    }

    @Test
    void metricsNeedNoCloudWatchGrant() throws IOException {
        Map<String, Object> function = map(map(load().get("Resources")).get("NotifierFunction"));
        String policies = String.valueOf(map(function.get("Properties")).get("Policies"));
        assertFalse(policies.contains("cloudwatch:PutMetricData"), policies);
    }

    private static Map<String, Object> load() throws IOException {
        return TemplateTest.loadCloudFormationYaml(PROJECT_DIR.resolve("template.yaml"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return assertInstanceOf(Map.class, value, "expected a mapping");
    }
}
