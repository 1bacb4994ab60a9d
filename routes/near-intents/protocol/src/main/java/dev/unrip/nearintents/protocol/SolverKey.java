package dev.unrip.nearintents.protocol;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The solver's ed25519 key in NEAR's text formats: public {@code ed25519:<base58 32 bytes>}, secret
 * {@code ed25519:<base58 64 bytes: 32-byte seed, 32-byte public key>}. It never prints or hands out
 * its secret.
 *
 * <p>Signing is Bouncy Castle's RFC 8032 Ed25519 with the public key derived once: the JDK's
 * EdDSA took about half of the executor's CPU (it re-derives the public key and runs generic
 * field arithmetic on every signature; docs/benchmarks.md). Ed25519 signatures are deterministic,
 * so both give the same bytes ({@code Nep413Test}); verification ({@link Nep413#verify}, the
 * venue's side in the relay simulator) stays with the JDK, an independent implementation.
 */
public final class SolverKey {

    private final byte[] seed;
    private final byte[] publicKey;

    private SolverKey(byte[] seed, byte[] publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    /**
     * From a NEAR secret key: {@code ed25519:<base58 of 64 bytes>} (a bare 32-byte seed is accepted
     * too). The public half of a 64-byte key must match the seed.
     */
    public static SolverKey fromNearSecretKey(String secretKey) {
        if (secretKey == null || secretKey.isBlank()) {
            throw new IllegalArgumentException("no NEAR secret key given");
        }
        String body = secretKey.strip();
        body = body.startsWith(Nep413.ED25519_PREFIX) ? body.substring(Nep413.ED25519_PREFIX.length()) : body;
        byte[] raw;
        try {
            raw = Base58.decode(body);
        } catch (IllegalArgumentException e) {
            // Never echo the secret, not even in an error.
            throw new IllegalArgumentException("the NEAR secret key is not base58");
        }
        if (raw.length != 64 && raw.length != 32) {
            throw new IllegalArgumentException(
                    "a NEAR ed25519 secret key has 64 bytes (or a 32-byte seed), this one " + raw.length);
        }
        SolverKey key = fromSeed(Arrays.copyOf(raw, 32));
        if (raw.length == 64 && !Arrays.equals(key.publicKey, Arrays.copyOfRange(raw, 32, 64))) {
            throw new IllegalArgumentException("the NEAR secret key's public half does not belong to its seed");
        }
        Arrays.fill(raw, (byte) 0);
        return key;
    }

    /** A fresh random key, for paper mode and tests. */
    public static SolverKey generateThrowaway() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return fromSeed(seed);
    }

    /** From the 32-byte RFC 8032 private key (the seed). */
    public static SolverKey fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an ed25519 seed has 32 bytes, this one " + seed.length);
        }
        byte[] secret = seed.clone();
        byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(secret, 0, pub, 0);
        return new SolverKey(secret, pub);
    }

    /** {@code ed25519:<base58 32 bytes>} */
    public String publicKey() {
        return Nep413.ED25519_PREFIX + Base58.encode(publicKey);
    }

    public byte[] publicKeyBytes() {
        return publicKey.clone();
    }

    /** ed25519 over the bytes (for NEP-413: the digest), as {@code ed25519:<base58 64 bytes>}. */
    public String sign(byte[] bytes) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, bytes, 0, bytes.length, signature, 0);
        return Nep413.ED25519_PREFIX + Base58.encode(signature);
    }

    @Override
    public String toString() {
        return "SolverKey[" + publicKey() + "]";
    }
}
