package dev.unrip.nearintents.protocol;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/**
 * NEP-413 off-chain message signing: borsh {message, nonce[32], recipient, callback_url?}
 * prefixed with the u32 tag 2^31 + 413, SHA-256 of the whole, ed25519 over the digest.
 */
public final class Nep413 {

    public static final int TAG = (1 << 31) + 413;

    private Nep413() {
    }

    public static byte[] digest(String message, byte[] nonce32, String recipient, String callbackUrl) {
        if (nonce32.length != 32) {
            throw new IllegalArgumentException("a NEP-413 nonce has 32 bytes, this one " + nonce32.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
        try {
            return MessageDigest.getInstance("SHA-256").digest(out.toByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean verify(String publicKey, String signature, byte[] digest) {
        try {
            byte[] raw = Base58.decode(publicKey.replaceFirst("^ed25519:", ""));
            byte[] sig = Base58.decode(signature.replaceFirst("^ed25519:", ""));
            boolean xOdd = (raw[31] & 0x80) != 0;
            byte[] be = new byte[32];
            for (int i = 0; i < 32; i++) {
                be[i] = raw[31 - i];
            }
            be[0] &= 0x7f;
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
                    new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(digest);
            return verifier.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }

    private static void u32(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        u32(out, bytes.length);
        out.writeBytes(bytes);
    }
}
