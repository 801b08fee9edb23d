package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.config.Option;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
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
 * Checks the SAM template (and samconfig.toml) as data: no AWS account, no SAM CLI.
 * Intrinsic functions are read in their long form, e.g. {@code !Ref X} becomes
 * {@code {Ref: X}} and {@code !Sub s} becomes {@code {Fn::Sub: s}}.
 */
class TemplateTest {

    private static final Path PROJECT_DIR = Path.of(System.getProperty("basedir", "."));
    private static final String FUNCTION = "NotifierFunction";
    private static final String HISTORY_TABLE = "HistoryTable";
    private static final String ALIAS_TABLE = "AliasTable";
    private static final Set<String> TERMINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "FAULT", "TIMED_OUT");

    private static Map<String, Object> template;

    @BeforeAll
    static void loadTemplate() throws IOException {
        template = loadCloudFormationYaml(PROJECT_DIR.resolve("template.yaml"));
    }

    // ---- the function ------------------------------------------------------

    @Test
    void functionRunsTheLambdaHandlerOnJava21() {
        Map<String, Object> function = resource(FUNCTION);
        assertEquals("AWS::Serverless::Function", function.get("Type"));
        assertEquals("io.codebuildnotifier.adapter.lambda.BuildStateChangeHandler::handleRequest",
                functionSetting("Handler"));
        assertEquals("java21", functionSetting("Runtime"));
        assertEquals(List.of("arm64"), functionSetting("Architectures"));
        assertEquals(512, functionSetting("MemorySize"));
        assertEquals(60, functionSetting("Timeout"));
        assertEquals(".", functionSetting("CodeUri"));
    }

    @Test
    void everyOptionIsPassedToTheFunction() {
        Map<String, Object> variables = environmentVariables();
        for (Option option : Option.values()) {
            assertTrue(variables.containsKey(option.variable()),
                    option.variable() + " is missing from the function's Environment.Variables");
        }
        assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", variables.get("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void everyOptionExceptTheTablesComesFromItsOwnParameter() {
        Map<String, Object> variables = environmentVariables();
        Map<String, Object> parameters = section("Parameters");
        for (Option option : Option.values()) {
            if (option == Option.DYNAMO_TABLE || option == Option.SLACK_ALIAS_TABLE) {
                continue;
            }
            String parameter = refTarget(variables.get(option.variable()));
            assertNotNull(parameter, option.variable() + " should be a !Ref of a parameter");
            assertTrue(parameters.containsKey(parameter),
                    option.variable() + " refers to " + parameter + ", which is not a declared parameter");
        }
    }

    @Test
    void parameterDefaultsMatchTheOptionDefaults() {
        Map<String, Object> variables = environmentVariables();
        for (Option option : Option.values()) {
            if (option == Option.DYNAMO_TABLE || option == Option.SLACK_ALIAS_TABLE) {
                continue;
            }
            String parameter = refTarget(variables.get(option.variable()));
            assertNotNull(parameter, option.variable() + " should be a !Ref of a parameter");
            String expected = option.defaultValue() == null ? "" : option.defaultValue();
            assertEquals(expected, parameterDefault(parameter), "default of " + parameter);
        }
        assertEquals(Option.DYNAMO_TABLE.defaultValue(), parameterDefault("HistoryTableName"));
        assertEquals("", parameterDefault("SlackAliasTable"));
        assertEquals("false", parameterDefault("CreateSlackAliasTable"));
    }

    @Test
    void tableVariablesPointAtTheTables() {
        Map<String, Object> variables = environmentVariables();
        assertEquals(Map.of("Ref", HISTORY_TABLE), variables.get(Option.DYNAMO_TABLE.variable()));
        assertEquals(
                Map.of("Fn::If", List.of("CreateAliasTable", Map.of("Ref", ALIAS_TABLE), Map.of("Ref", "SlackAliasTable"))),
                variables.get(Option.SLACK_ALIAS_TABLE.variable()));
    }

    @Test
    void notifyStrategyParameterAllowsOnlyKnownStrategies() {
        assertEquals(List.of("every_build", "status_change", "fail_or_status_change"),
                parameter("DefaultNotifyStrategy").get("AllowedValues"));
    }

    // ---- the EventBridge rule ----------------------------------------------

    @Test
    void ruleRoutesOnlyFinishedCodeBuildBuilds() {
        Map<String, Object> event = map(map(functionProperties().get("Events")).get("BuildStateChange"));
        assertEquals("EventBridgeRule", event.get("Type"));
        Map<String, Object> properties = map(event.get("Properties"));
        assertFalse(properties.containsKey("EventBusName"), "the rule belongs on the default event bus");

        Map<String, Object> pattern = map(properties.get("Pattern"));
        assertEquals(List.of("aws.codebuild"), pattern.get("source"));
        assertEquals(List.of("CodeBuild Build State Change"), pattern.get("detail-type"));
        List<Object> statuses = list(map(pattern.get("detail")).get("build-status"));
        assertEquals(TERMINAL_STATUSES.size(), statuses.size(), "statuses: " + statuses);
        assertEquals(TERMINAL_STATUSES, Set.copyOf(statuses));
    }

    // ---- the tables --------------------------------------------------------

    @Test
    void historyTableHasTheOriginalSchema() {
        Map<String, Object> table = resource(HISTORY_TABLE);
        assertEquals("AWS::DynamoDB::Table", table.get("Type"));
        Map<String, Object> properties = map(table.get("Properties"));
        assertEquals(Map.of("Ref", "HistoryTableName"), properties.get("TableName"));
        assertEquals("PAY_PER_REQUEST", properties.get("BillingMode"));
        assertEquals(Map.of("commit_hash", "S", "source_id", "S", "version_key", "S"),
                attributeDefinitions(properties));
        assertEquals(List.of("source_id HASH", "version_key RANGE"), keySchema(properties));

        List<Object> indexes = list(properties.get("GlobalSecondaryIndexes"));
        assertEquals(1, indexes.size());
        Map<String, Object> index = map(indexes.get(0));
        assertEquals("commit_hash_index", index.get("IndexName"));
        assertEquals(List.of("commit_hash HASH", "version_key RANGE"), keySchema(index));
        assertEquals(Map.of("ProjectionType", "ALL"), index.get("Projection"));
    }

    @Test
    void aliasTableIsCreatedOnlyWhenAskedAndHasTheOriginalSchema() {
        Map<String, Object> table = resource(ALIAS_TABLE);
        assertEquals("AWS::DynamoDB::Table", table.get("Type"));
        assertEquals("CreateAliasTable", table.get("Condition"));
        Map<String, Object> properties = map(table.get("Properties"));
        assertEquals(Map.of("Ref", "SlackAliasTable"), properties.get("TableName"));
        assertEquals("PAY_PER_REQUEST", properties.get("BillingMode"));
        assertEquals(Map.of("alternate_email", "S"), attributeDefinitions(properties));
        assertEquals(List.of("alternate_email HASH"), keySchema(properties));
        assertFalse(properties.containsKey("GlobalSecondaryIndexes"));

        Map<String, Object> conditions = section("Conditions");
        assertEquals(
                Map.of("Fn::And", List.of(
                        Map.of("Fn::Equals", List.of(Map.of("Ref", "CreateSlackAliasTable"), "true")),
                        Map.of("Condition", "HasSlackAliasTable"))),
                conditions.get("CreateAliasTable"));
    }

    // ---- permissions -------------------------------------------------------

    @Test
    void noStatementGrantsEveryResource() {
        List<Map<String, Object>> statements = policyStatements();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> statement : statements) {
            Object resource = statement.get("Resource");
            assertNotNull(resource, "statement without Resource: " + statement);
            assertFalse(asList(resource).contains("*"), "Resource '*' in " + statement);
        }
    }

    @Test
    void slackSecretAccessIsScopedToTheSecretName() {
        Map<String, Object> statement = statementAllowing("secretsmanager:GetSecretValue");
        String arn = subTemplate(statement.get("Resource"));
        assertTrue(arn.endsWith(":secret:${SlackSecretName}-??????"), arn);
    }

    @Test
    void dynamoDbAccessIsScopedToTheHistoryTableAndItsIndex() {
        Map<String, Object> statement = statementAllowing("dynamodb:PutItem");
        List<String> arns = asList(statement.get("Resource")).stream()
                .map(TemplateTest::subTemplate)
                .collect(Collectors.toList());
        assertEquals(List.of(
                "arn:${AWS::Partition}:dynamodb:${DataRegion}:${AWS::AccountId}:table/${HistoryTable}",
                "arn:${AWS::Partition}:dynamodb:${DataRegion}:${AWS::AccountId}:table/${HistoryTable}/index/commit_hash_index"),
                arns);
        assertEquals(
                Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"),
                Set.copyOf(asList(statement.get("Action"))));
    }

    @Test
    void aliasTablePolicyExistsOnlyWhenAnAliasTableIsConfigured() {
        List<List<Object>> conditional = list(functionProperties().get("Policies")).stream()
                .map(TemplateTest::map)
                .filter(policy -> policy.containsKey("Fn::If"))
                .map(policy -> list(policy.get("Fn::If")))
                .collect(Collectors.toList());
        assertEquals(1, conditional.size());
        List<Object> branches = conditional.get(0);
        assertEquals("HasSlackAliasTable", branches.get(0));
        assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2));
        Map<String, Object> statement = map(list(map(branches.get(1)).get("Statement")).get(0));
        assertEquals("dynamodb:GetItem", statement.get("Action"));
        assertTrue(subTemplate(statement.get("Resource")).endsWith(":table/${SlackAliasTable}"));
    }

    @Test
    void codeBuildAndCodeCommitAccessIsScopedToThisAccountAndRegion() {
        assertEquals("arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/*",
                subTemplate(statementAllowing("codebuild:BatchGetBuilds").get("Resource")));
        assertEquals("arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*",
                subTemplate(statementAllowing("codecommit:GetCommit").get("Resource")));
    }

    // ---- samconfig.toml ----------------------------------------------------

    @Test
    void samconfigHoldsNoSecrets() throws IOException {
        String samconfig = Files.readString(PROJECT_DIR.resolve("samconfig.toml")).toLowerCase(Locale.ROOT);
        for (String forbidden : List.of("token", "xoxb", "xoxp")) {
            assertFalse(samconfig.contains(forbidden), "samconfig.toml mentions " + forbidden);
        }
    }

    // ---- helpers: reading the template -------------------------------------

    private static Map<String, Object> section(String name) {
        return map(template.get(name));
    }

    private static Map<String, Object> resource(String logicalId) {
        Object resource = section("Resources").get(logicalId);
        assertNotNull(resource, "no resource " + logicalId);
        return map(resource);
    }

    private static Map<String, Object> parameter(String name) {
        Object parameter = section("Parameters").get(name);
        assertNotNull(parameter, "no parameter " + name);
        return map(parameter);
    }

    private static Object parameterDefault(String name) {
        return parameter(name).get("Default");
    }

    private static Map<String, Object> functionProperties() {
        return map(resource(FUNCTION).get("Properties"));
    }

    /** A function property, taken from the function itself or else from Globals.Function. */
    private static Object functionSetting(String name) {
        Map<String, Object> properties = functionProperties();
        if (properties.containsKey(name)) {
            return properties.get(name);
        }
        Object globals = template.get("Globals");
        return globals == null ? null : map(map(globals).get("Function")).get(name);
    }

    private static Map<String, Object> environmentVariables() {
        return map(map(functionProperties().get("Environment")).get("Variables"));
    }

    /** The target of {@code {Ref: X}}, or null if the value is anything else. */
    private static String refTarget(Object value) {
        if (value instanceof Map<?, ?> function && function.size() == 1 && function.get("Ref") instanceof String target) {
            return target;
        }
        return null;
    }

    /** The template string of {@code !Sub "..."} or {@code !Sub ["...", {vars}]}. */
    private static String subTemplate(Object value) {
        Object sub = map(value).get("Fn::Sub");
        if (sub instanceof List<?> withVariables) {
            sub = withVariables.get(0);
        }
        return assertInstanceOf(String.class, sub, "not a !Sub: " + value);
    }

    private static Map<String, String> attributeDefinitions(Map<String, Object> properties) {
        return list(properties.get("AttributeDefinitions")).stream()
                .map(TemplateTest::map)
                .collect(Collectors.toMap(a -> (String) a.get("AttributeName"), a -> (String) a.get("AttributeType")));
    }

    /** Key schema as "NAME TYPE" strings, in order. */
    private static List<String> keySchema(Map<String, Object> owner) {
        return list(owner.get("KeySchema")).stream()
                .map(TemplateTest::map)
                .map(key -> key.get("AttributeName") + " " + key.get("KeyType"))
                .collect(Collectors.toList());
    }

    /** Every statement of every inline policy of the function, including both branches of !If. */
    private static List<Map<String, Object>> policyStatements() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(functionProperties().get("Policies"))) {
            collectStatements(policy, statements);
        }
        return statements;
    }

    private static void collectStatements(Object policy, List<Map<String, Object>> into) {
        if (!(policy instanceof Map<?, ?>)) {
            return; // a managed policy name or ARN
        }
        Map<String, Object> document = map(policy);
        if (document.containsKey("Fn::If")) {
            List<Object> branches = list(document.get("Fn::If"));
            collectStatements(branches.get(1), into);
            collectStatements(branches.get(2), into);
        } else if (document.containsKey("Statement")) {
            for (Object statement : asList(document.get("Statement"))) {
                into.add(map(statement));
            }
        }
    }

    private static Map<String, Object> statementAllowing(String action) {
        List<Map<String, Object>> matching = policyStatements().stream()
                .filter(statement -> asList(statement.get("Action")).contains(action))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), "statements allowing " + action);
        return matching.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return assertInstanceOf(Map.class, value, "expected a mapping");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return assertInstanceOf(List.class, value, "expected a sequence");
    }

    /** IAM allows a single value or a list for Action and Resource. */
    private static List<Object> asList(Object value) {
        return value instanceof List<?> ? list(value) : List.of(value);
    }

    // ---- helpers: YAML with CloudFormation short tags ----------------------

    static Map<String, Object> loadCloudFormationYaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml(new CloudFormationConstructor()).load(reader);
            return map(document);
        }
    }

    /** Reads {@code !Ref}, {@code !Sub}, {@code !GetAtt} and the other short forms as their long forms. */
    static final class CloudFormationConstructor extends SafeConstructor {

        private static final Map<String, String> SHORT_TAGS = Map.ofEntries(
                Map.entry("!Ref", "Ref"),
                Map.entry("!Condition", "Condition"),
                Map.entry("!Sub", "Fn::Sub"),
                Map.entry("!GetAtt", "Fn::GetAtt"),
                Map.entry("!If", "Fn::If"),
                Map.entry("!Equals", "Fn::Equals"),
                Map.entry("!Not", "Fn::Not"),
                Map.entry("!And", "Fn::And"),
                Map.entry("!Or", "Fn::Or"),
                Map.entry("!Select", "Fn::Select"),
                Map.entry("!Split", "Fn::Split"),
                Map.entry("!Join", "Fn::Join"),
                Map.entry("!FindInMap", "Fn::FindInMap"),
                Map.entry("!ImportValue", "Fn::ImportValue"),
                Map.entry("!Base64", "Fn::Base64"),
                Map.entry("!Cidr", "Fn::Cidr"),
                Map.entry("!GetAZs", "Fn::GetAZs"));

        CloudFormationConstructor() {
            super(new LoaderOptions());
            SHORT_TAGS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Intrinsic(function)));
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
                    String text = constructScalar(scalar);
                    // !GetAtt Resource.Attribute is short for [Resource, Attribute]
                    argument = function.equals("Fn::GetAtt") && text.contains(".")
                            ? List.of(text.substring(0, text.indexOf('.')), text.substring(text.indexOf('.') + 1))
                            : text;
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
