package io.codebuildnotifier.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * DynamoDB Local and the loopback sandbox, started once per test JVM and shared by every test class
 * that asks for them: {@code @ExtendWith(SandboxExtension.class)}, then an {@link EmbeddedDynamo} or
 * {@link Sandbox} parameter (of a {@code @BeforeAll} method, a constructor or a test method). They live
 * in the root context's {@link ExtensionContext.Store} and are closed when the whole run ends.
 *
 * <p>Two sandboxes can be had: a plain {@code Sandbox} parameter is an {@linkplain Sandbox#empty empty}
 * one accepting {@link #TOKEN}, which the tests fill with what they need; a {@code @Fixtures Sandbox}
 * is loaded from {@code events/sandbox} (the demo's and the benchmark's recorded answers). Both pass
 * DynamoDB calls on to the shared DynamoDB Local ({@link Sandbox#forwardDynamoDbTo}), for tests that
 * route DynamoDB through the sandbox to count its calls or inject faults into them. Sharing is safe
 * because every test works on tables of its own (see {@code e2e.World}).
 *
 */
public final class SandboxExtension implements ParameterResolver {
    /** The Slack token the empty sandbox accepts (its secret {@value Sandbox#SLACK_SECRET_NAME} holds it). */
    public static final String TOKEN = "xoxb-test-token";
    /** The recorded fixtures, relative to the project directory (where Maven runs the tests). */
    public static final Path FIXTURES = Path.of("events", "sandbox");

    /** Marks a {@link Sandbox} parameter that wants the sandbox loaded from {@link #FIXTURES}. */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Fixtures {
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            SandboxExtension.class);

    /** What the store holds and closes at the end of the run. */
    private record Shared<T extends AutoCloseable>(T value) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            value.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == EmbeddedDynamo.class || type == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == EmbeddedDynamo.class) {
            return dynamo(context);
        }
        return parameter.isAnnotated(Fixtures.class) ? fixtures(context) : empty(context);
    }

    /** The JVM's DynamoDB Local. */
    public static EmbeddedDynamo dynamo(ExtensionContext context) {
        return shared(context, "dynamo", EmbeddedDynamo.class, EmbeddedDynamo::start);
    }

    /** The JVM's empty sandbox (Slack token {@link #TOKEN}). */
    public static Sandbox empty(ExtensionContext context) {
        EmbeddedDynamo dynamo = dynamo(context);
        return shared(context, "empty sandbox", Sandbox.class, () -> {
            Sandbox sandbox = Sandbox.empty(TOKEN);
            sandbox.forwardDynamoDbTo(dynamo.endpoint());
            return sandbox;
        });
    }

    /** The JVM's sandbox loaded from {@link #FIXTURES}. */
    public static Sandbox fixtures(ExtensionContext context) {
        EmbeddedDynamo dynamo = dynamo(context);
        return shared(context, "fixtures sandbox", Sandbox.class, () -> {
            Sandbox sandbox = Sandbox.start(FIXTURES);
            sandbox.forwardDynamoDbTo(dynamo.endpoint());
            return sandbox;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T extends AutoCloseable> T shared(ExtensionContext context, String key, Class<T> type,
                                                      java.util.function.Supplier<T> start) {
        Shared<T> shared = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(key, k -> new Shared<>(start.get()), Shared.class);
        return type.cast(shared.value());
    }
}
