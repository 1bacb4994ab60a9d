package dev.unrip.it;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.StackConfig;
import dev.unrip.routes.testing.TestServers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: one real stack (Kafka broker and PostgreSQL as processes, started by the same
 * launcher as `make run`) for the whole test JVM, in a fresh state folder under target/, stopped
 * when the JVM's tests are done. Route groups are started by the tests that need them.
 */
public final class TestStack implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    private static LocalStack stack;

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path repo = Path.of(System.getProperty("unrip.repo", ".."))
                    .toAbsolutePath()
                    .normalize();
            Path state = Path.of(System.getProperty("unrip.test.state", "target/it-state"))
                    .toAbsolutePath();
            TestServers.deleteRecursively(state);
            LocalStack starting = new LocalStack(
                    StackConfig.forTests(repo, state, Map.of()), line -> System.out.println("[stack] " + line));
            try {
                starting.startInfrastructure();
            } catch (RuntimeException e) {
                starting.close();
                throw e;
            }
            stack = starting;
        }
        return stack;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestStack.class, k -> this, TestStack.class);
    }

    @Override
    public synchronized void close() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
