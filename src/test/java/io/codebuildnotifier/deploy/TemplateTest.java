package io.codebuildnotifier.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codebuildnotifier.function.Option;
import io.codebuildnotifier.function.Replay;
import io.codebuildnotifier.sandbox.Demo;
import io.codebuildnotifier.sandbox.EmbeddedDynamo;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sandbox.SandboxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
@ExtendWith(SandboxExtension.class)
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

    /** The options only the Slack interactions function reads; the events function gets every other. */
    private static final Set<Option> INTERACTIONS_ONLY = Set.of(Option.ALLOW_SELF_APPROVAL,
            Option.INTERACTIONS_QUEUE_URL, Option.HEALTH_QUEUE_URLS);
    /** Variables that name one of the stack's own queues, not a parameter (each checked with its queue). */
    private static final Map<Option, String> QUEUE_VARIABLES = Map.of(Option.DELIVERY_QUEUE_URL, "DeliveryQueue",
            Option.INTERACTIONS_QUEUE_URL, "InteractionsQueue");

    @Test
    void everyOptionIsPassedToTheFunctionThatReadsIt() {
        Map<String, Object> variables = environmentVariables();
        Map<String, Object> interactions = environmentVariables(INTERACTIONS);
        for (Option option : Option.values()) {
            if (INTERACTIONS_ONLY.contains(option)) {
                assertTrue(interactions.containsKey(option.variable()), option.variable()
                        + " is missing from " + INTERACTIONS + "'s Environment.Variables");
                assertFalse(variables.containsKey(option.variable()), option.variable() + " is not the events'");
            } else {
                assertTrue(variables.containsKey(option.variable()),
                        option.variable() + " is missing from the function's Environment.Variables");
            }
        }
        for (String name : interactions.keySet()) {
            assertTrue(Stream.of(Option.values()).anyMatch(o -> o.variable().equals(name)), name + " is no Option");
        }
    }

    /**
     * A plain parameter, never a resource: `sam local invoke` resolves a resource's !Ref to its logical id. A
     * variable passed to both functions comes from the same parameter.
     */
    @Test
    void everyOptionComesFromItsOwnParameter() {
        Map<String, Object> parameters = section("Parameters");
        Map<String, String> parameterOfVariable = new java.util.HashMap<>();
        Map<String, String> variableOfParameter = new java.util.HashMap<>();
        for (String function : List.of(FUNCTION, INTERACTIONS)) {
            Map<String, Object> variables = environmentVariables(function);
            for (Option option : Option.values()) {
                if (QUEUE_VARIABLES.containsKey(option) || option == Option.HEALTH_QUEUE_URLS
                        || !variables.containsKey(option.variable())) {
                    continue; // the stack's own queues (theNotifierQueuesForTheSenderFunction, theWorkQueue...)
                }
                String parameter = refTarget(variables.get(option.variable()));
                assertNotNull(parameter, option.variable() + " of " + function + " should be a !Ref of a parameter");
                assertTrue(parameters.containsKey(parameter),
                        option.variable() + " refers to " + parameter + ", which is not a declared parameter");
                String before = parameterOfVariable.putIfAbsent(option.variable(), parameter);
                assertTrue(before == null || before.equals(parameter), option.variable() + " is " + before + " and "
                        + parameter);
                String variable = variableOfParameter.putIfAbsent(parameter, option.variable());
                assertTrue(variable == null || variable.equals(option.variable()),
                        parameter + " is passed as more than one variable");
            }
        }
        QUEUE_VARIABLES.forEach((option, queue) -> assertEquals(Map.of("Ref", queue), Stream.of(FUNCTION, INTERACTIONS)
                .map(f -> environmentVariables(f).get(option.variable())).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null), option.variable()));
    }

    @Test
    void parameterDefaultsMatchTheOptionDefaults() {
        for (Option option : Option.values()) {
            if (QUEUE_VARIABLES.containsKey(option) || option == Option.HEALTH_QUEUE_URLS) {
                continue;
            }
            Map<String, Object> variables = INTERACTIONS_ONLY.contains(option) ? environmentVariables(INTERACTIONS)
                    : environmentVariables();
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

    /** Every EventBridge rule of the function: the build rule and one per kind of the delivery chain. */
    private static final List<String> RULES = List.of("BuildStateChange", "ApprovalStateChange",
            "PipelineExecutionStateChange", "DeploymentStateChange", "RepositoryStateChange");
    /** The SNS topics the function is subscribed to, each by the event of the same name without "Topic". */
    private static final List<String> TOPICS = List.of("ApprovalNotificationsTopic", "DeploymentTriggersTopic",
            "RepositoryTriggersTopic");

    @Test
    void everyRuleRetriesForADayThenDeadLettersIntoUndeliveredEventsQueue() {
        Set<String> rules = new TreeSet<>();
        map(functionProperties().get("Events")).forEach((name, event) -> {
            if ("EventBridgeRule".equals(map(event).get("Type"))) {
                rules.add(name);
            }
        });
        assertEquals(new TreeSet<>(RULES), rules);
        for (String rule : RULES) {
            Map<String, Object> properties = map(functionEvent(rule).get("Properties"));
            assertEquals(Map.of("Arn", getAtt(UNDELIVERED_QUEUE, "Arn")), properties.get("DeadLetterConfig"), rule);
            assertEquals(Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86400),
                    properties.get("RetryPolicy"), rule);
            assertFalse(properties.containsKey("EventBusName"), rule + " belongs on the default event bus");
        }
        assertEquals("AWS::SQS::Queue", resource(UNDELIVERED_QUEUE).get("Type"));

        // SAM adds no queue policy when DeadLetterConfig names a queue by Arn, nor for a subscription's redrive.
        Map<String, Object> policy = resource(UNDELIVERED_QUEUE + "Policy");
        assertEquals("AWS::SQS::QueuePolicy", policy.get("Type"));
        Map<String, Object> policyProperties = map(policy.get("Properties"));
        assertEquals(List.of(Map.of("Ref", UNDELIVERED_QUEUE)), policyProperties.get("Queues"));
        List<Object> statements = list(map(policyProperties.get("PolicyDocument")).get("Statement"));
        assertEquals(2, statements.size());
        Map<String, Object> fromRules = map(statements.get(0));
        assertEquals("Allow", fromRules.get("Effect"));
        assertEquals(Map.of("Service", "events.amazonaws.com"), fromRules.get("Principal"));
        assertEquals("sqs:SendMessage", fromRules.get("Action"));
        assertEquals(getAtt(UNDELIVERED_QUEUE, "Arn"), fromRules.get("Resource"));
        // SAM names the rule it generates for the event <function id><event id>.
        assertEquals(Map.of("ArnEquals", Map.of("aws:SourceArn",
                        RULES.stream().map(rule -> getAtt(FUNCTION + rule, "Arn")).toList())),
                fromRules.get("Condition"));
        Map<String, Object> fromTopics = map(statements.get(1));
        assertEquals(Map.of("Service", "sns.amazonaws.com"), fromTopics.get("Principal"));
        assertEquals("sqs:SendMessage", fromTopics.get("Action"));
        assertEquals(getAtt(UNDELIVERED_QUEUE, "Arn"), fromTopics.get("Resource"));
        assertEquals(Map.of("ArnEquals", Map.of("aws:SourceArn",
                        TOPICS.stream().map(topic -> Map.of("Ref", topic)).toList())),
                fromTopics.get("Condition"));
    }

    /** One rule per kind of the delivery chain: what it routes, and the parameter that switches it. */
    record KindRule(String event, String source, String detailType, String detailField, List<String> values,
                    String parameter, String condition) {
    }

    static Stream<KindRule> kindRules() {
        return Stream.of(
                new KindRule("ApprovalStateChange", "aws.codepipeline", "CodePipeline Action Execution State Change",
                        "state", List.of("STARTED", "SUCCEEDED", "FAILED", "CANCELED", "ABANDONED"),
                        "NotifyApprovals", "ApprovalsOn"),
                new KindRule("PipelineExecutionStateChange", "aws.codepipeline",
                        "CodePipeline Pipeline Execution State Change", "state",
                        List.of("FAILED", "SUCCEEDED", "STOPPED", "SUPERSEDED"), "NotifyPipelines", "PipelinesOn"),
                new KindRule("DeploymentStateChange", "aws.codedeploy", "CodeDeploy Deployment State-change Notification",
                        "state", List.of("SUCCESS", "FAILURE", "STOP"), "NotifyDeployments", "DeploymentsOn"),
                new KindRule("RepositoryStateChange", "aws.codecommit", "CodeCommit Repository State Change", "event",
                        List.of("referenceCreated", "referenceUpdated", "referenceDeleted"), "NotifyPushes", "PushesOn"));
    }

    @ParameterizedTest
    @MethodSource("kindRules")
    void eachKindHasItsOwnRuleThatItsParameterSwitches(KindRule kind) {
        Map<String, Object> event = functionEvent(kind.event());
        assertEquals("EventBridgeRule", event.get("Type"));
        Map<String, Object> properties = map(event.get("Properties"));
        Map<String, Object> pattern = map(properties.get("Pattern"));
        assertEquals(List.of(kind.source()), pattern.get("source"));
        assertEquals(List.of(kind.detailType()), pattern.get("detail-type"));
        Map<String, Object> detail = map(pattern.get("detail"));
        assertEquals(kind.values(), detail.get(kind.detailField()));
        if (kind.event().equals("ApprovalStateChange")) {
            // an approval has no detail-type of its own: an action execution whose category is Approval
            assertEquals(Map.of("category", List.of("Approval")), detail.get("type"));
            assertEquals(Set.of("state", "type"), detail.keySet());
        } else {
            assertEquals(Set.of(kind.detailField()), detail.keySet());
        }
        // State, not Enabled: SAM reads an intrinsic in the boolean Enabled as true.
        assertFalse(properties.containsKey("Enabled"));
        assertEquals(Map.of("Fn::If", List.of(kind.condition(), "ENABLED", "DISABLED")), properties.get("State"));
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", kind.parameter()), "true")),
                section("Conditions").get(kind.condition()));
        assertEquals(List.of("true", "false"), parameter(kind.parameter()).get("AllowedValues"));
        assertEquals(Map.of("Ref", kind.parameter()), environmentVariables().get(
                "CBN_NOTIFY_" + kind.parameter().substring("Notify".length()).toUpperCase(Locale.ROOT)));
    }

    @Test
    void pushesAreOffByDefaultAndTheOtherKindsOn() {
        assertEquals("true", parameterDefault("NotifyApprovals"));
        assertEquals("true", parameterDefault("NotifyPipelines"));
        assertEquals("true", parameterDefault("NotifyDeployments"));
        assertEquals("false", parameterDefault("NotifyPushes"));
    }

    /** A build CodePipeline started has source type CODEPIPELINE: the build rule must not filter on the source. */
    @Test
    void theBuildRuleLetsBuildsThatCodePipelineStartedThrough() {
        Map<String, Object> pattern = map(map(functionEvent("BuildStateChange").get("Properties")).get("Pattern"));
        assertEquals(Set.of("source", "detail-type", "detail"), pattern.keySet());
        assertEquals(Set.of("build-status"), map(pattern.get("detail")).keySet());
        assertFalse(pattern.toString().contains("initiator"), pattern.toString());
    }

    // ---- the SNS topics ----------------------------------------------------

    @Test
    void theFunctionIsSubscribedToEachTopicAndDeadLettersWhatSnsCannotDeliver() {
        for (String topic : TOPICS) {
            assertEquals("AWS::SNS::Topic", resource(topic).get("Type"), topic);
            assertFalse(map(resource(topic).get("Properties")).containsKey("KmsMasterKeyId"),
                    topic + ": CodeCommit cannot publish to a topic encrypted with the AWS managed key");
            Map<String, Object> event = functionEvent(topic.substring(0, topic.length() - "Topic".length()));
            assertEquals("SNS", event.get("Type"), topic);
            Map<String, Object> properties = map(event.get("Properties"));
            assertEquals(Map.of("Ref", topic), properties.get("Topic"), topic);
            assertEquals(Map.of("deadLetterTargetArn", getAtt(UNDELIVERED_QUEUE, "Arn")), properties.get("RedrivePolicy"),
                    topic);
            assertFalse(properties.containsKey("FilterPolicy"), topic + ": the function reads every message");
        }
        // SNS invokes asynchronously: Lambda's retries and the on-failure destination apply
        Map<String, Object> config = map(functionProperties().get("EventInvokeConfig"));
        assertEquals(2, config.get("MaximumRetryAttempts"));
        assertNotNull(map(config.get("DestinationConfig")).get("OnFailure"));
    }

    @Test
    void eachTopicsPolicyLetsItsPublisherPublish() {
        Map<String, Object> accountRoot = Map.of("AWS",
                Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"));
        // CodePipeline and CodeDeploy publish with a role of this account (the pipeline's, the deployment group's)
        assertEquals(accountRoot, topicPolicyStatement("ApprovalNotificationsTopic").get("Principal"));
        assertEquals(accountRoot, topicPolicyStatement("DeploymentTriggersTopic").get("Principal"));
        assertFalse(topicPolicyStatement("ApprovalNotificationsTopic").containsKey("Condition"));
        // CodeCommit publishes as its service, for this account's repositories only
        Map<String, Object> repositories = topicPolicyStatement("RepositoryTriggersTopic");
        assertEquals(Map.of("Service", "codecommit.amazonaws.com"), repositories.get("Principal"));
        assertEquals(Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                "ArnLike", Map.of("aws:SourceArn",
                        Map.of("Fn::Sub", "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*"))),
                repositories.get("Condition"));
    }

    /** A CodeCommit trigger that targets the function itself: CodeCommit may invoke the alias, for this account's repositories. */
    @Test
    void codeCommitMayInvokeTheFunctionForThisAccountsRepositories() {
        Map<String, Object> permission = resource("RepositoryTriggerInvokePermission");
        assertEquals("AWS::Lambda::Permission", permission.get("Type"));
        Map<String, Object> properties = map(permission.get("Properties"));
        assertEquals("lambda:InvokeFunction", properties.get("Action"));
        assertEquals(Map.of("Ref", FUNCTION + ".Alias"), properties.get("FunctionName"));
        assertEquals("codecommit.amazonaws.com", properties.get("Principal"));
        assertEquals(Map.of("Ref", "AWS::AccountId"), properties.get("SourceAccount"));
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*"),
                properties.get("SourceArn"));
    }

    @Test
    void outputsNameTheTopicsAndTheRules() {
        Map<String, Object> outputs = section("Outputs");
        Map<String, Object> expected = Map.of(
                "ApprovalNotificationsTopicArn", Map.of("Ref", "ApprovalNotificationsTopic"),
                "DeploymentTriggersTopicArn", Map.of("Ref", "DeploymentTriggersTopic"),
                "RepositoryTriggersTopicArn", Map.of("Ref", "RepositoryTriggersTopic"),
                "BuildStateChangeRuleName", Map.of("Ref", FUNCTION + "BuildStateChange"),
                "ApprovalRuleName", Map.of("Ref", FUNCTION + "ApprovalStateChange"),
                "PipelineExecutionRuleName", Map.of("Ref", FUNCTION + "PipelineExecutionStateChange"),
                "DeploymentRuleName", Map.of("Ref", FUNCTION + "DeploymentStateChange"),
                "RepositoryRuleName", Map.of("Ref", FUNCTION + "RepositoryStateChange"));
        expected.forEach((name, value) -> {
            assertNotNull(outputs.get(name), "no output " + name);
            assertEquals(value, map(outputs.get(name)).get("Value"), name);
        });
        assertTrue(String.valueOf(map(outputs.get("ApprovalNotificationsTopicArn")).get("Description"))
                .contains("NotificationArn"), "tells teams where the approval topic goes");
    }

    private static Map<String, Object> topicPolicyStatement(String topic) {
        Map<String, Object> policy = resource(topic + "Policy");
        assertEquals("AWS::SNS::TopicPolicy", policy.get("Type"));
        Map<String, Object> properties = map(policy.get("Properties"));
        assertEquals(List.of(Map.of("Ref", topic)), properties.get("Topics"));
        List<Object> statements = list(map(properties.get("PolicyDocument")).get("Statement"));
        assertEquals(1, statements.size(), topic);
        Map<String, Object> statement = map(statements.get(0));
        assertEquals("Allow", statement.get("Effect"));
        assertEquals("sns:Publish", statement.get("Action"));
        assertEquals(Map.of("Ref", topic), statement.get("Resource"));
        return statement;
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
    private static final Set<String> ACTIONS_WITHOUT_RESOURCES = Set.of("codebuild:ListBuilds",
            "codepipeline:ListPipelines");

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
     * The AWS operations the notifier function calls, by IAM service prefix: what the template must grant,
     * no more. codebuild: reading builds (BatchGetBuilds), the reconciliation's listings, test reports.
     * codecommit: a CodeCommit build's commit, branch head and pull request; a push's commits (GetCommit) and
     * changed files (GetDifferences). codepipeline: a pipeline's definition, execution and action runs (builds
     * that CodePipeline started, approvals, runs, the pipeline behind a deployment), its state (an approval's
     * decision), the account's pipelines (the pipeline behind a deployment when CBN_DEPLOY_PIPELINES names
     * none). codedeploy: a deployment. dynamodb: the history table (TransactWriteItems is authorised per item
     * action). secretsmanager: the Slack token. sqs: the delivery queue (SendMessageBatch is authorised as
     * SendMessage; the on-failure destination is sent by Lambda with the function's role).
     */
    private static final Map<String, Set<String>> OPERATIONS = Map.of(
            "codebuild", Set.of("BatchGetBuilds", "ListBuilds", "ListBuildsForProject", "BatchGetReports",
                    "DescribeTestCases"),
            "codecommit", Set.of("GetCommit", "GetBranch", "GetPullRequest", "GetDifferences"),
            "codepipeline", Set.of("GetPipeline", "GetPipelineExecution", "ListActionExecutions", "GetPipelineState",
                    "ListPipelines"),
            "codedeploy", Set.of("GetDeployment"),
            "dynamodb", Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "BatchGetItem"),
            "secretsmanager", Set.of("GetSecretValue"),
            "sqs", Set.of("SendMessage"));


    private static Set<String> expectedActions() {
        Set<String> actions = new TreeSet<>();
        OPERATIONS.forEach((service, operations) -> operations.forEach(op -> actions.add(service + ":" + op)));
        return actions;
    }

    @Test
    void grantsExactlyTheOperationsTheFunctionCalls() {
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> statement : policyStatements()) {
            asList(statement.get("Action")).forEach(action -> granted.add((String) action));
        }
        Set<String> expected = expectedActions();
        Set<String> grantedButNotCalled = new TreeSet<>(granted);
        grantedButNotCalled.removeAll(expected);
        Set<String> calledButNotGranted = new TreeSet<>(expected);
        calledButNotGranted.removeAll(granted);
        assertTrue(grantedButNotCalled.isEmpty() && calledButNotGranted.isEmpty(),
                "granted but never called: " + grantedButNotCalled + "; called but not granted: " + calledButNotGranted);
    }

    /** The code of both functions is in the same adapters: their calls are checked against both sets. */
    @Test
    void theCodeCallsExactlyTheExpectedOperations() throws IOException {
        Set<String> called = actionsTheCodeCalls();
        called.add("sqs:SendMessage"); // the on-failure destination, sent by Lambda with the function's role
        Set<String> expected = expectedActions();
        expected.addAll(actionsOf(INTERACTION_OPERATIONS));
        Set<String> unexpected = new TreeSet<>(called);
        unexpected.removeAll(expected);
        assertTrue(unexpected.isEmpty(), "called but not in OPERATIONS or INTERACTION_OPERATIONS (nor granted): "
                + unexpected);

        Set<String> neverCalled = new TreeSet<>(expected);
        neverCalled.removeAll(called);
        assertTrue(neverCalled.isEmpty(), "in OPERATIONS or INTERACTION_OPERATIONS but never called: " + neverCalled);
    }

    @Test
    void theCodeScanFindsTheKnownCalls() throws IOException {
        // Guards the scan itself: if it silently found nothing, the test above would prove nothing.
        Set<String> called = actionsTheCodeCalls();
        assertTrue(called.containsAll(Set.of("codebuild:BatchGetBuilds", "codebuild:ListBuilds",
                "codebuild:ListBuildsForProject", "codebuild:BatchGetReports", "codebuild:DescribeTestCases",
                "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem",
                "dynamodb:UpdateItem", "dynamodb:GetItem", "dynamodb:BatchGetItem", "secretsmanager:GetSecretValue",
                "codecommit:GetCommit", "codecommit:GetBranch", "codecommit:GetPullRequest")), "found: " + called);
        assertFalse(called.contains("dynamodb:TransactWriteItems"), "not an IAM action: " + called);
    }

    /** A kind that is off grants nothing of its own; builds (always on) keep what they need. */
    @Test
    void eachKindsOwnGrantsExistOnlyWhileItIsOn() {
        Set<String> allOff = grantedWith(Map.of("NotifyApprovals", "false", "NotifyPipelines", "false",
                "NotifyDeployments", "false", "NotifyPushes", "false"));
        assertFalse(allOff.stream().anyMatch(a -> a.startsWith("codedeploy:")), "without deployments: " + allOff);
        for (String action : List.of("codepipeline:GetPipelineState", "codepipeline:ListPipelines",
                "codecommit:GetDifferences")) {
            assertFalse(allOff.contains(action), action + " with every kind off");
        }
        // a build that CodePipeline started is placed through its pipeline whatever the kinds
        assertTrue(allOff.containsAll(Set.of("codepipeline:GetPipeline", "codepipeline:GetPipelineExecution",
                "codepipeline:ListActionExecutions", "codecommit:GetCommit", "codebuild:BatchGetBuilds")), allOff.toString());

        Map<String, Set<String>> ownGrants = Map.of(
                "NotifyApprovals", Set.of("codepipeline:GetPipelineState"),
                "NotifyPipelines", Set.of(),
                "NotifyDeployments", Set.of("codedeploy:GetDeployment", "codepipeline:ListPipelines"),
                "NotifyPushes", Set.of("codecommit:GetDifferences"));
        ownGrants.forEach((parameter, own) -> {
            Map<String, String> values = new java.util.HashMap<>(Map.of("NotifyApprovals", "false",
                    "NotifyPipelines", "false", "NotifyDeployments", "false", "NotifyPushes", "false"));
            values.put(parameter, "true");
            Set<String> added = new TreeSet<>(grantedWith(values));
            added.removeAll(allOff);
            assertEquals(own, added, "what " + parameter + " \"true\" adds");
        });
    }

    @Test
    void aliasTablePolicyExistsOnlyWhenAnAliasTableIsConfigured() {
        List<List<Object>> conditional = list(functionProperties().get("Policies")).stream()
                .map(TemplateTest::map)
                .filter(policy -> policy.containsKey("Fn::If"))
                .map(policy -> list(policy.get("Fn::If")))
                .filter(branches -> branches.get(0).equals("HasSlackAliasTable"))
                .collect(Collectors.toList());
        assertEquals(1, conditional.size());
        List<Object> branches = conditional.get(0);
        assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2));
        Map<String, Object> statement = map(list(map(branches.get(1)).get("Statement")).get(0));
        assertEquals("dynamodb:GetItem", statement.get("Action"));
        assertTrue(subTemplate(statement.get("Resource")).endsWith(":table/${SlackAliasTable}"));
    }

    @Test
    void theDeliveryChainsAccessIsScopedToThisAccountAndRegion() {
        for (String action : List.of("codepipeline:GetPipeline", "codepipeline:GetPipelineExecution",
                "codepipeline:ListActionExecutions", "codepipeline:GetPipelineState")) {
            // each is authorised on the pipeline: arn:PARTITION:codepipeline:REGION:ACCOUNT:PIPELINE
            assertEquals("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:*",
                    subTemplate(statementAllowing(action).get("Resource")), action);
        }
        assertEquals(List.of("*"), asList(statementAllowing("codepipeline:ListPipelines").get("Resource")));
        assertEquals(List.of("codepipeline:ListPipelines"),
                asList(statementAllowing("codepipeline:ListPipelines").get("Action")));
        assertEquals("arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}:deploymentgroup:*",
                subTemplate(statementAllowing("codedeploy:GetDeployment").get("Resource")));
        assertEquals("arn:${AWS::Partition}:codecommit:${AWS::Region}:${AWS::AccountId}:*",
                subTemplate(statementAllowing("codecommit:GetDifferences").get("Resource")));
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

    // ---- what the sample events call, against what is granted -------------

    /** Services the sandbox records that IAM does not authorise through the template's AWS grants. */
    private static final Set<String> NOT_AWS = Set.of("slack", "github");
    /** Granted on the stack's own table, queue and secret; checked by the tests above. */
    private static final Set<String> GRANTED_BY_RESOURCE = Set.of("dynamodb", "sqs", "secretsmanager");
    private static final List<String> KIND_PARAMETERS = List.of("NotifyApprovals", "NotifyPipelines",
            "NotifyDeployments", "NotifyPushes");

    /** Every kind on, every kind off, and each kind alone: the kinds' parameters for one replay. */
    static Stream<Map<String, String>> kindSettings() {
        List<Map<String, String>> settings = new ArrayList<>();
        settings.add(kinds(KIND_PARAMETERS));
        settings.add(kinds(List.of()));
        KIND_PARAMETERS.forEach(kind -> settings.add(kinds(List.of(kind))));
        return settings.stream();
    }

    private static Map<String, String> kinds(List<String> on) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        KIND_PARAMETERS.forEach(kind -> values.put(kind, Boolean.toString(on.contains(kind))));
        return values;
    }

    /**
     * Replays every sample event in {@code events/} through the real handler against the sandbox (with the kinds
     * switched as the parameters would switch them) and checks that each AWS operation the sandbox saw is granted
     * by the template with those parameters. It covers each kind as soon as its sample events and its fake are in
     * {@code events/} and the sandbox.
     */
    @ParameterizedTest
    @MethodSource("kindSettings")
    void everyOperationTheSampleEventsCallIsGranted(Map<String, String> kinds, EmbeddedDynamo dynamo,
                                                    @SandboxExtension.Fixtures Sandbox sandbox) throws IOException {
        String history = "template-iam-history";
        String aliases = "template-iam-aliases";
        List<String> existing = dynamo.client().listTables().tableNames();
        for (String table : List.of(history, aliases)) {
            if (existing.contains(table)) {
                dynamo.deleteTable(table);
            }
        }
        dynamo.createHistoryTable(history);
        dynamo.createAliasTable(aliases);
        dynamo.putAliases(aliases, Path.of("events", "sandbox", "aliases.json"));
        sandbox.clearFaults();
        sandbox.clearRecordings();
        Demo.pointTheSdkAt(sandbox, dynamo);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "CBN_DYNAMO_TABLE", history,
                "CBN_SLACK_ALIAS_TABLE", aliases,
                "CBN_ADDITIONAL_CHANNEL", "#builds",
                "CBN_SLACK_ADMIN_USERNAMES", "ops-admin",
                "CBN_SLACK_API_URL", sandbox.slackApiUrl(),
                "CBN_GITHUB_API_URL", sandbox.githubApiUrl()));
        kinds.forEach((parameter, value) -> env.put(
                "CBN_NOTIFY_" + parameter.substring("Notify".length()).toUpperCase(Locale.ROOT), value));
        List<Path> events;
        try (Stream<Path> files = Files.list(PROJECT_DIR.resolve("events"))) {
            events = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(events.isEmpty());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Replay.run(env, events, new PrintStream(out, true, StandardCharsets.UTF_8));

        Set<String> called = new TreeSet<>();
        for (Sandbox.Call call : sandbox.calls()) {
            // a target no fake answers is recorded as its prefix, e.g. codepipeline_20150709
            String service = call.service().replaceFirst("_\\d{8}$", "");
            if (!NOT_AWS.contains(service) && !GRANTED_BY_RESOURCE.contains(service)) {
                called.add(service + ":" + call.operation());
            }
        }
        assertTrue(called.contains("codebuild:BatchGetBuilds"), "the replay reached CodeBuild: " + called + "\n" + out);
        Set<String> granted = grantedWith(kinds);
        Set<String> notGranted = new TreeSet<>(called);
        notGranted.removeAll(granted);
        assertTrue(notGranted.isEmpty(), "called but not granted with " + kinds + ": " + notGranted);
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

    // ---- the Slack interactions function ------------------------------------

    private static final String INTERACTIONS = "SlackInteractionsFunction";

    /**
     * The AWS operations the interactions function calls, no more: codebuild:RetryBuild (Retry); codepipeline: an
     * approval's token (GetPipelineState), its decision (PutApprovalResult), its revisions for self-approval
     * (GetPipelineExecution), /codebuild deploy and runs (StartPipelineExecution, ListPipelineExecutions); dynamodb:
     * the history table (requests claimed once and released, preferences, the status board); secretsmanager: the
     * token and the signing secret; sqs: its own work queue. Writing the alias table (PutItem) is granted only with
     * an alias table ({@link #theInteractionsFunctionWritesTheAliasTableOnlyWhenThereIsOne}).
     */
    private static final Map<String, Set<String>> INTERACTION_OPERATIONS = Map.of(
            "codebuild", Set.of("RetryBuild"),
            "codecommit", Set.of("GetCommit"),
            "codepipeline", Set.of("PutApprovalResult", "GetPipelineState", "GetPipelineExecution", "GetPipeline",
                    "ListActionExecutions", "StartPipelineExecution", "ListPipelineExecutions"),
            "dynamodb", Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query"),
            "secretsmanager", Set.of("GetSecretValue"),
            "sqs", Set.of("SendMessage", "GetQueueAttributes"));

    private static Set<String> actionsOf(Map<String, Set<String>> operations) {
        Set<String> actions = new TreeSet<>();
        operations.forEach((service, ops) -> ops.forEach(op -> actions.add(service + ":" + op)));
        return actions;
    }

    private static Map<String, Object> interactionsProperties() {
        return map(resource(INTERACTIONS).get("Properties"));
    }

    @Test
    void theInteractionsFunctionIsAStreamHandlerOfTheSameJarWithSnapStart() throws ClassNotFoundException, IOException {
        Map<String, Object> function = interactionsProperties();
        assertEquals("io.codebuildnotifier.function.InteractionsHandler::handleRequest", function.get("Handler"));
        assertTrue(com.amazonaws.services.lambda.runtime.RequestStreamHandler.class.isAssignableFrom(
                Class.forName("io.codebuildnotifier.function.InteractionsHandler")));
        assertEquals(".", function.get("CodeUri"));
        assertEquals(Map.of("BuildMethod", "makefile"), resource(INTERACTIONS).get("Metadata"));
        assertFalse(function.containsKey("Runtime"), "the runtime and architecture are Globals'");
        assertEquals("live", function.get("AutoPublishAlias"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), function.get("SnapStart"));
        assertEquals(1024, function.get("MemorySize"), "CPU for a cold acknowledgement within Slack's 3 s");
        int timeout = (Integer) function.get("Timeout");
        assertTrue(timeout >= 10 && timeout <= 60, "timeout " + timeout);
        assertEquals("JSON", map(function.get("LoggingConfig")).get("LogFormat"));
        List<String> lines = Files.readAllLines(PROJECT_DIR.resolve("Makefile"));
        int target = lines.indexOf("build-" + INTERACTIONS + ":");
        assertTrue(target >= 0, "Makefile has no target build-" + INTERACTIONS);
        assertTrue(lines.subList(target, lines.size()).stream().takeWhile(l -> !l.isBlank())
                .anyMatch(l -> l.trim().equals("cp target/codebuild-notifier.jar \"$(ARTIFACTS_DIR)/lib/\"")));
    }

    /** Public (Slack cannot sign AWS requests; the function checks Slack's signature), on the alias, output. */
    @Test
    void theInteractionsFunctionHasAPublicUrlThatIsOutput() {
        Map<String, Object> url = map(interactionsProperties().get("FunctionUrlConfig"));
        assertEquals("NONE", url.get("AuthType"));
        assertEquals("BUFFERED", url.get("InvokeMode"));
        assertFalse(url.containsKey("Cors"), "Slack posts from its servers, not from a browser");
        Map<String, Object> output = map(section("Outputs").get("SlackInteractionsUrl"));
        assertEquals(getAtt("SlackInteractionsFunctionUrl", "FunctionUrl"), output.get("Value"));
        assertTrue(String.valueOf(output.get("Description")).contains("REPLACE-WITH-SlackInteractionsUrl"));
    }

    @Test
    void theWorkQueueIsReadByTheSameFunctionAndReportsEachFailure() {
        Map<String, Object> function = interactionsProperties();
        assertEquals(Map.of("Ref", "InteractionsQueue"), environmentVariables(INTERACTIONS)
                .get(Option.INTERACTIONS_QUEUE_URL.variable()));
        Map<String, Object> events = map(function.get("Events"));
        assertEquals(Set.of("Work"), events.keySet(), "the URL is FunctionUrlConfig's; the queue the only event");
        Map<String, Object> work = map(events.get("Work"));
        assertEquals("SQS", work.get("Type"));
        Map<String, Object> source = map(work.get("Properties"));
        assertEquals(getAtt("InteractionsQueue", "Arn"), source.get("Queue"));
        assertEquals(List.of("ReportBatchItemFailures"), source.get("FunctionResponseTypes"));
        int batch = (Integer) source.get("BatchSize");
        assertTrue(batch >= 1 && batch <= 10, "batch " + batch);

        Map<String, Object> queue = map(resource("InteractionsQueue").get("Properties"));
        assertEquals(true, queue.get("FifoQueue"), "one person's requests in order; Slack's retries deduplicated");
        assertEquals(false, queue.get("ContentBasedDeduplication"), "deduplicated by the request's id");
        assertEquals(true, queue.get("SqsManagedSseEnabled"));
        int visibility = (Integer) queue.get("VisibilityTimeout");
        int timeout = (Integer) function.get("Timeout");
        assertTrue(visibility >= 6 * timeout, "visibility timeout " + visibility + " s < 6 x the function's " + timeout);
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        assertEquals(getAtt("InteractionsDeadLetterQueue", "Arn"), redrive.get("deadLetterTargetArn"));
        int receives = (Integer) redrive.get("maxReceiveCount");
        assertTrue(receives >= 2 && receives <= 5, "receives " + receives);
        Map<String, Object> dlq = map(resource("InteractionsDeadLetterQueue").get("Properties"));
        assertEquals(true, dlq.get("FifoQueue"), "a FIFO queue's dead letters are FIFO");
        assertEquals(true, dlq.get("SqsManagedSseEnabled"));
        assertEquals(1209600, dlq.get("MessageRetentionPeriod"));
        assertQueueDepthAlarm("InteractionsDeadLetterAlarm", "InteractionsDeadLetterQueue");
        Map<String, Object> errors = alarm("SlackInteractionsErrorsAlarm");
        assertEquals("AWS/Lambda", errors.get("Namespace"));
        assertEquals("Errors", errors.get("MetricName"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", INTERACTIONS))),
                errors.get("Dimensions"));
        for (String name : List.of("InteractionsQueueUrl", "InteractionsDeadLetterQueueUrl",
                "InteractionsDeadLetterAlarmName", "SlackInteractionsErrorsAlarmName", "SlackInteractionsFunctionName")) {
            assertTrue(section("Outputs").containsKey(name), "no output " + name);
        }
    }

    @Test
    void theInteractionsFunctionIsGrantedExactlyTheOperationsItCalls() {
        Set<String> granted = new TreeSet<>();
        List<Map<String, Object>> statements = policyStatements(INTERACTIONS);
        statements.forEach(statement -> asList(statement.get("Action")).forEach(a -> granted.add((String) a)));
        assertEquals(actionsOf(INTERACTION_OPERATIONS), granted);
        for (Map<String, Object> statement : statements) {
            assertEquals("Allow", statement.get("Effect"), "statement " + statement);
            assertFalse(statement.containsKey("NotAction") || statement.containsKey("NotResource"), "in " + statement);
            for (Object action : asList(statement.get("Action"))) {
                assertFalse(String.valueOf(action).contains("*"), "wildcard action " + action);
            }
            assertFalse(asList(statement.get("Resource")).contains("*"), "Resource '*' in " + statement);
        }
    }

    @Test
    void theInteractionsFunctionsGrantsAreScopedToThisAccountItsTableSecretAndQueue() {
        List<Map<String, Object>> statements = policyStatements(INTERACTIONS);
        java.util.function.Function<String, Map<String, Object>> allowing = action -> {
            List<Map<String, Object>> matching = statements.stream()
                    .filter(st -> asList(st.get("Action")).contains(action)
                            && !subTemplateOrEmpty(st.get("Resource")).endsWith("${SlackAliasTable}"))
                    .toList();
            assertEquals(1, matching.size(), "statements allowing " + action);
            return matching.get(0);
        };
        assertEquals("arn:${AWS::Partition}:codebuild:${AWS::Region}:${AWS::AccountId}:project/*",
                subTemplate(allowing.apply("codebuild:RetryBuild").get("Resource")));
        for (String op : INTERACTION_OPERATIONS.get("codepipeline")) {
            assertEquals("arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:*",
                    subTemplate(allowing.apply("codepipeline:" + op).get("Resource")), op);
        }
        for (String op : INTERACTION_OPERATIONS.get("dynamodb")) {
            assertEquals("arn:${AWS::Partition}:dynamodb:${DataRegion}:${AWS::AccountId}:table/${HistoryTableName}",
                    subTemplate(allowing.apply("dynamodb:" + op).get("Resource")), op);
        }
        assertTrue(subTemplate(allowing.apply("secretsmanager:GetSecretValue").get("Resource"))
                .endsWith(":secret:${SlackSecretName}-??????"));
        assertEquals(getAtt("InteractionsQueue", "Arn"), allowing.apply("sqs:SendMessage").get("Resource"));
        assertEquals(List.of("sqs:SendMessage"), asList(allowing.apply("sqs:SendMessage").get("Action")));
    }

    /** The Home tab's health counts the stack's failure queues, each named and each one it may read. */
    @Test
    void theHomeTabCountsTheStacksFailureQueues() {
        String queues = subTemplate(environmentVariables(INTERACTIONS).get(Option.HEALTH_QUEUE_URLS.variable()));
        List<String> names = List.of("FailedInvocationsQueue", "UndeliveredEventsQueue", "UndeliveredMessagesQueue",
                "InteractionsDeadLetterQueue");
        assertEquals(names.stream().map(n -> n + "=${" + n + "}").collect(Collectors.joining(",")), queues);
        Map<String, Object> counting = list(map(list(interactionsProperties().get("Policies")).get(0))
                .get("Statement")).stream().map(TemplateTest::map)
                .filter(s -> "CountFailures".equals(s.get("Sid"))).findFirst().orElseThrow();
        assertEquals("sqs:GetQueueAttributes", counting.get("Action"));
        assertEquals(names.stream().map(n -> Map.of("Fn::GetAtt", List.of(n, "Arn"))).toList(),
                counting.get("Resource"));
    }

    @Test
    void theInteractionsFunctionWritesTheAliasTableOnlyWhenThereIsOne() {
        List<List<Object>> conditional = list(interactionsProperties().get("Policies")).stream()
                .map(TemplateTest::map)
                .filter(policy -> policy.containsKey("Fn::If"))
                .map(policy -> list(policy.get("Fn::If")))
                .collect(Collectors.toList());
        assertEquals(1, conditional.size());
        List<Object> branches = conditional.get(0);
        assertEquals("HasSlackAliasTable", branches.get(0));
        assertEquals(Map.of("Ref", "AWS::NoValue"), branches.get(2));
        Map<String, Object> statement = map(list(map(branches.get(1)).get("Statement")).get(0));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:PutItem"), statement.get("Action"));
        assertTrue(subTemplate(statement.get("Resource")).endsWith(":table/${SlackAliasTable}"));

        List<Map<String, Object>> without = new ArrayList<>();
        List<Map<String, Object>> with = new ArrayList<>();
        for (Object policy : list(interactionsProperties().get("Policies"))) {
            collectStatements(policy, without, conditionValues(Map.of("SlackAliasTable", "")));
            collectStatements(policy, with, conditionValues(Map.of("SlackAliasTable", "aliases")));
        }
        assertFalse(without.stream().anyMatch(s -> subTemplateOrEmpty(s.get("Resource")).endsWith("${SlackAliasTable}")));
        assertEquals(1, with.stream().filter(s -> subTemplateOrEmpty(s.get("Resource")).endsWith("${SlackAliasTable}"))
                .count());
    }

    /** Approvals and retries are decided by the same settings in both functions (the buttons, the permission). */
    @Test
    void whoMayActIsAParameterOfBothFunctions() {
        assertEquals("", parameterDefault("Approvers"));
        assertEquals(List.of("authors", "anyone", "nobody"), parameter("RetryBy").get("AllowedValues"));
        assertEquals("false", parameterDefault("AllowSelfApproval"));
        for (String function : List.of(FUNCTION, INTERACTIONS)) {
            assertEquals(Map.of("Ref", "Approvers"), environmentVariables(function).get("CBN_APPROVERS"), function);
            assertEquals(Map.of("Ref", "RetryBy"), environmentVariables(function).get("CBN_RETRY_BY"), function);
        }
    }

    private static String subTemplateOrEmpty(Object value) {
        return value instanceof Map<?, ?> m && m.containsKey("Fn::Sub") ? subTemplate(value) : "";
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
            "CodePipelineClient", "codepipeline",
            "CodeDeployClient", "codedeploy",
            "SqsClient", "sqs");
    /** {@code XClient client} or {@code Supplier<XClient> clients}. */
    private static final Pattern CLIENT_DECLARATION = Pattern.compile("\\b(\\w+Client)>?\\s+clients?\\b");
    /** {@code client.op(} or {@code clients.get().op(}. */
    private static final Pattern CLIENT_CALL = Pattern.compile("\\bclient(?:s\\.get\\(\\))?\\.(\\w+)\\(");
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
        return environmentVariables(FUNCTION);
    }

    private static Map<String, Object> environmentVariables(String function) {
        return map(map(map(resource(function).get("Properties")).get("Environment")).get("Variables"));
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
        return policyStatements(FUNCTION);
    }

    private static List<Map<String, Object>> policyStatements(String function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(map(resource(function).get("Properties")).get("Policies"))) {
            collectStatements(policy, statements);
        }
        return statements;
    }

    private static void collectStatements(Object policy, List<Map<String, Object>> into) {
        collectStatements(policy, into, null);
    }

    /**
     * The statements of a policy (or of a conditional one): both branches of every !If when {@code conditions} is
     * null, else the branch each condition's value picks; {@code !Ref AWS::NoValue} is nothing.
     */
    private static void collectStatements(Object policy, List<Map<String, Object>> into,
                                          Map<String, Boolean> conditions) {
        if (!(policy instanceof Map<?, ?>)) {
            return; // a managed policy name or ARN
        }
        Map<String, Object> document = map(policy);
        if (document.containsKey("Fn::If")) {
            List<Object> branches = list(document.get("Fn::If"));
            if (conditions == null) {
                collectStatements(branches.get(1), into, null);
                collectStatements(branches.get(2), into, null);
            } else {
                Boolean holds = conditions.get((String) branches.get(0));
                assertNotNull(holds, "no condition " + branches.get(0));
                collectStatements(branches.get(holds ? 1 : 2), into, conditions);
            }
        } else if (document.containsKey("Statement")) {
            for (Object statement : asList(document.get("Statement"))) {
                Map<String, Object> s = map(statement);
                if (s.containsKey("Fn::If")) {
                    List<Object> branches = list(s.get("Fn::If"));
                    List<Object> chosen = conditions == null ? List.of(branches.get(1), branches.get(2))
                            : List.of(branches.get(conditions.get((String) branches.get(0)) ? 1 : 2));
                    chosen.stream().filter(b -> !Map.of("Ref", "AWS::NoValue").equals(b))
                            .forEach(b -> into.add(map(b)));
                } else {
                    into.add(s);
                }
            }
        }
    }

    /** The function's actions granted with these parameter values (the rest at their defaults). */
    private static Set<String> grantedWith(Map<String, String> values) {
        return grantedWith(FUNCTION, values);
    }

    private static Set<String> grantedWith(String function, Map<String, String> values) {
        Map<String, Boolean> conditions = conditionValues(values);
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(map(resource(function).get("Properties")).get("Policies"))) {
            collectStatements(policy, statements, conditions);
        }
        Set<String> granted = new TreeSet<>();
        statements.forEach(statement -> asList(statement.get("Action")).forEach(a -> granted.add((String) a)));
        return granted;
    }

    /** Every condition of the template, evaluated with these parameter values and the others' defaults. */
    private static Map<String, Boolean> conditionValues(Map<String, String> values) {
        Map<String, String> parameters = new java.util.HashMap<>();
        section("Parameters").forEach((name, p) -> parameters.put(name, String.valueOf(map(p).get("Default"))));
        values.forEach((name, value) -> {
            assertTrue(parameters.containsKey(name), "no parameter " + name);
            parameters.put(name, value);
        });
        Map<String, Boolean> conditions = new java.util.HashMap<>();
        section("Conditions").keySet().forEach(name -> conditions.put(name, condition(name, parameters)));
        return conditions;
    }

    private static boolean condition(String name, Map<String, String> parameters) {
        return truth(section("Conditions").get(name), parameters);
    }

    private static boolean truth(Object expression, Map<String, String> parameters) {
        Map<String, Object> function = map(expression);
        assertEquals(1, function.size(), "one function: " + function);
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        return switch (only.getKey()) {
            case "Fn::Equals" -> {
                List<Object> sides = list(only.getValue());
                yield value(sides.get(0), parameters).equals(value(sides.get(1), parameters));
            }
            case "Fn::Not" -> !truth(list(only.getValue()).get(0), parameters);
            case "Fn::And" -> list(only.getValue()).stream().allMatch(c -> truth(c, parameters));
            case "Fn::Or" -> list(only.getValue()).stream().anyMatch(c -> truth(c, parameters));
            case "Condition" -> condition((String) only.getValue(), parameters);
            default -> throw new AssertionError("a condition function this test cannot evaluate: " + function);
        };
    }

    private static String value(Object operand, Map<String, String> parameters) {
        String ref = refTarget(operand);
        if (ref != null) {
            assertTrue(parameters.containsKey(ref), "a condition refers to " + ref + ", not a parameter");
            return parameters.get(ref);
        }
        return String.valueOf(operand);
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
