package dev.unrip.nearintents.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

/**
 * The versioned NEAR Intents nonce (V1), derived from command_id so it is the venue-side
 * idempotency key of a command: magic 5628f6c6, version 00, the contract's 4-byte salt, the
 * deadline as 8 bytes little-endian nanoseconds, then the first 15 bytes of SHA-256(command_id).
 */
public final class VersionedNonce {

    private static final byte[] MAGIC = {0x56, 0x28, (byte) 0xf6, (byte) 0xc6};

    private VersionedNonce() {
    }

    public static byte[] derive(String commandId, byte[] salt4, Instant deadline) {
        if (salt4.length != 4) {
            throw new IllegalArgumentException("the nonce salt has 4 bytes, this one " + salt4.length);
        }
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 0).put(salt4);
        b.putLong(deadline.getEpochSecond() * 1_000_000_000L + deadline.getNano());
        b.put(tag(commandId));
        return b.array();
    }

    public static boolean matchesCommand(byte[] nonce, String commandId) {
        return nonce.length == 32 && Arrays.equals(Arrays.copyOfRange(nonce, 17, 32), tag(commandId));
    }

    private static byte[] tag(String commandId) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(commandId.getBytes(StandardCharsets.UTF_8)), 15);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
