package dev.unrip.nearintents.protocol;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/** An ed25519 solver key (JDK EdDSA), in NEAR's text formats. Never prints its secret. */
public final class SolverKey {

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private SolverKey(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** {@code ed25519:<base58 of 64 bytes: 32-byte seed, 32-byte public key>} (or a bare 32-byte seed). */
    public static SolverKey fromNearSecretKey(String secret) {
        String body = secret.startsWith("ed25519:") ? secret.substring("ed25519:".length()) : secret;
        byte[] raw = Base58.decode(body);
        if (raw.length != 64 && raw.length != 32) {
            throw new IllegalArgumentException("a NEAR ed25519 secret key has 64 (or 32) bytes, this one " + raw.length);
        }
        return fromSeed(Arrays.copyOf(raw, 32));
    }

    public static SolverKey generateThrowaway() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return fromSeed(seed);
    }

    public static SolverKey fromSeed(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            KeyPair pair = generator.generateKeyPair();
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            return new SolverKey(key, rawPublicKey((EdECPublicKey) pair.getPublic()));
        } catch (Exception e) {
            throw new IllegalStateException("Ed25519 is part of every JDK 15+", e);
        }
    }

    /** {@code ed25519:<base58 32 bytes>} */
    public String publicKey() {
        return "ed25519:" + Base58.encode(publicKey);
    }

    public byte[] publicKeyBytes() {
        return publicKey.clone();
    }

    /** Signs the digest: {@code ed25519:<base58 64 bytes>}. */
    public String sign(byte[] digest) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(digest);
            return "ed25519:" + Base58.encode(signature.sign());
        } catch (Exception e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** RFC 8032 encoding: y little-endian, the sign of x in the top bit of the last byte. */
    static byte[] rawPublicKey(EdECPublicKey key) {
        byte[] y = key.getPoint().getY().toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < y.length && i < 32; i++) {
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
}
