package dev.unrip.nearintents.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * The solver's ed25519 key (JDK EdDSA) in NEAR's text formats: public {@code ed25519:<base58 32
 * bytes>}, secret {@code ed25519:<base58 64 bytes: 32-byte seed, 32-byte public key>}. It never
 * prints or hands out its secret.
 */
public final class SolverKey {

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private SolverKey(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
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
            throw new IllegalArgumentException("a NEAR ed25519 secret key has 64 bytes (or a 32-byte seed), this one " + raw.length);
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
        try {
            // The JDK derives the public key only while generating a pair: hand it the seed as its randomness.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            EdECPublicKey pub = (EdECPublicKey) generator.generateKeyPair().getPublic();
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            return new SolverKey(key, encode(pub));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
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
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(bytes);
            return Nep413.ED25519_PREFIX + Base58.encode(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ed25519 signing failed", e);
        }
    }

    /** RFC 8032 encoding: y little-endian, the parity of x in the top bit of the last byte. */
    private static byte[] encode(EdECPublicKey key) {
        byte[] y = key.getPoint().getY().toByteArray(); // big-endian, maybe with a sign byte
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < y.length; i++) {
            out[i] = y[y.length - 1 - i];
        }
        if (key.getPoint().isXOdd()) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    @Override
    public String toString() {
        return "SolverKey[" + publicKey() + "]";
    }

    /** A SecureRandom that yields the given bytes: how the JDK is given a known seed. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(bytes, 0, out, 0, Math.min(out.length, bytes.length));
        }
    }
}
