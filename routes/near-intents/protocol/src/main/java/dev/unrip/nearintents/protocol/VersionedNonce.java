package dev.unrip.nearintents.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The versioned NEAR Intents nonce (V1), 32 bytes: magic {@code 5628f6c6}, version {@code 00}, the
 * contract's current 4-byte salt, the deadline as 8 bytes little-endian nanoseconds since the
 * epoch, then the command's 15-byte idempotency key. A command always gets the same nonce, and the
 * intents contract accepts a nonce once per signer: that makes a duplicate answer harmless at the
 * venue.
 */
public final class VersionedNonce {

    public static final int LENGTH = 32;
    public static final byte VERSION = 0;
    private static final byte[] MAGIC = {0x56, 0x28, (byte) 0xf6, (byte) 0xc6};
    private static final int TAG_OFFSET = 17;
    private static final int TAG_LENGTH = 15;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[0-9a-f]{30}");

    /** The parts of a V1 nonce. */
    public record Parts(byte[] salt, Instant deadline, byte[] tag) {}

    private VersionedNonce() {}

    /**
     * The nonce of a command: its last 15 bytes are the command's {@code idempotency_key} (30
     * lowercase hex digits, derived from command_id by the contracts' {@code EventIds}). One rule,
     * so a command always gets the same nonce whichever process signs it.
     */
    public static byte[] derive(String idempotencyKeyHex, byte[] salt4, Instant deadline) {
        return build(keyBytes(idempotencyKeyHex), salt4, deadline);
    }

    /** True when the nonce is a V1 nonce ending with this idempotency key (30 hex digits). */
    public static boolean matchesKey(byte[] nonce, String idempotencyKeyHex) {
        return isV1(nonce) && Arrays.equals(Arrays.copyOfRange(nonce, TAG_OFFSET, LENGTH), keyBytes(idempotencyKeyHex));
    }

    /** @throws IllegalArgumentException when the bytes are not a V1 nonce */
    public static Parts parse(byte[] nonce) {
        if (!isV1(nonce)) {
            throw new IllegalArgumentException("not a versioned (V1) nonce");
        }
        ByteBuffer b = ByteBuffer.wrap(nonce).order(ByteOrder.LITTLE_ENDIAN);
        long nanos = b.getLong(9);
        return new Parts(
                Arrays.copyOfRange(nonce, 5, 9),
                Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)),
                Arrays.copyOfRange(nonce, TAG_OFFSET, LENGTH));
    }

    public static boolean isV1(byte[] nonce) {
        return nonce != null
                && nonce.length == LENGTH
                && Arrays.equals(nonce, 0, 4, MAGIC, 0, 4)
                && nonce[4] == VERSION;
    }

    /** Standard base64 (with padding), as the NEP-413 payload carries it. */
    public static String toBase64(byte[] nonce) {
        return Base64.getEncoder().encodeToString(nonce);
    }

    public static byte[] fromBase64(String base64) {
        byte[] nonce = Base64.getDecoder().decode(base64);
        if (nonce.length != LENGTH) {
            throw new IllegalArgumentException("a nonce has 32 bytes, this one " + nonce.length);
        }
        return nonce;
    }

    private static byte[] build(byte[] tag, byte[] salt4, Instant deadline) {
        if (salt4 == null || salt4.length != 4) {
            throw new IllegalArgumentException(
                    "the nonce salt has 4 bytes, this one " + (salt4 == null ? "none" : salt4.length));
        }
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put(VERSION).put(salt4);
        b.putLong(Math.multiplyExact(deadline.toEpochMilli(), 1_000_000L));
        b.put(tag);
        return b.array();
    }

    private static byte[] keyBytes(String idempotencyKeyHex) {
        if (idempotencyKeyHex == null
                || !IDEMPOTENCY_KEY.matcher(idempotencyKeyHex).matches()) {
            throw new IllegalArgumentException(
                    "a nonce needs an idempotency key of 30 lowercase hex digits, got " + idempotencyKeyHex);
        }
        byte[] key = HexFormat.of().parseHex(idempotencyKeyHex);
        if (key.length != TAG_LENGTH) {
            throw new IllegalArgumentException(
                    "an idempotency key has 15 bytes (30 hex digits), this one " + key.length);
        }
        return key;
    }
}
