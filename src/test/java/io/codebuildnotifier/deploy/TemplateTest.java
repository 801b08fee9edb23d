package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.function.Option;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    private static final String FAILED_QUEUE = "FailedInvocationsQueue";
    private static final String UNDELIVERED_QUEUE = "UndeliveredEventsQueue";
    private static final Set<String> TERMINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "FAULT", "TIMED_OUT");

    private static Map<String, Object> template;

    @BeforeAll
    static void loadTemplate() throws IOException {
        template = loadCloudFormationYaml(PROJECT_DIR.resolve("template.yaml"));
    }

    // ---- the function ------------------------------------------------------

    @Test
    void theHandlerInTheTemplateIsALambdaStreamHandlerInTheJar() throws ClassNotFoundException {
        assertEquals("AWS::Serverless::Function", resource(FUNCTION).get("Type"));
        String handler = String.valueOf(functionSetting("Handler"));
        assertTrue(handler.endsWith("::handleRequest"), handler);
        Class<?> type = Class.forName(handler.substring(0, handler.indexOf("::")));
        assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(type), handler);
        // the bytecode level the pom compiles for is the runtime's
        assertEquals("java21", functionSetting("Runtime"));
    }

    /**
     * java21 runs Java with C1 only, the JIT setting the benchmark chose: a JAVA_TOOL_OPTIONS setting it
     * again would be redundant there, and on java25 would undo that runtime's full tiered compilation.
     */
    @Test
    void theRuntimesOwnJitSettingIsNotOverridden() {
        Map<String, Object> variables = environmentVariables();
        assertFalse(variables.containsKey("JAVA_TOOL_OPTIONS"), "JAVA_TOOL_OPTIONS: " + variables.get("JAVA_TOOL_OPTIONS"));
        assertFalse(variables.containsKey("JDK_JAVA_OPTIONS"));
        assertFalse(variables.containsKey("_JAVA_OPTIONS"));
    }

    /** The memory size (and with it the CPU share) is a parameter, 256 MB by default (README, Performance). */
    @Test
    void memorySizeIsAParameterOf256MbByDefault() {
        assertEquals(Map.of("Ref", "MemorySize"), functionSetting("MemorySize"));
        Map<String, Object> memory = parameter("MemorySize");
        assertEquals("Number", memory.get("Type"));
        assertEquals(256, memory.get("Default"));
        assertEquals(256, memory.get("MinValue"), "the JVM peaks at about 125 MB RSS: 128 MB is too little");
        assertEquals(10240, memory.get("MaxValue"), "Lambda's largest");
    }

    @Test
    void snapStartSnapshotsPublishedVersionsThatTheEventsInvoke() {
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), functionSetting("SnapStart"));
        assertEquals("live", functionSetting("AutoPublishAlias"));
    }

    @Test
    void samBuildShipsTheShadedJarWithoutRunningTests() throws IOException {
        assertEquals(Map.of("BuildMethod", "makefile"), resource(FUNCTION).get("Metadata"));

        // sam build runs `make build-<LogicalId>` with ARTIFACTS_DIR set.
        List<String> lines = Files.readAllLines(PROJECT_DIR.resolve("Makefile"));
        int target = lines.indexOf("build-" + FUNCTION + ":");
        assertTrue(target >= 0, "Makefile has no target build-" + FUNCTION);
        List<String> recipe = new ArrayList<>();
        for (int i = target + 1; i < lines.size() && lines.get(i).startsWith("\t"); i++) {
            recipe.add(lines.get(i).trim());
        }
        assertTrue(recipe.contains("mvn -B -q -DskipTests package"), "recipe: " + recipe);
        assertTrue(recipe.contains("cp target/codebuild-notifier.jar \"$(ARTIFACTS_DIR)/lib/\""), "recipe: " + recipe);
    }

    @Test
    void everyOptionIsPassedToTheFunction() {
        Map<String, Object> variables = environmentVariables();
        for (Option option : Option.values()) {
            assertTrue(variables.containsKey(option.variable()),
                    option.variable() + " is missing from the function's Environment.Variables");
        }
    }

    /** A plain parameter, never a resource: `sam local invoke` resolves a resource's !Ref to its logical id. */
    @Test
    void everyOptionComesFromItsOwnParameter() {
        Map<String, Object> variables = environmentVariables();
        Map<String, Object> parameters = section("Parameters");
        Set<String> used = new HashSet<>();
        for (Option option : Option.values()) {
            if (option == Option.DELIVERY_QUEUE_URL) {
                continue; // the stack's own queue (theNotifierQueuesForTheSenderFunction)
            }
            String parameter = refTarget(variables.get(option.variable()));
            assertNotNull(parameter, option.variable() + " should be a !Ref of a parameter");
            assertTrue(parameters.containsKey(parameter),
                    option.variable() + " refers to " + parameter + ", which is not a declared parameter");
            assertTrue(used.add(parameter), parameter + " is passed as more than one variable");
        }
    }

    @Test
    void parameterDefaultsMatchTheOptionDefaults() {
        Map<String, Object> variables = environmentVariables();
        for (Option option : Option.values()) {
            if (option == Option.DELIVERY_QUEUE_URL) {
                continue;
            }
            String parameter = refTarget(variables.get(option.variable()));
            assertNotNull(parameter, option.variable() + " should be a !Ref of a parameter");
            String expected = option.defaultValue() == null ? "" : option.defaultValue();
            assertEquals(expected, String.valueOf(parameterDefault(parameter)), "default of " + parameter);
        }
        assertEquals("true", parameterDefault("CreateHistoryTable"));
        assertEquals("false", parameterDefault("CreateSlackAliasTable"));
    }

    @Test
    void tableVariablesAreTheTableNameParameters() {
        Map<String, Object> variables = environmentVariables();
        assertEquals(Map.of("Ref", "HistoryTableName"), variables.get(Option.DYNAMO_TABLE.variable()));
        assertEquals(Map.of("Ref", "SlackAliasTable"), variables.get(Option.SLACK_ALIAS_TABLE.variable()));
        assertEquals(Map.of("Ref", "ReconcileWindowMinutes"),
                variables.get(Option.RECONCILE_WINDOW_MINUTES.variable()));
        assertEquals(Map.of("Ref", "ReconcileProjects"), variables.get(Option.RECONCILE_PROJECTS.variable()));
    }

    @Test
    void notifyStrategyParameterAllowsOnlyKnownStrategies() {
        assertEquals(List.of("every_build", "status_change", "fail_or_status_change"),
                parameter("DefaultNotifyStrategy").get("AllowedValues"));
    }

    @Test
    void everyParameterIsInExactlyOneConsoleGroup() {
        Map<String, Object> interfaceMetadata = map(map(template.get("Metadata")).get("AWS::CloudFormation::Interface"));
        List<Object> grouped = new ArrayList<>();
        for (Object group : list(interfaceMetadata.get("ParameterGroups"))) {
            grouped.addAll(list(map(group).get("Parameters")));
        }
        assertEquals(grouped.size(), Set.copyOf(grouped).size(), "a parameter is in two groups: " + grouped);
        assertEquals(section("Parameters").keySet(), Set.copyOf(grouped));
    }

    @Test
    void switchParametersAreTrueOrFalse() {
        for (String name : List.of("CreateHistoryTable", "CreateSlackAliasTable", "ReconcileEnabled")) {
            assertEquals(List.of("true", "false"), parameter(name).get("AllowedValues"), name);
        }
    }

    // ---- the EventBridge rules ---------------------------------------------

    @Test
    void ruleRoutesFinishedBuildsAndStartsOnlyForRollups() {
        Map<String, Object> event = functionEvent("BuildStateChange");
        assertEquals("EventBridgeRule", event.get("Type"));
        Map<String, Object> properties = map(event.get("Properties"));
        assertFalse(properties.containsKey("EventBusName"), "the rule belongs on the default event bus");

        Map<String, Object> pattern = map(properties.get("Pattern"));
        assertEquals(List.of("aws.codebuild"), pattern.get("source"));
        assertEquals(List.of("CodeBuild Build State Change"), pattern.get("detail-type"));
        List<Object> choice = list(map(map(pattern.get("detail")).get("build-status")).get("Fn::If"));
        assertEquals("RollupOn", choice.get(0));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "CommitRollup"), "true")),
                section("Conditions").get("RollupOn"));
        Set<Object> withStarts = new HashSet<>(TERMINAL_STATUSES);
        withStarts.add("IN_PROGRESS"); // a push's start counts its project in the commit's rollup ("2 of 5")
        assertEquals(withStarts, Set.copyOf(list(choice.get(1))));
        assertEquals(withStarts.size(), list(choice.get(1)).size());
        assertEquals(TERMINAL_STATUSES, Set.copyOf(list(choice.get(2))));
        assertEquals(TERMINAL_STATUSES.size(), list(choice.get(2)).size());
    }

    @Test
    void ruleRetriesForADayThenDeadLettersIntoUndeliveredEventsQueue() {
        Map<String, Object> properties = map(functionEvent("BuildStateChange").get("Properties"));
        assertEquals(Map.of("Arn", getAtt(UNDELIVERED_QUEUE, "Arn")), properties.get("DeadLetterConfig"));
        assertEquals("AWS::SQS::Queue", resource(UNDELIVERED_QUEUE).get("Type"));

        // SAM adds no queue policy when DeadLetterConfig names a queue by Arn.
        Map<String, Object> policy = resource(UNDELIVERED_QUEUE + "Policy");
        assertEquals("AWS::SQS::QueuePolicy", policy.get("Type"));
        Map<String, Object> policyProperties = map(policy.get("Properties"));
        assertEquals(List.of(Map.of("Ref", UNDELIVERED_QUEUE)), policyProperties.get("Queues"));
        List<Object> statements = list(map(policyProperties.get("PolicyDocument")).get("Statement"));
        assertEquals(1, statements.size());
        Map<String, Object> statement = map(statements.get(0));
        assertEquals("Allow", statement.get("Effect"));
        assertEquals(Map.of("Service", "events.amazonaws.com"), statement.get("Principal"));
        assertEquals("sqs:SendMessage", statement.get("Action"));
        assertEquals(getAtt(UNDELIVERED_QUEUE, "Arn"), statement.get("Resource"));
        // SAM names the rule it generates for the event <function id><event id>.
        assertEquals(Map.of("ArnEquals", Map.of("aws:SourceArn", getAtt(FUNCTION + "BuildStateChange", "Arn"))),
                statement.get("Condition"));
    }

    @Test
    void reconciliationRunsOnTheScheduleParameterAndCanBeSwitchedOff() {
        Map<String, Object> event = functionEvent("Reconcile");
        assertEquals("Schedule", event.get("Type"));
        Map<String, Object> properties = map(event.get("Properties"));
        assertEquals(Map.of("Ref", "ReconcileSchedule"), properties.get("Schedule"));
        // State, not Enabled: SAM reads an intrinsic in the boolean Enabled as true.
        assertFalse(properties.containsKey("Enabled"));
        assertEquals(Map.of("Fn::If", List.of("ReconcileOn", "ENABLED", "DISABLED")), properties.get("State"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "ReconcileEnabled"), "true")),
                section("Conditions").get("ReconcileOn"));
        // The function recognises EventBridge's own scheduled-event payload: nothing replaces it.
        assertFalse(properties.containsKey("Input"));
        assertFalse(properties.containsKey("InputPath"));

        // the range the function accepts (Settings): a value outside it fails at start
        assertEquals(5, parameter("ReconcileWindowMinutes").get("MinValue"));
        assertEquals(10080, parameter("ReconcileWindowMinutes").get("MaxValue"));
    }

    // ---- what fails is kept ------------------------------------------------

    @Test
    void failedInvocationsGoToFailedInvocationsQueue() {
        Map<String, Object> config = map(functionProperties().get("EventInvokeConfig"));
        assertEquals(Map.of("OnFailure", Map.of("Type", "SQS", "Destination", getAtt(FAILED_QUEUE, "Arn"))),
                config.get("DestinationConfig"));
    }

    @Test
    void alarmsWatchBothQueuesAndTheFunctionErrors() {
        assertQueueDepthAlarm("FailedInvocationsAlarm", FAILED_QUEUE);
        assertQueueDepthAlarm("UndeliveredEventsAlarm", UNDELIVERED_QUEUE);

        Map<String, Object> errors = alarm("FunctionErrorsAlarm");
        assertEquals("AWS/Lambda", errors.get("Namespace"));
        assertEquals("Errors", errors.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", FUNCTION))), errors.get("Dimensions"));

        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "AlarmTopicArn"), "")))),
                section("Conditions").get("HasAlarmTopic"));
        assertEquals("", parameterDefault("AlarmTopicArn"));
    }

    @Test
    void outputsNameTheQueuesAndAlarms() {
        Map<String, Object> outputs = section("Outputs");
        Map<String, Object> expected = Map.of(
                "FailedInvocationsQueueUrl", Map.of("Ref", FAILED_QUEUE),
                "FailedInvocationsQueueArn", getAtt(FAILED_QUEUE, "Arn"),
                "UndeliveredEventsQueueUrl", Map.of("Ref", UNDELIVERED_QUEUE),
                "UndeliveredEventsQueueArn", getAtt(UNDELIVERED_QUEUE, "Arn"),
                "FailedInvocationsAlarmName", Map.of("Ref", "FailedInvocationsAlarm"),
                "UndeliveredEventsAlarmName", Map.of("Ref", "UndeliveredEventsAlarm"),
                "FunctionErrorsAlarmName", Map.of("Ref", "FunctionErrorsAlarm"),
                "BuildHistoryTableName", Map.of("Ref", "HistoryTableName"));
        expected.forEach((name, value) -> {
            assertNotNull(outputs.get(name), "no output " + name);
            assertEquals(value, map(outputs.get(name)).get("Value"), name);
        });
    }

    // ---- the tables --------------------------------------------------------

    @Test
    void historyTableHasTheOriginalSchemaAndExpiresMarkers() {
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

        // Markers.TTL_ATTRIBUTE
        assertEquals(Map.of("AttributeName", "expires_at", "Enabled", true), properties.get("TimeToLiveSpecification"));
    }

    @Test
    void historyTableIsCreatedOnlyWhenAsked() {
        assertEquals("CreateHistory", resource(HISTORY_TABLE).get("Condition"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "CreateHistoryTable"), "true")),
                section("Conditions").get("CreateHistory"));
        assertTrue(String.valueOf(parameter("CreateHistoryTable").get("Description")).contains("expires_at"),
                "the description should say that an existing table needs TTL on expires_at");
        // Nothing may refer to the table resource itself: it does not exist when CreateHistoryTable is "false".
        String everythingElse = template.entrySet().stream()
                .filter(e -> !e.getKey().equals("Resources"))
                .map(Object::toString)
                .collect(Collectors.joining())
                + section("Resources").entrySet().stream()
                .filter(e -> !e.getKey().equals(HISTORY_TABLE))
                .map(Object::toString)
                .collect(Collectors.joining());
        assertFalse(everythingElse.matches("(?s).*\\bRef=" + HISTORY_TABLE + "\\b.*"), "a !Ref of " + HISTORY_TABLE);
        assertFalse(everythingElse.contains("${" + HISTORY_TABLE + "}"), "a ${" + HISTORY_TABLE + "} in a !Sub");
        assertFalse(everythingElse.contains("Fn::GetAtt=[" + HISTORY_TABLE + ","), "a !GetAtt of " + HISTORY_TABLE);
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

    /** Actions that support no resource-level permissions: AWS accepts only "*" for them. */
    private static final Set<String> ACTIONS_WITHOUT_RESOURCES = Set.of("codebuild:ListBuilds");

    @Test
    void noWildcardResourceExceptWhereAwsAllowsNone() {
        List<Map<String, Object>> statements = policyStatements();
        assertFalse(statements.isEmpty());
        for (Map<String, Object> statement : statements) {
            assertEquals("Allow", statement.get("Effect"), "statement " + statement);
            assertFalse(statement.containsKey("NotAction"), "NotAction in " + statement);
            assertFalse(statement.containsKey("NotResource"), "NotResource in " + statement);
            Object resource = statement.get("Resource");
            assertNotNull(resource, "statement without Resource: " + statement);
            for (Object action : asList(statement.get("Action"))) {
                assertFalse(String.valueOf(action).contains("*"), "wildcard action " + action + " in " + statement);
            }
            if (asList(resource).contains("*")) {
                assertTrue(ACTIONS_WITHOUT_RESOURCES.containsAll(asList(statement.get("Action"))),
                        "Resource '*' for actions that AWS can scope to a resource: " + statement);
            }
        }
    }

    /**
     * Calls made by the delivery chain's sources (issue 10) whose grant comes with that issue's template change:
     * left out of the comparison only while the template does not grant them. Remove when it does.
     */
    private static final Set<String> AWAITING_THE_TEMPLATE = Set.of("codedeploy:GetDeployment");

    @Test
    void grantsExactlyTheActionsTheCodeCalls() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> statement : policyStatements()) {
            asList(statement.get("Action")).forEach(action -> granted.add((String) action));
        }
        Set<String> called = actionsTheCodeCalls();
        called.add("sqs:SendMessage"); // the on-failure destination, sent by Lambda with the function's role
        assertTrue(called.containsAll(AWAITING_THE_TEMPLATE), "no longer called: " + AWAITING_THE_TEMPLATE);
        AWAITING_THE_TEMPLATE.stream().filter(action -> !granted.contains(action)).forEach(called::remove);

        Set<String> grantedButNotCalled = new TreeSet<>(granted);
        grantedButNotCalled.removeAll(called);
        Set<String> calledButNotGranted = new TreeSet<>(called);
        calledButNotGranted.removeAll(granted);
        assertTrue(grantedButNotCalled.isEmpty() && calledButNotGranted.isEmpty(),
                "granted but never called: " + grantedButNotCalled + "; called but not granted: " + calledButNotGranted);
    }

    @Test
    void theCodeScanFindsTheKnownCalls() throws IOException {
        // Guards the scan itself: if it silently found nothing, the test above would prove nothing.
        Set<String> called = actionsTheCodeCalls();
        assertTrue(called.containsAll(Set.of("codebuild:BatchGetBuilds", "codebuild:ListBuilds",
                "codebuild:ListBuildsForProject", "codebuild:BatchGetReports", "codebuild:DescribeTestCases",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:BatchGetItem", "secretsmanager:GetSecretValue",
                "codecommit:GetCommit")), "found: " + called);
        assertFalse(called.contains("dynamodb:TransactWriteItems"), "not an IAM action: " + called);
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
        assertEquals("arn:${AWS::Partition}:dynamodb:${DataRegion}:${AWS::AccountId}:table/${HistoryTableName}",
                subTemplate(statement.get("Resource")));
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
                "dynamodb:Query", "dynamodb:BatchGetItem"), Set.copyOf(asList(statement.get("Action"))));

        List<Map<String, Object>> onIndex = policyStatements().stream()
                .filter(s -> s.get("Resource") instanceof Map<?, ?> r && r.containsKey("Fn::Sub")
                        && subTemplate(r).endsWith("/index/commit_hash_index"))
                .collect(Collectors.toList());
        assertEquals(1, onIndex.size());
        assertEquals("arn:${AWS::Partition}:dynamodb:${DataRegion}:${AWS::AccountId}:table/${HistoryTableName}/index/commit_hash_index",
                subTemplate(onIndex.get(0).get("Resource")));
        assertEquals(List.of("dynamodb:Query"), asList(onIndex.get(0).get("Action")));
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
        Map<String, Object> builds = statementAllowing("codebuild:BatchGetBuilds");
        assertEquals("arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/*",
                subTemplate(builds.get("Resource")));
        assertEquals(Set.of("codebuild:BatchGetBuilds", "codebuild:ListBuildsForProject"),
                Set.copyOf(asList(builds.get("Action"))));
        assertEquals(List.of("codebuild:ListBuilds"), asList(statementAllowing("codebuild:ListBuilds").get("Action")));
        Map<String, Object> reports = statementAllowing("codebuild:BatchGetReports");
        assertEquals("arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:report-group/*",
                subTemplate(reports.get("Resource")));
        assertEquals(Set.of("codebuild:BatchGetReports", "codebuild:DescribeTestCases"),
                Set.copyOf(asList(reports.get("Action"))));
        assertEquals("arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*",
                subTemplate(statementAllowing("codecommit:GetCommit").get("Resource")));
    }

    @Test
    void theFunctionMaySendToItsDestinationAndTheDeliveryQueueOnly() {
        Set<Object> queues = new HashSet<>();
        for (Map<String, Object> statement : policyStatements()) {
            if (asList(statement.get("Action")).contains("sqs:SendMessage")) {
                assertEquals(List.of("sqs:SendMessage"), asList(statement.get("Action")));
                queues.add(statement.get("Resource"));
            }
        }
        assertEquals(Set.of(getAtt(FAILED_QUEUE, "Arn"), getAtt("DeliveryQueue", "Arn")), queues);
    }

    // ---- the delivery queue and the sender ---------------------------------

    @Test
    void theNotifierQueuesForTheSenderFunction() {
        assertEquals(Map.of("Ref", "DeliveryQueue"), environmentVariables().get("CBN_DELIVERY_QUEUE_URL"));
        Map<String, Object> queue = map(resource("DeliveryQueue").get("Properties"));
        assertEquals(true, queue.get("FifoQueue"));
        assertEquals(false, queue.get("ContentBasedDeduplication"), "deduplicated by the delivery key");
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        assertEquals(getAtt("UndeliveredMessagesQueue", "Arn"), redrive.get("deadLetterTargetArn"));
        assertEquals(5, redrive.get("maxReceiveCount"));
        assertEquals(true, map(resource("UndeliveredMessagesQueue").get("Properties")).get("FifoQueue"));
        assertQueueDepthAlarm("UndeliveredMessagesAlarm", "UndeliveredMessagesQueue");
    }

    @Test
    void theSenderReadsTheQueueInBatchesAndReportsEachFailure() throws ClassNotFoundException {
        Map<String, Object> sender = map(resource("SenderFunction").get("Properties"));
        assertEquals("io.codebuildnotifier.function.SenderHandler::handleRequest", sender.get("Handler"));
        assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(
                Class.forName("io.codebuildnotifier.function.SenderHandler")));
        assertEquals("live", sender.get("AutoPublishAlias"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), sender.get("SnapStart"));
        Map<String, Object> event = map(map(map(sender.get("Events")).get("Deliveries")).get("Properties"));
        assertEquals(getAtt("DeliveryQueue", "Arn"), event.get("Queue"));
        assertEquals(10, event.get("BatchSize"));
        assertEquals(List.of("ReportBatchItemFailures"), event.get("FunctionResponseTypes"));
        int timeout = (Integer) sender.get("Timeout");
        int visibility = (Integer) map(resource("DeliveryQueue").get("Properties")).get("VisibilityTimeout");
        assertTrue(visibility >= 6 * timeout, "visibility timeout " + visibility + " s < 6 x the sender's " + timeout);
        Map<String, Object> variables = map(map(sender.get("Environment")).get("Variables"));
        assertEquals(Set.of("CBN_AWS_REGION", "CBN_DYNAMO_TABLE", "CBN_SLACK_SECRET_NAME", "CBN_SLACK_API_URL", "CBN_THREADS"),
                variables.keySet());
    }

    @Test
    void theSenderMayReadTheSecretAndNoteDeliveriesOnly() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(map(resource("SenderFunction").get("Properties")).get("Policies"))) {
            collectStatements(policy, statements);
        }
        Set<String> granted = new TreeSet<>();
        statements.forEach(st -> asList(st.get("Action")).forEach(a -> granted.add((String) a)));
        // what Sender and DynamoLedger's find/delivered call, and the Slack token's secret
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:UpdateItem", "secretsmanager:GetSecretValue"), granted);
    }

    // ---- samconfig.toml ----------------------------------------------------

    @Test
    void samconfigHoldsNoSecrets() throws IOException {
        String samconfig = Files.readString(PROJECT_DIR.resolve("samconfig.toml")).toLowerCase(Locale.ROOT);
        for (String forbidden : List.of("token", "xoxb", "xoxp")) {
            assertFalse(samconfig.contains(forbidden), "samconfig.toml mentions " + forbidden);
        }
    }

    @Test
    void samconfigOverridesAreDeclaredParametersAtTheirDefaults() throws IOException {
        String samconfig = Files.readString(PROJECT_DIR.resolve("samconfig.toml"));
        Matcher line = Pattern.compile("(?m)^parameter_overrides = \"(.*)\"$").matcher(samconfig);
        int lines = 0;
        while (line.find()) {
            lines++;
            Matcher pair = Pattern.compile("(\\w+)=\\\\\"([^\"\\\\]*)\\\\\"").matcher(line.group(1));
            int pairs = 0;
            while (pair.find()) {
                pairs++;
                assertEquals(String.valueOf(parameterDefault(pair.group(1))), pair.group(2), "override of " + pair.group(1));
            }
            assertTrue(pairs > 0, "unreadable overrides: " + line.group(1));
        }
        assertTrue(lines > 0, "no parameter_overrides in samconfig.toml");
    }

    // ---- helpers: the code's AWS calls -------------------------------------

    private static final Path AWS_ADAPTERS = PROJECT_DIR.resolve("src/main/java/io/codebuildnotifier/adapter/aws");
    private static final Map<String, String> SERVICE_OF_CLIENT = Map.of(
            "CodeBuildClient", "codebuild",
            "DynamoDbClient", "dynamodb",
            "SecretsManagerClient", "secretsmanager",
            "CodeCommitClient", "codecommit",
            "CodeDeployClient", "codedeploy",
            "SqsClient", "sqs");
    private static final Pattern CLIENT_DECLARATION = Pattern.compile("\\b(\\w+Client)\\s+client\\b");
    private static final Pattern CLIENT_CALL = Pattern.compile("\\bclient\\.(\\w+)\\(");
    /** The item actions put in a DynamoDB transaction: IAM authorises each as the matching single-item action. */
    private static final Pattern TRANSACTION_ITEM =
            Pattern.compile("TransactWriteItem\\.builder\\(\\)\\s*\\.(put|update|delete|conditionCheck)\\(");

    /**
     * The IAM actions of the SDK calls in adapter/aws/*.java: {@code client.queryPaginator(...)} on a
     * DynamoDbClient is dynamodb:Query; {@code transactWriteItems} is the item actions the code puts
     * in its transactions.
     */
    private static Set<String> actionsTheCodeCalls() throws IOException {
        Set<String> actions = new TreeSet<>();
        Set<String> transactionItems = new TreeSet<>();
        boolean transactions = false;
        List<Path> sources;
        try (Stream<Path> files = Files.list(AWS_ADAPTERS)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertFalse(sources.isEmpty(), "no sources in " + AWS_ADAPTERS);
        for (Path source : sources) {
            String code = Files.readString(source);
            Matcher item = TRANSACTION_ITEM.matcher(code);
            while (item.find()) {
                String kind = item.group(1);
                transactionItems.add(kind.equals("conditionCheck") ? "ConditionCheckItem" : capitalise(kind) + "Item");
            }
            Matcher call = CLIENT_CALL.matcher(code);
            if (!call.find()) {
                continue;
            }
            Set<String> clientTypes = new TreeSet<>();
            Matcher declaration = CLIENT_DECLARATION.matcher(code);
            while (declaration.find()) {
                clientTypes.add(declaration.group(1));
            }
            assertEquals(1, clientTypes.size(), source.getFileName() + " declares client as " + clientTypes);
            String service = SERVICE_OF_CLIENT.get(clientTypes.iterator().next());
            assertNotNull(service, source.getFileName() + ": unknown client type " + clientTypes);
            call.reset();
            while (call.find()) {
                String method = call.group(1).replaceFirst("Paginator$", "");
                if (service.equals("dynamodb") && method.equals("transactWriteItems")) {
                    transactions = true;
                } else if (service.equals("sqs") && method.equals("sendMessageBatch")) {
                    actions.add("sqs:SendMessage"); // IAM authorises a batch as its single-message action
                } else {
                    actions.add(service + ":" + capitalise(method));
                }
            }
        }
        if (transactions) {
            assertFalse(transactionItems.isEmpty(), "transactWriteItems is called, but no transaction item was found");
            transactionItems.forEach(action -> actions.add("dynamodb:" + action));
        }
        return actions;
    }

    private static String capitalise(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    // ---- helpers: reading the template -------------------------------------

    private static Map<String, Object> functionEvent(String name) {
        Object event = map(functionProperties().get("Events")).get(name);
        assertNotNull(event, "the function has no event " + name);
        return map(event);
    }

    private static Map<String, Object> getAtt(String logicalId, String attribute) {
        return Map.of("Fn::GetAtt", List.of(logicalId, attribute));
    }

    private static Map<String, Object> alarm(String logicalId) {
        Map<String, Object> alarm = resource(logicalId);
        assertEquals("AWS::CloudWatch::Alarm", alarm.get("Type"));
        Map<String, Object> properties = map(alarm.get("Properties"));
        assertEquals(300, properties.get("Period"), logicalId);
        assertEquals(1, properties.get("EvaluationPeriods"), logicalId);
        assertEquals("notBreaching", properties.get("TreatMissingData"), logicalId);
        assertEquals(Map.of("Fn::If", List.of("HasAlarmTopic", List.of(Map.of("Ref", "AlarmTopicArn")),
                Map.of("Ref", "AWS::NoValue"))), properties.get("AlarmActions"), logicalId);
        return properties;
    }

    private static void assertQueueDepthAlarm(String logicalId, String queue) {
        Map<String, Object> properties = alarm(logicalId);
        assertEquals("AWS/SQS", properties.get("Namespace"), logicalId);
        assertEquals("ApproximateNumberOfMessagesVisible", properties.get("MetricName"), logicalId);
        assertEquals(List.of(Map.of("Name", "QueueName", "Value", getAtt(queue, "QueueName"))),
                properties.get("Dimensions"), logicalId);
        assertEquals("Maximum", properties.get("Statistic"), logicalId);
        assertEquals(1, properties.get("Threshold"), logicalId);
        assertEquals("GreaterThanOrEqualToThreshold", properties.get("ComparisonOperator"), logicalId);
    }

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
