package dev.unrip.nearintents.execute;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.chain.IntentsContract;
import dev.unrip.nearintents.chain.RpcError;
import dev.unrip.nearintents.chain.RpcError.Kind;
import dev.unrip.nearintents.protocol.Base58;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RelaySimulatorResource;
import dev.unrip.routes.testing.SimulatorControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A live executor's chain reads against the simulator's NEAR JSON-RPC: current_salt read at start,
 * readiness DOWN until the signer key is registered; and the RPC client the executor uses (its own
 * instance, over two more endpoint names) failing over, backing off a 429, timing out and naming
 * each error kind on the real answer shapes.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(RelaySimulatorResource.class)
@TestProfile(ChainReadsTest.Live.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainReadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] SEED = seed();
    private static final SolverKey KEY = SolverKey.fromSeed(SEED);
    /** The NEAR secret form: the seed, then the public key, base58. */
    private static final String SECRET = secret();

    /** Live mode, a fresh signer key (not registered), short timeouts and refreshes. */
    public static class Live implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "executor.mode", "live",
                    "near.signer.key", SECRET,
                    "near.rpc.timeout-ms", "500",
                    "near.salt.refresh-ms", "500");
        }
    }

    private final SimulatorControl simulator = new SimulatorControl(RelaySimulatorResource.controlUrl());

    @AfterEach
    void clearFaults() {
        simulator.delete("/control/rpc/faults");
    }

    @Test
    @Order(1)
    void readinessStaysDownNamingAccountAndKeyUntilTheKeyIsRegisteredThenSignsWithTheContractsSalt() {
        String body =
                given().get("/q/health/ready").then().statusCode(503).extract().asString();
        assertTrue(
                body.contains("public key " + KEY.publicKey() + " is not registered for account solver.unrip.near"),
                body);
        assertTrue(!body.contains(SECRET), "the secret never shows");

        simulator.post(
                "/control/keys", "{\"account_id\":\"solver.unrip.near\",\"public_key\":\"" + KEY.publicKey() + "\"}");
        String salt = simulator.get("/control/salt").path("current").asText();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        String ready = given().get("/q/health/ready").asString();
        assertTrue(ready.contains(salt), "readiness names the salt read from the contract: " + ready);
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

    private static String secret() {
        byte[] both = new byte[64];
        System.arraycopy(SEED, 0, both, 0, 32);
        System.arraycopy(KEY.publicKeyBytes(), 0, both, 32, 32);
        return "ed25519:" + Base58.encode(both);
    }
}
