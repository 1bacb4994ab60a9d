package dev.unrip.nearintents.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The versioned NEAR Intents nonce (V1), derived from command_id so it is the venue-side
 * idempotency key of a command: magic 5628f6c6, version 00, the contract's 4-byte salt, the
 * deadline as 8 bytes little-endian nanoseconds, then the command's 15-byte idempotency key
 * (EventIds.idempotencyKey(command_id), 30 hex characters).
 */
public final class VersionedNonce {

    private static final byte[] MAGIC = {0x56, 0x28, (byte) 0xf6, (byte) 0xc6};

    private VersionedNonce() {
    }

    public static byte[] derive(String idempotencyKeyHex, byte[] salt4, Instant deadline) {
        if (salt4.length != 4) {
            throw new IllegalArgumentException("the nonce salt has 4 bytes, this one " + salt4.length);
        }
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 0).put(salt4);
        b.putLong(deadline.getEpochSecond() * 1_000_000_000L + deadline.getNano());
        b.put(tag(idempotencyKeyHex));
        return b.array();
    }

    public static boolean matchesKey(byte[] nonce, String idempotencyKeyHex) {
        return nonce.length == 32 && Arrays.equals(Arrays.copyOfRange(nonce, 17, 32), tag(idempotencyKeyHex));
    }

    private static byte[] tag(String idempotencyKeyHex) {
        byte[] tag = HexFormat.of().parseHex(idempotencyKeyHex);
        if (tag.length != 15) {
            throw new IllegalArgumentException("an idempotency key has 15 bytes (30 hex characters), this one " + tag.length);
        }
        return tag;
    }
}
