package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.interactions.AliasLinks;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.kernel.PermanentFailure;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Writes the Slack alias table as {@link DynamoAliasBook} reads it: {@code alternate_email} (the key, the address
 * as given, trimmed) to {@code workspace_email}, with {@code linked_at} (epoch seconds). A link again replaces the
 * row.
 */
public final class DynamoAliasLinks implements AliasLinks {
    private final DynamoDbClient client;
    private final String table;

    public DynamoAliasLinks(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public void link(String alternateEmail, String workspaceEmail, Deadline deadline) {
        String alternate = alternateEmail == null ? "" : alternateEmail.trim();
        String workspace = workspaceEmail == null ? "" : workspaceEmail.trim();
        if (alternate.isEmpty() || workspace.isEmpty()) {
            throw new PermanentFailure("an alias needs both addresses");
        }
        Map<String, AttributeValue> item = Map.of("alternate_email", AttributeValue.fromS(alternate),
                "workspace_email", AttributeValue.fromS(workspace),
                "linked_at", DynamoHistory.n(deadline.clock().instant().getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(table).item(item)
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB PutItem on " + table)));
        } catch (ResourceNotFoundException e) {
            throw new MisconfigurationFailure("Slack alias table '" + table
                    + "' (CBN_SLACK_ALIAS_TABLE) does not exist in this region", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB PutItem on " + table, "dynamodb:PutItem", "the alias table " + table,
                    "grant it to the interactions function's role (the template does when the alias table is set)", e);
        }
    }
}
