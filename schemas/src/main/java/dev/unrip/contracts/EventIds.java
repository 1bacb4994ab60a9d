package dev.unrip.contracts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The deterministic id rules, written once. Every id is a name-based UUID (RFC 9562 version 8
 * layout over the first 16 bytes of SHA-256 of a namespaced name), so replaying the same input
 * always yields the same ids, and any difference in the input yields a different id.
 *
 * <ul>
 *   <li>raw event id: from the venue, the stream and the frame's exact bytes;</li>
 *   <li>normalized event id: from the normalized event type and the raw event id;</li>
 *   <li>command_id: from the strategy id, the causing event id and the action's index;</li>
 *   <li>result id: from the command_id (one outcome per command, so a re-published result keeps it).</li>
 * </ul>
 * The NEAR nonce derives from command_id (see the near-intents protocol module).
 */
public final class EventIds {

    private static final String NAMESPACE = "unrip.dev/ids/v1";

    private EventIds() {
    }

    public static String rawEventId(String venue, String stream, byte[] frame) {
        return nameBased("raw|" + venue + "|" + stream + "|" + HexFormat.of().formatHex(sha256(frame)));
    }

    public static String normalizedEventId(String eventType, String rawEventId) {
        return nameBased("norm|" + eventType + "|" + rawEventId);
    }

    public static String commandId(String strategyId, String causingEventId, int actionIndex) {
        return nameBased("cmd|" + strategyId + "|" + causingEventId + "|" + actionIndex);
    }

    public static String resultId(String commandId) {
        return nameBased("result|" + commandId);
    }

    static String nameBased(String name) {
        byte[] hash = sha256((NAMESPACE + "|" + name).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8 (custom, name-based SHA-256)
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122/9562 variant
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong()).toString();
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
