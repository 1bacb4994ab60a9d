package dev.unrip.it;

import dev.unrip.nearintents.protocol.Base58;
import dev.unrip.nearintents.protocol.SolverKey;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/** The environment of an executor in live mode against the relay simulator, with a fresh solver key. */
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
        env.put("NEAR_RECONCILE_URL", simulatorBaseUrl + "/control/nonces/{nonce_hex}");
        return env;
    }
}
