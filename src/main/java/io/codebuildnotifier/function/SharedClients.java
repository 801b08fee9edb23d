package io.codebuildnotifier.function;

import io.codebuildnotifier.adapter.aws.SecretTokens;
import io.codebuildnotifier.adapter.slack.SlackWorkspace;
import io.codebuildnotifier.kernel.Lazy;
import io.codebuildnotifier.kernel.Patience;
import java.util.OptionalInt;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What both functions' composition roots build the same way, each when first needed: the history
 * table's DynamoDB client, the tokens from the Slack secret, the Slack workspace, and the CodeBuild,
 * CodePipeline and SQS clients. The table and the secret may live in another region
 * ({@code CBN_AWS_REGION}), as in the original tool; CodeBuild, CodePipeline and SQS are called in
 * the function's own region.
 */
final class SharedClients {
    final Lazy<DynamoDbClient> dynamo;
    final Lazy<SecretTokens> tokens;
    final Lazy<SlackWorkspace> slack;
    final Lazy<CodeBuildClient> codeBuild;
    final Lazy<CodePipelineClient> codePipeline;
    /** One SQS client for every queue a function talks to (delivery, work, the health of each). */
    final Lazy<SqsClient> sqs;

    SharedClients(Settings.Wiring wiring, Patience patience, EventsFunction.AwsRetries retries) {
        this.dynamo = Lazy.of(() -> retries.apply(EventsFunction.configure(DynamoDbClient.builder(), wiring),
                OptionalInt.of(retries.dynamoAttempts())).build());
        Lazy<SecretsManagerClient> secrets = Lazy.of(() -> retries.apply(
                EventsFunction.configure(SecretsManagerClient.builder(), wiring), OptionalInt.empty()).build());
        this.tokens = Lazy.of(() -> new SecretTokens(secrets.get(), wiring.slackSecretName(),
                wiring.githubApiUrl().getHost()));
        this.slack = Lazy.of(() -> new SlackWorkspace(wiring.slackApiUrl(), d -> tokens.get().slackToken(d),
                () -> tokens.get().refresh(), patience));
        this.codeBuild = Lazy.of(() -> retries.apply(EventsFunction.configure(CodeBuildClient.builder(), null),
                OptionalInt.empty()).build());
        this.codePipeline = Lazy.of(() -> retries.apply(EventsFunction.configure(CodePipelineClient.builder(),
                null), OptionalInt.empty()).build());
        this.sqs = Lazy.of(() -> retries.apply(EventsFunction.configure(SqsClient.builder(), null),
                OptionalInt.empty()).build());
    }

    /**
     * Loads the Slack client's classes and JSON mapping on a second thread, which a cold start's
     * first message needs last (no network, nothing secret).
     */
    void primeSlackInBackground() {
        Thread warm = new Thread(() -> {
            try {
                slack.get().prime();
            } catch (RuntimeException ignored) {
                // only an optimisation
            }
        }, "prime-slack");
        warm.setDaemon(true);
        warm.start();
    }

    /** After a SnapStart restore: nothing fetched before the snapshot is trusted. */
    void afterRestore() {
        if (tokens.isMade()) {
            tokens.get().refresh();
        }
    }
}
