package io.codebuildnotifier.sandbox;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * DynamoDB Local 2.6.1 running inside this JVM, in memory, on a free loopback port, with a
 * {@link DynamoDbClient} pointed at it and helpers that create the notifier's two tables.
 */
public final class EmbeddedDynamo implements AutoCloseable {

    /** DynamoDB Local rejects access key ids that are not purely alphanumeric. */
    public static final String ACCESS_KEY_ID = "sandboxAccessKey";
    public static final String SECRET_ACCESS_KEY = "sandboxSecretKey";

    private final DynamoDBProxyServer server;
    private final int port;
    private final DynamoDbClient client;

    private EmbeddedDynamo(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client = DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    public static EmbeddedDynamo start() {
        int port = freeLoopbackPort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
            bindToLoopbackOnly(server);
            server.start();
            return new EmbeddedDynamo(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT} */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client for this instance: endpoint override, us-east-1, static alphanumeric credentials. */
    public DynamoDbClient client() {
        return client;
    }

    /** The build history table, as the original tool defines it. */
    public void createHistoryTable(String name) {
        client.createTable(t -> t.tableName(name)
                .attributeDefinitions(
                        attribute("commit_hash"), attribute("source_id"), attribute("version_key"))
                .keySchema(key("source_id", KeyType.HASH), key("version_key", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("commit_hash_index")
                        .keySchema(key("commit_hash", KeyType.HASH), key("version_key", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    /** The optional Slack alias table: {@code alternate_email} (HASH) to {@code workspace_email}. */
    public void createAliasTable(String name) {
        client.createTable(t -> t.tableName(name)
                .attributeDefinitions(attribute("alternate_email"))
                .keySchema(key("alternate_email", KeyType.HASH))
                .billingMode(BillingMode.PAY_PER_REQUEST));
        client.waiter().waitUntilTableExists(r -> r.tableName(name));
    }

    public void putAlias(String table, String alternateEmail, String workspaceEmail) {
        client.putItem(r -> r.tableName(table).item(Map.of(
                "alternate_email", AttributeValue.fromS(alternateEmail),
                "workspace_email", AttributeValue.fromS(workspaceEmail))));
    }

    /** Puts every alias of a fixture file like {@code events/sandbox/aliases.json}. */
    public void putAliases(String table, Path aliasesJson) {
        try {
            for (JsonNode alias : new ObjectMapper().readTree(aliasesJson.toFile())) {
                putAlias(table, alias.path("alternate_email").asText(), alias.path("workspace_email").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteTable(String name) {
        client.deleteTable(r -> r.tableName(name));
        client.waiter().waitUntilTableNotExists(r -> r.tableName(name));
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DynamoDB Local has no option for the listen address and Jetty's default is every interface.
     * Its proxy keeps the Jetty {@link Server} in a private field; set the connector's host to
     * 127.0.0.1 before it starts so nothing listens beyond loopback.
     */
    private static void bindToLoopbackOnly(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        for (Field field : DynamoDBProxyServer.class.getDeclaredFields()) {
            if (Server.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                for (Connector connector : ((Server) field.get(proxy)).getConnectors()) {
                    ((ServerConnector) connector).setHost("127.0.0.1");
                }
                return;
            }
        }
        throw new IllegalStateException("no Jetty server inside DynamoDBProxyServer; cannot bind to loopback");
    }
}
