package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.MisconfigurationFailure;
import io.codebuildnotifier.people.AliasBook;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The optional Slack alias table: {@code alternate_email} (key) to {@code workspace_email}. */
public final class DynamoAliasBook implements AliasBook {
    private final DynamoDbClient client;
    private final String table;

    public DynamoAliasBook(DynamoDbClient client, String table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public Optional<String> workspaceEmail(String alternateEmail, Deadline deadline) {
        Map<String, AttributeValue> item;
        try {
            item = client.getItem(r -> r.tableName(table)
                    .key(Map.of("alternate_email", AttributeValue.fromS(alternateEmail)))
                    .overrideConfiguration(AwsCalls.within(deadline, "DynamoDB GetItem on " + table))).item();
        } catch (ResourceNotFoundException e) {
            throw new MisconfigurationFailure("Slack alias table '" + table
                    + "' (CBN_SLACK_ALIAS_TABLE) does not exist in this region", e);
        } catch (SdkException e) {
            throw AwsErrors.classify("DynamoDB GetItem on " + table, e);
        }
        AttributeValue value = item == null ? null : item.get("workspace_email");
        return value == null || value.s() == null || value.s().isBlank() ? Optional.empty() : Optional.of(value.s().trim());
    }
}
