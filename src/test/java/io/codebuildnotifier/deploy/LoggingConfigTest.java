package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

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
        try (Reader reader = Files.newBufferedReader(PROJECT_DIR.resolve("template.yaml"))) {
            return map(new Yaml(new CloudFormationConstructor()).load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return assertInstanceOf(Map.class, value, "expected a mapping");
    }

    /** Reads the CloudFormation short tags ({@code !Ref}, {@code !Sub}...) as their long forms. */
    static final class CloudFormationConstructor extends SafeConstructor {
        private static final List<String> TAGS = List.of("Ref", "Condition", "Sub", "GetAtt", "If", "Equals",
                "Not", "And", "Or", "Select", "Split", "Join", "FindInMap", "ImportValue", "Base64", "Cidr",
                "GetAZs");

        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String tag : TAGS) {
                String function = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                yamlConstructors.put(new Tag("!" + tag), new Intrinsic(function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    argument = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    argument = constructSequence(sequence);
                } else {
                    argument = constructMapping((MappingNode) node);
                }
                return Map.of(function, argument);
            }
        }
    }
}
