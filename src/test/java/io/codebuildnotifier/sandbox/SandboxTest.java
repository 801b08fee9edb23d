package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.users.UsersListResponse;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import com.slack.api.model.Attachment;
import com.slack.api.model.User;
import io.codebuildnotifier.sandbox.Sandbox.Fault;
import io.codebuildnotifier.sandbox.Sandbox.SlackPost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.CodeBuildException;
import software.amazon.awssdk.services.codebuild.model.StatusType;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.Commit;
import software.amazon.awssdk.services.codecommit.model.CommitIdDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.GetBranchResponse;
import software.amazon.awssdk.services.codecommit.model.GetCommitResponse;
import software.amazon.awssdk.services.codecommit.model.GetPullRequestResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidPullRequestIdException;
import software.amazon.awssdk.services.codecommit.model.MergeOptionTypeEnum;
import software.amazon.awssdk.services.codecommit.model.PullRequest;
import software.amazon.awssdk.services.codecommit.model.PullRequestDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.PullRequestStatusEnum;
import software.amazon.awssdk.services.codecommit.model.PullRequestTarget;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Proves the sandbox fakes speak the real wire formats, through the real clients. */
class SandboxTest {

    static final Path EVENTS = Path.of("events");
    static final Path FIXTURES = EVENTS.resolve("sandbox");
    static final String TOKEN = "xoxb-sandbox-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String PR_FAILED_ARN =
            "arn:aws:codebuild:us-east-1:123456789012:build/widgets-ci:e96a2eae-f2b5-5f06-bd0d-37e27eea19f5";
    static final String PR_SUCCEEDED_ID = "widgets-ci:73f19369-7745-5c60-a83f-b641e0b9840f";
    static final String PR42_FIRST_SHA = "c2199841d037cb5ae3fe3c263bd4834b4d2ac81c";
    static final String PR42_SECOND_SHA = "33a055032c8a981a5b8e950d27ea7d729c9646a5";
    static final String MAIN_SHA = "af94f3f158b6653b29c2b1c88c89c47690343239";
    static final String BILLING_SHA = "4eb06e04c6953cfcb19cb7647f172545e5bb0074";

    static Sandbox sandbox;
    static Slack slack;
    static MethodsClient slackMethods;
    static CodeBuildClient codeBuild;
    static SecretsManagerClient secretsManager;
    static CodeCommitClient codeCommit;
    static HttpClient http;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(FIXTURES);
        slack = slackFor(sandbox);
        slackMethods = slack.methods(TOKEN);
        codeBuild = local(CodeBuildClient.builder(), sandbox);
        secretsManager = local(SecretsManagerClient.builder(), sandbox);
        codeCommit = local(CodeCommitClient.builder(), sandbox);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws Exception {
        codeBuild.close();
        secretsManager.close();
        codeCommit.close();
        slack.close();
        sandbox.close();
    }

    @BeforeEach
    void forgetCalls() {
        sandbox.clearRecordings();
    }

    /** A real AWS SDK client pointed at a sandbox: endpoint override, us-east-1, static credentials. */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder, Sandbox target) {
        return builder.endpointOverride(URI.create(target.awsEndpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** A real Slack client pointed at a sandbox, with its own connection pool. */
    static Slack slackFor(Sandbox target) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(target.slackApiUrl());
        config.setStatsEnabled(false);
        config.setFailOnUnknownProperties(true); // our JSON must only use fields the SDK models know
        return Slack.getInstance(config);
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Nested
    class CodeBuild {

        @Test
        void batchGetBuildsAcceptsArnsAndShortIdsAndReportsTheUnknown() {
            String unknown = "widgets-ci:00000000-0000-0000-0000-000000000000";
            BatchGetBuildsResponse response = codeBuild.batchGetBuilds(r -> r.ids(PR_FAILED_ARN, PR_SUCCEEDED_ID, unknown));

            assertEquals(2, response.builds().size());
            assertEquals(List.of(unknown), response.buildsNotFound());
            Build failed = response.builds().get(0);
            assertEquals("widgets-ci:e96a2eae-f2b5-5f06-bd0d-37e27eea19f5", failed.id());
            assertEquals(PR_FAILED_ARN, failed.arn());
            assertEquals(41L, failed.buildNumber());
            assertEquals(Instant.parse("2026-11-03T14:05:09.312Z"), failed.startTime());
            assertEquals(Instant.parse("2026-11-03T14:07:22.312Z"), failed.endTime());
            assertEquals(StatusType.FAILED, failed.buildStatus());
            assertEquals("pr/42", failed.sourceVersion());
            assertEquals(PR42_FIRST_SHA, failed.resolvedSourceVersion());
            assertEquals("https://github.com/acme/widgets.git", failed.source().location());
            assertEquals("GitHub-Hookshot/8f1c2d4", failed.initiator());
            BuildPhase build = failed.phases().stream()
                    .filter(p -> p.phaseType() == BuildPhaseType.BUILD).findFirst().orElseThrow();
            assertEquals(StatusType.FAILED, build.phaseStatus());
            assertEquals("COMMAND_EXECUTION_ERROR", build.contexts().get(0).statusCode());
            assertEquals("/aws/codebuild/widgets-ci", failed.logs().groupName());
            assertEquals("STAGE", failed.environment().environmentVariables().get(0).name());
            assertEquals(StatusType.SUCCEEDED, response.builds().get(1).buildStatus());

            assertEquals(1, sandbox.count("codebuild", "BatchGetBuilds"));
            assertEquals(String.join(",", PR_FAILED_ARN, PR_SUCCEEDED_ID, unknown),
                    sandbox.calls().get(0).params().get("ids"));
        }

        @Test
        void theSampleBuildsNameReportsCodeBuildHas() {
            Build failed = codeBuild.batchGetBuilds(r -> r.ids(PR_FAILED_ARN, PR_SUCCEEDED_ID)).builds().get(0);
            Build passed = codeBuild.batchGetBuilds(r -> r.ids(PR_SUCCEEDED_ID)).builds().get(0);
            for (Build build : List.of(failed, passed)) {
                var response = codeBuild.batchGetReports(r -> r.reportArns(build.reportArns()));
                assertEquals(List.of(), response.reportsNotFound(), build.id());
                assertEquals(build.reportArns(), response.reports().stream()
                        .map(software.amazon.awssdk.services.codebuild.model.Report::arn).toList());
                response.reports().forEach(report -> assertEquals(build.arn(), report.executionId(), report.arn()));
            }
            var unit41 = codeBuild.batchGetReports(r -> r.reportArns(failed.reportArns().get(0))).reports().get(0);
            assertEquals("FAILED", unit41.statusAsString());
            assertEquals(120, unit41.testSummary().total());
            assertEquals(java.util.Map.of("SUCCEEDED", 115, "FAILED", 3, "SKIPPED", 2, "ERROR", 0, "UNKNOWN", 0),
                    unit41.testSummary().statusCounts());
            var coverage41 = codeBuild.batchGetReports(r -> r.reportArns(failed.reportArns().get(1))).reports().get(0);
            assertEquals(81.7, coverage41.codeCoverageSummary().lineCoveragePercentage());
            assertEquals(Instant.parse("2026-12-03T14:07:20.102Z"), coverage41.expired(), "30 days after it was made");
        }

        @Test
        void describeTestCasesFiltersByStatusAndKeywordAndPages() {
            String unit41 = codeBuild.batchGetBuilds(r -> r.ids(PR_FAILED_ARN)).builds().get(0).reportArns().get(0);

            var failed = codeBuild.describeTestCases(r -> r.reportArn(unit41).filter(f -> f.status("FAILED")));
            assertEquals(List.of("appliesPercentageDiscountToEveryLine", "countsConcurrentIncrements",
                    "returns404ForUnknownWidget"), failed.testCases().stream()
                    .map(software.amazon.awssdk.services.codebuild.model.TestCase::name).toList());
            assertEquals(null, failed.nextToken());
            assertEquals(unit41, failed.testCases().get(0).reportArn());

            var first = codeBuild.describeTestCases(r -> r.reportArn(unit41).filter(f -> f.status("FAILED"))
                    .maxResults(2));
            assertEquals(2, first.testCases().size());
            var rest = codeBuild.describeTestCases(r -> r.reportArn(unit41).filter(f -> f.status("FAILED"))
                    .maxResults(2).nextToken(first.nextToken()));
            assertEquals(List.of("returns404ForUnknownWidget"), rest.testCases().stream()
                    .map(software.amazon.awssdk.services.codebuild.model.TestCase::name).toList());
            assertEquals(null, rest.nextToken());

            assertEquals(2, codeBuild.describeTestCases(r -> r.reportArn(unit41).filter(f -> f.keyword("CartTotals")))
                    .testCases().size(), "the keyword matches the prefix");
            assertEquals(2, codeBuild.describeTestCases(r -> r.reportArn(unit41).filter(f -> f.status("SKIPPED")))
                    .testCases().size());
        }

        @Test
        void describeTestCasesRejectsWhatCodeBuildRejects() {
            String unit41 = codeBuild.batchGetBuilds(r -> r.ids(PR_FAILED_ARN)).builds().get(0).reportArns().get(0);

            CodeBuildException gone = assertThrows(CodeBuildException.class, () -> codeBuild.describeTestCases(
                    r -> r.reportArn(unit41.replace("5f1c3a62", "00000000"))));
            assertEquals("ResourceNotFoundException", gone.awsErrorDetails().errorCode());
            CodeBuildException tooMany = assertThrows(CodeBuildException.class, () -> codeBuild.describeTestCases(
                    r -> r.reportArn(unit41).maxResults(101)));
            assertEquals("InvalidInputException", tooMany.awsErrorDetails().errorCode());
            CodeBuildException none = assertThrows(CodeBuildException.class, () -> codeBuild.batchGetReports(
                    r -> r.reportArns(List.of())));
            assertEquals("InvalidInputException", none.awsErrorDetails().errorCode());
        }

        @Test
        void everyEventHasItsBuildAndTheyAgree() throws IOException {
            DateTimeFormatter eventTime = DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC);
            List<Path> events = eventFiles();
            assertEquals(9, events.size());
            for (Path file : events) {
                JsonNode detail = read(file).path("detail");
                JsonNode info = detail.path("additional-information");
                Build build = codeBuild.batchGetBuilds(r -> r.ids(detail.path("build-id").asText())).builds().get(0);
                assertEquals(detail.path("build-status").asText(), build.buildStatusAsString(), file.toString());
                assertEquals(detail.path("project-name").asText(), build.projectName(), file.toString());
                assertEquals(info.path("source-version").asText(), build.sourceVersion(), file.toString());
                assertEquals(info.path("initiator").asText(), build.initiator(), file.toString());
                assertEquals(info.path("build-start-time").asText(), eventTime.format(build.startTime()),
                        file.toString());
                assertEquals(info.path("build-complete").asBoolean(), build.buildComplete(), file.toString());
                // a build CodePipeline started has no source location
                assertEquals(info.path("source").path("location").asText(),
                        java.util.Objects.toString(build.source().location(), ""));
            }
        }

        @Test
        void everyFixtureFieldIsInTheSdkModel() throws IOException {
            for (Path file : jsonFiles(FIXTURES.resolve("codebuild"))) {
                assertModelled(read(file), Build.builder().sdkFields(), file.toString());
            }
            for (Path file : jsonFiles(FIXTURES.resolve("codecommit/billing/commits"))) {
                assertModelled(read(file), GetCommitResponse.builder().sdkFields(), file.toString());
            }
            for (Path file : jsonFiles(FIXTURES.resolve("codecommit/billing/branches"))) {
                assertModelled(read(file), GetBranchResponse.builder().sdkFields(), file.toString());
            }
            for (Path file : jsonFiles(FIXTURES.resolve("codecommit/billing/pull-requests"))) {
                assertModelled(read(file), GetPullRequestResponse.builder().sdkFields(), file.toString());
            }
            for (Path file : jsonFiles(FIXTURES.resolve("codecommit/billing/differences"))) {
                assertModelled(read(file), software.amazon.awssdk.services.codecommit.model.GetDifferencesResponse
                        .builder().sdkFields(), file.toString());
            }
        }

        @Test
        void anUnknownTargetIsAnUnknownOperation() throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sandbox.awsEndpoint()))
                    .header("X-Amz-Target", "CodeBuild_20161006.DeleteProject")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode());
            assertEquals("application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("UnknownOperationException", JSON.readTree(response.body()).path("__type").asText());
        }
    }

    @Nested
    class SecretsManager {

        @Test
        void getSecretValueByNameAndByArn() throws IOException {
            GetSecretValueResponse secret = secretsManager.getSecretValue(r -> r.secretId("slack/codebuild"));
            assertEquals(TOKEN, JSON.readTree(secret.secretString()).path("token").asText());
            assertEquals("slack/codebuild", secret.name());
            assertTrue(secret.arn().startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:slack/codebuild-"));
            assertEquals(List.of("AWSCURRENT"), secret.versionStages());
            assertNotNull(secret.createdDate());
            assertEquals(secret.arn(), secretsManager.getSecretValue(r -> r.secretId(secret.arn())).arn());
        }

        @Test
        void anUnknownSecretIsResourceNotFound() {
            ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                    () -> secretsManager.getSecretValue(r -> r.secretId("slack/nope")));
            assertEquals(400, e.statusCode());
            assertEquals("Secrets Manager can't find the specified secret.", e.awsErrorDetails().errorMessage());
        }
    }

    @Nested
    class CodeCommit {

        @Test
        void getCommitAndGetBranch() {
            Commit commit = codeCommit.getCommit(r -> r.repositoryName("billing").commitId(BILLING_SHA)).commit();
            assertEquals("carol@example.com", commit.author().email());
            assertEquals("Carol Reyes", commit.committer().name());
            assertTrue(commit.author().date().matches("\\d{10} [+-]\\d{4}"), commit.author().date());

            String head = codeCommit.getBranch(r -> r.repositoryName("billing").branchName("main")).branch().commitId();
            assertEquals(BILLING_SHA, head);
            assertEquals("billing", sandbox.calls().get(0).params().get("repositoryName"));
        }

        @Test
        void unknownRepositoryCommitAndBranchAreTheirOwnExceptions() {
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getCommit(r -> r.repositoryName("nope").commitId(BILLING_SHA)));
            assertThrows(CommitIdDoesNotExistException.class,
                    () -> codeCommit.getCommit(r -> r.repositoryName("billing").commitId(MAIN_SHA)));
            assertThrows(BranchDoesNotExistException.class,
                    () -> codeCommit.getBranch(r -> r.repositoryName("billing").branchName("develop")));
            assertThrows(RepositoryDoesNotExistException.class,
                    () -> codeCommit.getBranch(r -> r.repositoryName("nope").branchName("main")));
        }

        @Test
        void getPullRequestServesTheFixturesMergedPullRequest() {
            PullRequest merged = codeCommit.getPullRequest(r -> r.pullRequestId("7")).pullRequest();
            assertEquals("7", merged.pullRequestId());
            assertEquals(PullRequestStatusEnum.CLOSED, merged.pullRequestStatus());
            PullRequestTarget target = merged.pullRequestTargets().get(0);
            assertEquals("billing", target.repositoryName());
            assertEquals("refs/heads/fix-rounding", target.sourceReference());
            assertEquals("refs/heads/main", target.destinationReference());
            assertEquals(BILLING_SHA, target.sourceCommit());
            assertTrue(target.mergeMetadata().isMerged());
            assertEquals(MergeOptionTypeEnum.FAST_FORWARD_MERGE, target.mergeMetadata().mergeOption());
            String mainHead = codeCommit.getBranch(r -> r.repositoryName("billing").branchName("main")).branch().commitId();
            assertEquals(mainHead, target.mergeMetadata().mergeCommitId(), "merged by fast-forward into main");
            assertEquals("7", sandbox.calls().get(0).params().get("pullRequestId"));
        }

        @Test
        void pullRequestsCanBeAddedByTestsAndUnknownOnesAreTheirOwnExceptions() throws Exception {
            try (Sandbox empty = Sandbox.empty("xoxb-other");
                 CodeCommitClient commits = local(CodeCommitClient.builder(), empty)) {
                PullRequestDoesNotExistException missing = assertThrows(PullRequestDoesNotExistException.class,
                        () -> commits.getPullRequest(r -> r.pullRequestId("12")));
                assertEquals(400, missing.statusCode());
                assertEquals("PullRequestDoesNotExistException", missing.awsErrorDetails().errorCode());
                assertThrows(InvalidPullRequestIdException.class,
                        () -> commits.getPullRequest(r -> r.pullRequestId("pr/12")));

                empty.putCodeCommitBranch("repo", "feature-x", BILLING_SHA);
                empty.putCodeCommitPullRequest("repo", "12", "feature-x", "refs/heads/main");
                PullRequest open = commits.getPullRequest(r -> r.pullRequestId("12")).pullRequest();
                assertEquals("12", open.pullRequestId());
                assertEquals(PullRequestStatusEnum.OPEN, open.pullRequestStatus());
                assertNotNull(open.creationDate());
                PullRequestTarget target = open.pullRequestTargets().get(0);
                assertEquals("repo", target.repositoryName());
                assertEquals("refs/heads/feature-x", target.sourceReference());
                assertEquals("refs/heads/main", target.destinationReference());
                assertEquals(BILLING_SHA, target.sourceCommit());
                assertNull(target.destinationCommit(), "main has no known head in this sandbox");
                assertFalse(target.mergeMetadata().isMerged());

                HttpResponse<String> raw = http.send(HttpRequest.newBuilder(URI.create(empty.awsEndpoint()))
                        .header("X-Amz-Target", "CodeCommit_20150413.GetPullRequest")
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"pullRequestId\":\"12\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertModelled(JSON.readTree(raw.body()), GetPullRequestResponse.builder().sdkFields(), "GetPullRequest");

                // a pull request names an existing repository
                assertThrows(CommitIdDoesNotExistException.class,
                        () -> commits.getCommit(r -> r.repositoryName("repo").commitId(MAIN_SHA)));
            }
        }
    }

    @Nested
    class GitHub {

        HttpResponse<String> get(String path, boolean withToken) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.githubApiUrl() + path))
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28");
            if (withToken) {
                request.header("Authorization", "Bearer ghp_sandbox");
            }
            return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void getACommitWithDistinctAuthorAndCommitter() throws Exception {
            HttpResponse<String> response = get("/repos/acme/widgets/commits/" + PR42_SECOND_SHA, true);
            assertEquals(200, response.statusCode());
            assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
            JsonNode commit = JSON.readTree(response.body());
            assertEquals(PR42_SECOND_SHA, commit.path("sha").asText());
            assertEquals("jane@example.com", commit.path("commit").path("author").path("email").asText());
            assertEquals("bob@example.com", commit.path("commit").path("committer").path("email").asText());
            assertEquals("jane-doe-example", commit.path("author").path("login").asText());

            get("/repos/acme/widgets/commits/" + PR42_FIRST_SHA, false);
            List<Sandbox.Call> calls = sandbox.calls();
            assertEquals("GET /repos/acme/widgets/commits/" + PR42_SECOND_SHA, calls.get(0).operation());
            assertEquals("present", calls.get(0).params().get("authorization"));
            assertEquals("absent", calls.get(1).params().get("authorization"));
        }

        @Test
        void unknownRepositoryIs404AndUnknownShaIs422() throws Exception {
            HttpResponse<String> noRepo = get("/repos/acme/nope/commits/" + MAIN_SHA, false);
            assertEquals(404, noRepo.statusCode());
            assertEquals("Not Found", JSON.readTree(noRepo.body()).path("message").asText());
            assertTrue(JSON.readTree(noRepo.body()).has("documentation_url"));

            HttpResponse<String> noSha = get("/repos/acme/widgets/commits/" + BILLING_SHA, false);
            assertEquals(422, noSha.statusCode());
            assertEquals("No commit found for SHA: " + BILLING_SHA, JSON.readTree(noSha.body()).path("message").asText());
        }

        @Test
        void branchesResolveToTheirHeadAndUnknownBranchesAre404() throws Exception {
            JsonNode main = JSON.readTree(get("/repos/acme/widgets/branches/main", true).body());
            assertEquals(MAIN_SHA, main.path("commit").path("sha").asText());
            assertTrue(main.path("protected").asBoolean());

            JsonNode feature = JSON.readTree(get("/repos/acme/widgets/branches/feature/login-form", true).body());
            assertEquals("feature/login-form", feature.path("name").asText());

            HttpResponse<String> master = get("/repos/acme/widgets/branches/master", true);
            assertEquals(404, master.statusCode());
            assertEquals("Branch not found", JSON.readTree(master.body()).path("message").asText());
        }

        @Test
        void usersAreServedByLoginWithTheirPublicEmailOrNull() throws Exception {
            HttpResponse<String> bob = get("/users/Bob-Stone-Example", false);
            assertEquals(200, bob.statusCode());
            JsonNode user = JSON.readTree(bob.body());
            assertEquals("bob-stone-example", user.path("login").asText());
            assertEquals("bob@example.com", user.path("email").asText());
            assertEquals("User", user.path("type").asText());

            JsonNode jane = JSON.readTree(get("/users/jane-doe-example", true).body());
            assertTrue(jane.has("email") && jane.get("email").isNull(), jane.toString());

            HttpResponse<String> nobody = get("/users/nobody-at-all", false);
            assertEquals(404, nobody.statusCode());
            assertEquals("Not Found", JSON.readTree(nobody.body()).path("message").asText());
            assertEquals(List.of("GET /users/Bob-Stone-Example", "GET /users/jane-doe-example", "GET /users/nobody-at-all"),
                    sandbox.calls().stream().map(Sandbox.Call::operation).toList());

            sandbox.putGitHubUser((ObjectNode) JSON.readTree("{\"login\":\"erin-p\",\"email\":\"Erin.Park@example.org\"}"));
            assertEquals("Erin.Park@example.org", JSON.readTree(get("/users/erin-p", false).body()).path("email").asText());
        }

        @Test
        void commitsAndBranchesCanBeAddedByTests() throws Exception {
            String sha = "0123456789abcdef0123456789abcdef01234567";
            sandbox.putGitHubCommit("acme", "gadgets", (ObjectNode) JSON.readTree(
                    "{\"sha\":\"" + sha + "\",\"commit\":{\"author\":{\"email\":\"erin.park@example.org\"}}}"));
            sandbox.putGitHubBranch("acme", "gadgets", "release", sha);
            assertEquals(200, get("/repos/acme/gadgets/commits/" + sha.substring(0, 7), true).statusCode());
            JsonNode branch = JSON.readTree(get("/repos/acme/gadgets/branches/release", true).body());
            assertEquals("erin.park@example.org",
                    branch.path("commit").path("commit").path("author").path("email").asText());
        }
    }

    @Nested
    class SlackWebApi {

        @Test
        void lookupByEmailIgnoresCaseAndMissesUnknownAndDeactivatedUsers() throws Exception {
            UsersLookupByEmailResponse jane = slackMethods.usersLookupByEmail(r -> r.email("JANE@example.com"));
            assertTrue(jane.isOk(), jane.getError());
            assertEquals("U0JANE0001", jane.getUser().getId());
            assertEquals("jane@example.com", jane.getUser().getProfile().getEmail());

            assertEquals("W0ERIN0005", slackMethods.usersLookupByEmail(r -> r.email("erin.park@example.org"))
                    .getUser().getId());
            UsersLookupByEmailResponse carol = slackMethods.usersLookupByEmail(r -> r.email("carol@example.com"));
            assertFalse(carol.isOk());
            assertEquals("users_not_found", carol.getError());
            assertEquals("users_not_found", slackMethods.usersLookupByEmail(r -> r.email("dan@example.com")).getError());

            assertEquals(Map.of("email", "JANE@example.com"), sandbox.calls().get(0).params());
        }

        @Test
        void usersListPagesWithCursorsAndUsersInfoShowsDeletedUsers() throws Exception {
            List<User> members = new ArrayList<>();
            String cursor = null;
            do {
                String page = cursor;
                UsersListResponse response = slackMethods.usersList(r -> r.limit(2).cursor(page));
                assertTrue(response.isOk(), response.getError());
                members.addAll(response.getMembers());
                cursor = response.getResponseMetadata().getNextCursor();
            } while (cursor != null && !cursor.isEmpty());
            assertEquals(List.of("U0JANE0001", "U0BOB00002", "U0OPSADM03", "U0DAN00004", "W0ERIN0005", "U0BOTUSER1"),
                    members.stream().map(User::getId).toList());
            assertTrue(members.stream().anyMatch(u -> u.getName().equals("ops-admin")));
            assertTrue(members.stream().anyMatch(User::isBot));
            assertEquals(3, sandbox.count("slack", "users.list"));

            User dan = slackMethods.usersInfo(r -> r.user("U0DAN00004")).getUser();
            assertTrue(dan.isDeleted());
            assertEquals("user_not_found", slackMethods.usersInfo(r -> r.user("U0NOBODY00")).getError());
        }

        @Test
        void postMessageToUsersChannelsAndUnknownChannels() throws Exception {
            ChatPostMessageResponse dm = slackMethods.chatPostMessage(r -> r.channel("U0JANE0001")
                    .text("Build failed").attachments(List.of(Attachment.builder().color("danger").text("widgets-ci").build())));
            assertTrue(dm.isOk(), dm.getError());
            assertEquals("D0JANE0001", dm.getChannel());
            assertEquals("Build failed", dm.getMessage().getText());

            ChatPostMessageResponse channel = slackMethods.chatPostMessage(r -> r.channel("#builds").text("Build failed"));
            assertEquals("C0BUILDS01", channel.getChannel());
            assertTrue(Double.parseDouble(channel.getTs()) > Double.parseDouble(dm.getTs()));
            assertEquals("C0BUILDS01", slackMethods.chatPostMessage(r -> r.channel("builds").text("x")).getChannel());
            assertEquals("D0ERIN0005",
                    slackMethods.chatPostMessage(r -> r.channel("W0ERIN0005").text("x")).getChannel());

            ChatPostMessageResponse unknown = slackMethods.chatPostMessage(r -> r.channel("#nope").text("x"));
            assertFalse(unknown.isOk());
            assertEquals("channel_not_found", unknown.getError());

            List<SlackPost> posts = sandbox.posts();
            assertEquals(4, posts.size());
            assertEquals(new SlackPost("#builds", "C0BUILDS01", "Build failed", null, null), posts.get(1));
            JsonNode attachments = JSON.readTree(posts.get(0).attachmentsJson());
            assertEquals("danger", attachments.get(0).path("color").asText());
            assertEquals(5, sandbox.count("slack", "chat.postMessage"));
        }

        @Test
        void wrongOrMissingTokensAndUnknownMethods() throws Exception {
            assertEquals("invalid_auth", slack.methods("xoxb-wrong").authTest(r -> r).getError());
            // slack-api-client sends "Bearer null" without a token: invalid, not missing
            assertEquals("invalid_auth", slack.methods().authTest(r -> r).getError());
            assertTrue(slackMethods.authTest(r -> r).isOk());
            assertEquals("unknown_method", slackMethods.conversationsOpen(r -> r.users(List.of("U0JANE0001"))).getError());
            assertTrue(sandbox.calls().stream().flatMap(c -> c.params().values().stream())
                    .noneMatch(v -> v.contains("xoxb")), "tokens are never recorded");
        }

        @Test
        void aTokenInTheFormWorksAndNoTokenIsNotAuthed() throws Exception {
            HttpResponse<String> withToken = postForm("auth.test", "token=" + TOKEN);
            assertEquals("application/json; charset=utf-8", withToken.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(JSON.readTree(withToken.body()).path("ok").asBoolean());

            HttpResponse<String> withoutToken = postForm("auth.test", "");
            assertEquals("not_authed", JSON.readTree(withoutToken.body()).path("error").asText());
        }

        HttpResponse<String> postForm(String method, String form) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(sandbox.slackApiUrl() + method))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Nested
    class Faults {

        @Test
        void slackRateLimitSurfacesAsSlackApiExceptionWithRetryAfter() throws Exception {
            sandbox.failNext("slack", "chat.postMessage", 1, Fault.slackRateLimited(1));
            SlackApiException e = assertThrows(SlackApiException.class,
                    () -> slackMethods.chatPostMessage(r -> r.channel("U0JANE0001").text("x")));
            assertEquals(429, e.getResponse().code());
            assertEquals("1", e.getResponse().header("Retry-After"));
            assertEquals("ratelimited", e.getError().getError());

            assertTrue(slackMethods.chatPostMessage(r -> r.channel("U0JANE0001").text("x")).isOk());
            assertEquals(1, sandbox.posts().size());
            assertEquals("429", sandbox.calls().get(0).params().get("sandbox.fault"));
        }

        @Test
        void slackServerErrorSurfacesAsSlackApiException() {
            sandbox.failNext("slack", "*", 1, Fault.status(503));
            SlackApiException e = assertThrows(SlackApiException.class,
                    () -> slackMethods.usersLookupByEmail(r -> r.email("jane@example.com")));
            assertEquals(503, e.getResponse().code());
        }

        @Test
        void codeBuildThrottlingIsSeenByTheSdk() {
            sandbox.failNext("codebuild", "BatchGetBuilds", 1, Fault.awsError(400, "ThrottlingException", "Rate exceeded"));
            try (CodeBuildClient noRetries = codeBuildWithoutRetries()) {
                CodeBuildException e = assertThrows(CodeBuildException.class,
                        () -> noRetries.batchGetBuilds(r -> r.ids(PR_FAILED_ARN)));
                assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
                assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
                assertTrue(e.isThrottlingException());
            }

            // the default client retries a throttled call and succeeds
            sandbox.clearRecordings();
            sandbox.failNext("codebuild", "BatchGetBuilds", 1, Fault.awsError(400, "ThrottlingException", "Rate exceeded"));
            assertEquals(1, codeBuild.batchGetBuilds(r -> r.ids(PR_FAILED_ARN)).builds().size());
            assertEquals(2, sandbox.count("codebuild", "BatchGetBuilds"));
        }

        @Test
        void aDroppedConnectionIsAnIOExceptionOnceTheJdkClientsOwnRetryIsSpent() throws Exception {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create(sandbox.githubApiUrl() + "/repos/acme/widgets/branches/main")).GET().build();
            String operation = "GET /repos/acme/widgets/branches/main";

            // JDK HttpClient silently resends a GET once when the connection drops
            sandbox.failNext("github", "*", 1, Fault.DROP_CONNECTION);
            assertEquals(200, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(2, sandbox.count("github", operation));

            sandbox.clearRecordings();
            sandbox.failNext("github", operation, 2, Fault.DROP_CONNECTION);
            assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
            assertEquals("DROP_CONNECTION", sandbox.calls().get(0).params().get("sandbox.fault"));
        }

        @Test
        void aDroppedConnectionIsAnIOExceptionForSlackOnAFreshConnection() throws Exception {
            try (Slack fresh = slackFor(sandbox)) {
                sandbox.failNext("slack", "chat.postMessage", 1, Fault.DROP_CONNECTION);
                assertThrows(IOException.class,
                        () -> fresh.methods(TOKEN).chatPostMessage(r -> r.channel("U0JANE0001").text("x")));
            }
            assertEquals(1, sandbox.count("slack", "chat.postMessage"));
            assertTrue(sandbox.posts().isEmpty());
        }

        @Test
        void okHttpSilentlyRetriesADropOnAPooledConnection() throws Exception {
            assertTrue(slackMethods.authTest(r -> r).isOk()); // leaves a keep-alive connection in the pool
            sandbox.failNext("slack", "chat.postMessage", 1, Fault.DROP_CONNECTION);
            assertTrue(slackMethods.chatPostMessage(r -> r.channel("U0JANE0001").text("x")).isOk());
            assertEquals(2, sandbox.count("slack", "chat.postMessage"));
            assertEquals(1, sandbox.posts().size());
        }

        @Test
        void aDroppedConnectionReachesAnSdkCallerWithoutRetries() {
            sandbox.failNext("codebuild", "BatchGetBuilds", 1, Fault.DROP_CONNECTION);
            try (CodeBuildClient noRetries = codeBuildWithoutRetries()) {
                SdkClientException e = assertThrows(SdkClientException.class,
                        () -> noRetries.batchGetBuilds(r -> r.ids(PR_FAILED_ARN)));
                assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
            }
            assertEquals(1, sandbox.count("codebuild", "BatchGetBuilds"));
        }
    }

    static CodeBuildClient codeBuildWithoutRetries() {
        return local(CodeBuildClient.builder().overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())), sandbox);
    }

    @Nested
    class Fixtures {

        @Test
        void pushBuildsAndTheirBranches() throws Exception {
            JsonNode pushMain = read(EVENTS.resolve("push-main-failed.json")).path("detail");
            String mainSha = pushMain.path("additional-information").path("source-version").asText();
            String mainHead = JSON.readTree(http.send(HttpRequest.newBuilder(
                            URI.create(sandbox.githubApiUrl() + "/repos/acme/widgets/branches/main")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("commit").path("sha").asText();
            assertEquals(mainSha, mainHead);

            String featureSha = read(EVENTS.resolve("push-feature.json"))
                    .path("detail").path("additional-information").path("source-version").asText();
            assertFalse(featureSha.equals(mainHead));
            assertTrue(featureSha.matches("[0-9a-f]{40}"));
        }

        @Test
        void theNoreplyAuthorIsOnlyReachableThroughTheAliasTable() throws Exception {
            JsonNode mainCommit = read(FIXTURES.resolve("github/acme/widgets/commits/" + MAIN_SHA + ".json"));
            String author = mainCommit.path("commit").path("author").path("email").asText();
            assertEquals("users_not_found", slackMethods.usersLookupByEmail(r -> r.email(author)).getError());
            String workspaceEmail = null;
            for (JsonNode alias : read(FIXTURES.resolve("aliases.json"))) {
                if (alias.path("alternate_email").asText().equals(author)) {
                    workspaceEmail = alias.path("workspace_email").asText();
                }
            }
            assertNotNull(workspaceEmail);
            String found = workspaceEmail;
            assertEquals("U0JANE0001", slackMethods.usersLookupByEmail(r -> r.email(found)).getUser().getId());
        }

        @Test
        void theWebFlowMergeIsBobsAndOnlyHisProfileFindsHim() throws Exception {
            JsonNode event = read(EVENTS.resolve("push-main-merged.json")).path("detail");
            String sha = event.path("additional-information").path("source-version").asText();
            JsonNode commit = read(FIXTURES.resolve("github/acme/gadgets/commits/" + sha + ".json"));
            assertEquals("noreply@github.com", commit.path("commit").path("committer").path("email").asText());
            assertEquals("web-flow", commit.path("committer").path("login").asText());
            String author = commit.path("commit").path("author").path("email").asText();
            assertEquals("9000000002+bob-stone-example@users.noreply.github.com", author);
            assertEquals("users_not_found", slackMethods.usersLookupByEmail(r -> r.email(author)).getError());
            for (JsonNode alias : read(FIXTURES.resolve("aliases.json"))) {
                assertFalse(alias.path("alternate_email").asText().equalsIgnoreCase(author));
            }
            String login = commit.path("author").path("login").asText();
            String publicEmail = read(FIXTURES.resolve("github/users/" + login + ".json")).path("email").asText();
            assertEquals("U0BOB00002", slackMethods.usersLookupByEmail(r -> r.email(publicEmail)).getUser().getId());
            String mainHead = read(FIXTURES.resolve("github/acme/gadgets/branches/main.json"))
                    .path("commit").path("sha").asText();
            assertEquals(sha, mainHead);
        }

        @Test
        void anEmptySandboxServesWhatTestsPut() throws Exception {
            try (Sandbox empty = Sandbox.empty("xoxb-other");
                 CodeBuildClient builds = local(CodeBuildClient.builder(), empty);
                 CodeCommitClient commits = local(CodeCommitClient.builder(), empty);
                 SecretsManagerClient secrets = local(SecretsManagerClient.builder(), empty)) {
                assertTrue(secrets.getSecretValue(r -> r.secretId("slack/codebuild")).secretString().contains("xoxb-other"));
                assertEquals(List.of("p:1"), builds.batchGetBuilds(r -> r.ids("p:1")).buildsNotFound());

                empty.putBuild((ObjectNode) JSON.readTree("{\"id\":\"p:1\",\"buildStatus\":\"FAULT\",\"startTime\":1.5}"));
                Build build = builds.batchGetBuilds(r -> r.ids("arn:aws:codebuild:us-east-1:123456789012:build/p:1"))
                        .builds().get(0);
                assertEquals(StatusType.FAULT, build.buildStatus());
                assertEquals(Instant.ofEpochMilli(1500), build.startTime());

                empty.putCodeCommitBranch("repo", "main", BILLING_SHA);
                assertEquals(BILLING_SHA, commits.getBranch(r -> r.repositoryName("repo").branchName("main"))
                        .branch().commitId());

                empty.putSlackUser((ObjectNode) JSON.readTree(
                        "{\"id\":\"U0NEW00001\",\"name\":\"new\",\"profile\":{\"email\":\"new@example.com\"}}"));
                empty.putSlackChannel("C0OTHER001", "other");
                empty.putSecret("slack/codebuild", "{\"token\":\"xoxb-rotated\"}");
                try (Slack other = slackFor(empty)) {
                    assertEquals("invalid_auth", other.methods("xoxb-other").authTest(r -> r).getError());
                    MethodsClient methods = other.methods("xoxb-rotated");
                    assertEquals("U0NEW00001", methods.usersLookupByEmail(r -> r.email("new@example.com")).getUser().getId());
                    assertEquals("C0OTHER001", methods.chatPostMessage(r -> r.channel("#other").text("x")).getChannel());
                }
                assertEquals(1, empty.posts().size());
                assertTrue(sandbox.posts().isEmpty(), "sandboxes share nothing");
            }
        }
    }

    @Nested
    class DynamoDbLocal {

        @Test
        void historyAndAliasTables() {
            try (EmbeddedDynamo dynamo = EmbeddedDynamo.start()) {
                DynamoDbClient client = dynamo.client();
                dynamo.createHistoryTable("codebuild-history");
                TableDescription history = client.describeTable(r -> r.tableName("codebuild-history")).table();
                assertEquals("source_id", history.keySchema().get(0).attributeName());
                assertEquals(KeyType.HASH, history.keySchema().get(0).keyType());
                assertEquals("version_key", history.keySchema().get(1).attributeName());
                GlobalSecondaryIndexDescription index = history.globalSecondaryIndexes().get(0);
                assertEquals("commit_hash_index", index.indexName());
                assertEquals("commit_hash", index.keySchema().get(0).attributeName());
                assertEquals("version_key", index.keySchema().get(1).attributeName());
                assertEquals(ProjectionType.ALL, index.projection().projectionType());
                assertEquals(BillingMode.PAY_PER_REQUEST, history.billingModeSummary().billingMode());

                dynamo.createAliasTable("codebuild-slack-aliases");
                dynamo.putAliases("codebuild-slack-aliases", FIXTURES.resolve("aliases.json"));
                dynamo.putAlias("codebuild-slack-aliases", "erin@example.net", "erin.park@example.org");
                Map<String, AttributeValue> item = client.getItem(r -> r.tableName("codebuild-slack-aliases")
                        .key(Map.of("alternate_email", AttributeValue.fromS("jane.doe@users.noreply.github.com")))).item();
                assertEquals("jane@example.com", item.get("workspace_email").s());
                assertEquals(3, client.scan(r -> r.tableName("codebuild-slack-aliases")).count());

                dynamo.deleteTable("codebuild-slack-aliases");
                assertEquals(List.of("codebuild-history"), client.listTables().tableNames());
            }
        }
    }

    /** Fails on a JSON member the SDK would silently ignore (a misspelt or invented field). */
    static void assertModelled(JsonNode json, List<SdkField<?>> fields, String where) {
        Map<String, SdkField<?>> byName = new HashMap<>();
        fields.forEach(f -> byName.put(f.locationName(), f));
        json.properties().forEach(member -> {
            SdkField<?> field = byName.get(member.getKey());
            assertNotNull(field, where + "." + member.getKey() + " is not in the SDK model");
            assertModelledValue(member.getValue(), field, where + "." + member.getKey());
        });
    }

    static void assertModelledValue(JsonNode value, SdkField<?> field, String where) {
        if (field.marshallingType() == MarshallingType.SDK_POJO) {
            assertModelled(value, field.constructor().get().sdkFields(), where);
        } else if (field.marshallingType() == MarshallingType.LIST) {
            SdkField<?> member = field.getTrait(ListTrait.class).memberFieldInfo();
            value.forEach(item -> assertModelledValue(item, member, where + "[]"));
        }
    }

    static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The CodeBuild sample events (the delivery chain's samples beside them have no build). */
    static List<Path> eventFiles() throws IOException {
        List<Path> builds = new java.util.ArrayList<>();
        for (Path file : jsonFiles(EVENTS)) {
            if (read(file).path("source").asText().equals("aws.codebuild")) {
                builds.add(file);
            }
        }
        return builds;
    }
}
