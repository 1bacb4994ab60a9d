package dev.unrip.localstack;

import dev.unrip.nearintents.protocol.Base58;
import dev.unrip.nearintents.protocol.SolverKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The local stack's own signer key: made once per state folder (never in git), registered with the
 * simulator's intents contract (SIM_REGISTERED_KEYS) for the local solver account, so that `make
 * preflight` and a live executor against `make run` have a key the simulated chain knows.
 */
final class DevSigner {

    static final String ACCOUNT = "solver.unrip.near";

    private DevSigner() {}

    /** The key's NEAR secret form ({@code ed25519:<base58 of seed and public key>}), made on first use. */
    static String secretKey(StackConfig config) {
        Path file = config.stateDir().resolve("dev-signer.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                byte[] both = new byte[64];
                System.arraycopy(seed, 0, both, 0, 32);
                System.arraycopy(SolverKey.fromSeed(seed).publicKeyBytes(), 0, both, 32, 32);
                Files.writeString(file, "ed25519:" + Base58.encode(both));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make or read the local signer key " + file, e);
        }
    }

    static String publicKey(StackConfig config) {
        return SolverKey.fromNearSecretKey(secretKey(config)).publicKey();
    }
}
