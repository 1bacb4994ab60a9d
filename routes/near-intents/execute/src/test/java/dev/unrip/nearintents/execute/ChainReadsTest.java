package dev.unrip.nearintents.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.chain.IntentsContract;
import dev.unrip.nearintents.chain.RpcError;
import dev.unrip.nearintents.chain.RpcError.Kind;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.routes.testing.RelaySimulatorResource;
import dev.unrip.routes.testing.SimulatorControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The RPC client the executor reads the chain with (IntentsContract over NearRpc), against the
 * simulator's NEAR JSON-RPC on the real answer shapes, over two endpoint names: failing over,
 * backing off a 429, timing out, naming each error kind, and each view answering with its type. (A
 * live executor's readiness and signing on these reads: ChainIT, on the whole stack.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SolverKey KEY = newKey();

    private static final RelaySimulatorResource SIMULATOR = new RelaySimulatorResource();
    private static SimulatorControl simulator;

    @BeforeAll
    static void startTheSimulatorAndRegisterTheKey() {
        SIMULATOR.start();
        simulator = new SimulatorControl(RelaySimulatorResource.controlUrl());
        simulator.post(
                "/control/keys", "{\"account_id\":\"solver.unrip.near\",\"public_key\":\"" + KEY.publicKey() + "\"}");
    }

    @AfterAll
    static void stopTheSimulator() {
        SIMULATOR.stop();
    }

    @AfterEach
    void clearFaults() {
        simulator.delete("/control/rpc/faults");
    }

    @Test
    @Order(2)
    void anEndpointThatIsDownOrRateLimitingIsPassedOverAndA429IsBackedOff() throws Exception {
        IntentsContract contract = client();
        String salt = simulator.get("/control/salt").path("current").asText();

        simulator.post("/control/rpc/faults", "{\"endpoint\":\"c\",\"mode\":\"unavailable\",\"count\":1}");
        assertEquals(salt, contract.currentSalt().hex(), "d answered for c");
        assertEquals(
                "localhost:" + port() + "/rpc/d",
                contract.rpc()
                        .call(contract.contract(), "current_salt", JSON.createObjectNode())
                        .endpoint(),
                "d is preferred now");

        // d (preferred) rate-limits: c answers, and d is backed off (Retry-After: 1 s) ...
        simulator.post("/control/rpc/faults", "{\"endpoint\":\"d\",\"mode\":\"429\"}");
        long bBefore = calls("d");
        assertEquals(salt, contract.currentSalt().hex());
        assertEquals(bBefore + 1, calls("d"), "d was asked once and said 429");
        // ... so when c fails too, d is not asked again within its backoff: the call fails rate_limited.
        simulator.post("/control/rpc/faults", "{\"endpoint\":\"c\",\"mode\":\"unavailable\",\"count\":1}");
        RpcError backingOff = assertThrows(RpcError.class, contract::currentSalt);
        assertEquals(Kind.RATE_LIMITED, backingOff.kind(), backingOff.getMessage());
        assertEquals(bBefore + 1, calls("d"), "d was skipped while backing off");
    }

    @Test
    @Order(3)
    void everyFailureHasItsKindAndNoneYieldsAValue() throws Exception {
        IntentsContract contract = client();
        assertEquals(Kind.MALFORMED, fault("malformed", contract).kind());
        assertEquals(Kind.UNAVAILABLE, fault("unavailable", contract).kind());
        assertEquals(Kind.TIMEOUT, fault("timeout", contract).kind());
        // The chain's own answer is not asked of another endpoint.
        long bBefore = calls("d");
        RpcError old = fault("old-error", contract);
        assertEquals(Kind.CONTRACT_ERROR, old.kind());
        assertTrue(old.getMessage().contains("wasm execution failed"), old.getMessage());
        assertTrue(calls("d") <= bBefore + 1, "a contract error ends the call");
        simulator.delete("/control/rpc/faults");

        RpcError unknownView = assertThrows(
                RpcError.class,
                () -> contract.rpc().call(contract.contract(), "no_such_view", JSON.createObjectNode()));
        assertEquals(Kind.CONTRACT_ERROR, unknownView.kind());
        assertTrue(unknownView.getMessage().contains("MethodNotFound"), unknownView.getMessage());
        RpcError notTheContract = assertThrows(
                RpcError.class, () -> contract.rpc().call("nobody.near", "current_salt", JSON.createObjectNode()));
        assertEquals(Kind.HANDLER_ERROR, notTheContract.kind());
        assertTrue(notTheContract.getMessage().contains("UNKNOWN_ACCOUNT"), notTheContract.getMessage());
    }

    @Test
    @Order(4)
    void theContractsViewsAnswerWithTheirTypes() throws Exception {
        IntentsContract contract = client();
        assertTrue(contract.hasPublicKey("solver.unrip.near", KEY.publicKey()));
        assertTrue(!contract.hasPublicKey("solver.unrip.near", newKey().publicKey()));
        assertTrue(
                !contract.isNonceUsed("solver.unrip.near", Base64.getEncoder().encodeToString(new byte[32])));
        IntentsContract.Balances balances =
                contract.balances("solver.unrip.near", List.of("nep141:wrap.near", "nep141:nobody.near"));
        assertEquals(2, balances.amounts().size());
        assertTrue(balances.amounts().get(0).signum() > 0, "the simulator's default wNEAR balance");
        assertEquals(0, balances.amounts().get(1).signum(), "an unknown token holds 0");
    }

    private RpcError fault(String mode, IntentsContract contract) {
        simulator.post("/control/rpc/faults", "{\"endpoint\":\"*\",\"mode\":\"" + mode + "\",\"delay_ms\":2000}");
        try {
            return assertThrows(RpcError.class, contract::currentSalt, mode);
        } finally {
            simulator.delete("/control/rpc/faults");
        }
    }

    /**
     * A client of its own over endpoints c and d (the executor's background reads use a and b, so
     * their calls neither consume these faults nor move this client's preference).
     */
    private static IntentsContract client() {
        String sim = RelaySimulatorResource.controlUrl();
        return IntentsContract.over(
                        Optional.of(sim + "/rpc/c," + sim + "/rpc/d"),
                        Duration.ofMillis(500),
                        "final",
                        "intents.near",
                        new SimpleMeterRegistry())
                .orElseThrow();
    }

    private static int port() {
        return java.net.URI.create(RelaySimulatorResource.controlUrl()).getPort();
    }

    private long calls(String endpoint) {
        return simulator.stats().path("rpc_calls").path(endpoint).asLong();
    }

    private static byte[] seed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    private static SolverKey newKey() {
        return SolverKey.fromSeed(seed());
    }
}
