package dev.unrip.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the stack runs a service from its image (make images-smoke): podman's command line. */
class ContainerCommandTest {

    @Test
    void theEnvironmentIsPassedByNameOnlyAndTheImageComesLast() {
        var command = ServiceProcess.containerCommand(
                "near-intents-execute", "127.0.0.1:5555/unrip/near-intents-execute:abc", Set.of("POSTGRES_PASSWORD"));
        String line = String.join(" ", command);
        assertTrue(line.startsWith("podman run --rm --replace --name unrip-stack-near-intents-execute"), line);
        assertTrue(line.contains("--runtime runc --network host"), line);
        assertTrue(line.contains("--ulimit nofile=20000:20000 --ulimit nproc=20000:20000"), line);
        assertTrue(line.contains("--env POSTGRES_PASSWORD "), line);
        assertFalse(line.contains("POSTGRES_PASSWORD="), "a value on the command line: " + line);
        assertTrue(command.contains("--tls-verify=false"), "a loopback registry is plain HTTP: " + line);
        assertEquals("127.0.0.1:5555/unrip/near-intents-execute:abc", command.get(command.size() - 1));
    }

    @Test
    void tlsIsVerifiedForAnyRegistryButTheLoopbackOne() {
        var command = ServiceProcess.containerCommand("reactor", "git.example.org/unrip/reactor:abc", Set.of());
        assertFalse(command.contains("--tls-verify=false"), String.join(" ", command));
    }

    @Test
    void imagesAreNamedPerServiceOrTheStackRunsJars() {
        StackConfig jars = StackConfig.forTests(Path.of("."), Path.of("target/unused"), Map.of());
        assertTrue(jars.imageOf("reactor").isEmpty());
        StackConfig images = jars.withServiceImages("127.0.0.1:5555/unrip/{name}:abc", Map.of());
        assertEquals(
                "127.0.0.1:5555/unrip/reactor:abc", images.imageOf("reactor").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> jars.withServiceImages("unrip/reactor:abc", Map.of()));
    }
}
