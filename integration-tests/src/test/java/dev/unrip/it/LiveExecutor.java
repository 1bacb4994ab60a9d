package dev.unrip.it;

import dev.unrip.nearintents.protocol.Base58;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.routes.testing.SimulatorControl;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment of an executor in live mode against the relay simulator (its relay and its NEAR
 * JSON-RPC), with a fresh solver key, which {@link #register} makes known to the simulated chain.
 */
final class LiveExecutor {

    private LiveExecutor() {}

    static Map<String, String> env(String simulatorBaseUrl) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        SolverKey key = SolverKey.fromSeed(seed);
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(key.publicKeyBytes(), 0, secret, 32, 32);
        Map<String, String> env = new HashMap<>();
        env.put("EXECUTOR_MODE", "live");
        env.put("NEAR_SIGNER_KEY", "ed25519:" + Base58.encode(secret));
        env.put("NEAR_RPC_URLS", simulatorBaseUrl + "/rpc");
        return env;
    }

    /** Registers the environment's signer key for the solver account on the simulator's contract (has_public_key). */
    static void register(SimulatorControl simulator, Map<String, String> env) {
        simulator.post(
                "/control/keys",
                "{\"account_id\":\"" + env.getOrDefault("NEAR_SOLVER_ACCOUNT_ID", ACCOUNT) + "\",\"public_key\":\""
                        + publicKey(env) + "\"}");
    }

    static String publicKey(Map<String, String> env) {
        return SolverKey.fromNearSecretKey(env.get("NEAR_SIGNER_KEY")).publicKey();
    }

    /** The executor's default solver account (near.solver.account-id). */
    static final String ACCOUNT = "solver.unrip.near";
}
