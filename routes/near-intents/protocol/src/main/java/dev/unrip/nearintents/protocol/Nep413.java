package dev.unrip.nearintents.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * NEP-413 off-chain message signing, as the intents contract checks it: the borsh u32 tag
 * 2^31 + 413, then borsh {message: string, nonce: [u8; 32], recipient: string,
 * callback_url: Option<string>}; SHA-256 of the whole; ed25519 over that digest.
 */
public final class Nep413 {

    /** 2^31 + 413, written as a borsh u32 (little-endian) before the payload. */
    public static final long TAG = (1L << 31) + 413;

    public static final String ED25519_PREFIX = "ed25519:";

    private Nep413() {}

    /** The bytes that are hashed: tag, then the borsh payload. {@code callbackUrl} may be null. */
    public static byte[] serialize(String message, byte[] nonce32, String recipient, String callbackUrl) {
        if (nonce32 == null || nonce32.length != 32) {
            throw new IllegalArgumentException(
                    "a NEP-413 nonce has 32 bytes, this one " + (nonce32 == null ? "none" : nonce32.length));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        u32(out, TAG);
        string(out, message);
        out.writeBytes(nonce32);
        string(out, recipient);
        if (callbackUrl == null) {
            out.write(0);
        } else {
            out.write(1);
            string(out, callbackUrl);
        }
        return out.toByteArray();
    }

    /** SHA-256 of {@link #serialize}: what is signed, and (base58) the quote hash. */
    public static byte[] digest(String message, byte[] nonce32, String recipient, String callbackUrl) {
        return sha256(serialize(message, nonce32, recipient, callbackUrl));
    }

    /** {@code ed25519:<base58 64 bytes>} over the digest of the payload. */
    public static String sign(SolverKey key, String message, byte[] nonce32, String recipient, String callbackUrl) {
        return key.sign(digest(message, nonce32, recipient, callbackUrl));
    }

    /** True when the signature over the payload's digest is valid for the public key. */
    public static boolean verify(
            String publicKey, String signature, String message, byte[] nonce32, String recipient, String callbackUrl) {
        return verify(publicKey, signature, digest(message, nonce32, recipient, callbackUrl));
    }

    /**
     * True when {@code signature} ({@code ed25519:<base58>}) over {@code digest} is valid for
     * {@code publicKey} ({@code ed25519:<base58 32 bytes>}); false for anything malformed.
     */
    public static boolean verify(String publicKey, String signature, byte[] digest) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(Base58.decode(strip(publicKey))));
            verifier.update(digest);
            byte[] sig = Base58.decode(strip(signature));
            return sig.length == 64 && verifier.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 8032 encoding (y little-endian, the parity of x in the top bit) → a JDK public key. */
    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an ed25519 public key has 32 bytes, this one " + raw.length);
        }
        boolean xOdd = (raw[31] & 0x80) != 0;
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = raw[31 - i];
        }
        bigEndian[0] &= 0x7f;
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(
                        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
    }

    static String strip(String nearKey) {
        if (!nearKey.startsWith(ED25519_PREFIX)) {
            throw new IllegalArgumentException("expected an ed25519: key or signature");
        }
        return nearKey.substring(ED25519_PREFIX.length());
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void u32(ByteArrayOutputStream out, long value) {
        out.write((int) value);
        out.write((int) (value >>> 8));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 24));
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u32(out, bytes.length);
        out.writeBytes(bytes);
    }
}
