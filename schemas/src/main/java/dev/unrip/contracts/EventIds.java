package dev.unrip.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The deterministic id rules, written once (docs/contracts.md, "Ids").
 *
 * <p>Every id is a name-based UUID in the RFC 9562 version 8 layout, built as RFC 9562 appendix
 * B.2 shows for SHA-256: the first 16 bytes of {@code SHA-256(NAMESPACE bytes || name)}, with the
 * version nibble set to 8 and the variant bits to 10. The name is UTF-8 text with {@code |}
 * between its parts and a leading kind ({@code raw}, {@code norm}, {@code command},
 * {@code result}), so ids of different kinds never collide. The same input always yields the same
 * id, so a replay of the same raw stream reproduces every downstream id.
 *
 * <p>Ids are passed and returned as canonical lowercase UUID text, the form they have in events
 * and headers; a non-canonical id is refused rather than silently rewritten, because a different
 * spelling of the same id would give a different derived id.
 */
public final class EventIds {

    /** The project namespace: the version 5 UUID of the DNS name {@code unrip.dev}. Never change it. */
    public static final UUID NAMESPACE = UUID.fromString("6e3dfccc-3bc2-5840-8c45-d384e548990a");

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final int IDEMPOTENCY_KEY_BYTES = 15;

    private EventIds() {}

    /**
     * Id of a raw event: from the venue, the stream and the frame's exact bytes (name
     * {@code raw|<venue>|<stream>|} followed by the frame bytes). The same frame received twice is
     * the same event.
     */
    public static String rawEventId(String venue, String stream, byte[] frame) {
        if (frame == null) {
            throw new IllegalArgumentException("frame must not be null");
        }
        byte[] prefix =
                ("raw|" + part("venue", venue) + "|" + part("stream", stream) + "|").getBytes(StandardCharsets.UTF_8);
        byte[] name = new byte[prefix.length + frame.length];
        System.arraycopy(prefix, 0, name, 0, prefix.length);
        System.arraycopy(frame, 0, name, prefix.length, frame.length);
        return nameBased(name);
    }

    /** Id of a normalized event: from its event type (with major) and the raw event's id. */
    public static String normalizedEventId(String eventType, String rawEventId) {
        return nameBased("norm|" + part("eventType", eventType) + "|" + id("rawEventId", rawEventId));
    }

    /**
     * Id of one of several normalized events of one type that a raw event gives (a balance answer
     * gives one per asset): from the event type, the raw event's id and what tells the events
     * apart, their record key (for {@code norm.balance.v1}: {@code <account_id>/<asset>}).
     */
    public static String normalizedEventId(String eventType, String rawEventId, String part) {
        return nameBased(
                "norm|" + part("eventType", eventType) + "|" + id("rawEventId", rawEventId) + "|" + part("part", part));
    }

    /**
     * Id of a normalized event that stands for one request of the venue, whoever observed it: from
     * the event type, the venue and the venue's own id of the request (for
     * {@code norm.swap_demand.v1}: the relay's {@code quote_id}). Two ingests connected to the
     * relay receive each quote request in frames that differ (each names its own subscription), so
     * their raw ids differ; the demand, and through it the command, is the same.
     */
    public static String requestEventId(String eventType, String venue, String requestId) {
        return nameBased("norm|" + part("eventType", eventType) + "|" + part("venue", venue) + "|request|"
                + part("requestId", requestId));
    }

    /**
     * command_id: from the strategy, the event that caused the command and the action's index
     * among the commands the strategy issued for that event (0 for the first).
     */
    public static String commandId(String strategyId, String causingEventId, int actionIndex) {
        if (actionIndex < 0) {
            throw new IllegalArgumentException("actionIndex must be >= 0, was " + actionIndex);
        }
        return nameBased("command|" + part("strategyId", strategyId) + "|" + id("causingEventId", causingEventId) + "|"
                + actionIndex);
    }

    /** Id of a command's one result; a re-published result keeps it. */
    public static String resultId(String commandId) {
        return nameBased("result|" + id("commandId", commandId));
    }

    /**
     * The idempotency key the venue sees: 15 bytes (120 bits), the first 15 of
     * {@code SHA-256(NAMESPACE bytes || "idempotency|<command_id>")}, as 30 lowercase hex digits.
     * For NEAR Intents they are the last 15 bytes of the versioned (V1) nonce.
     */
    public static String idempotencyKey(String commandId) {
        byte[] hash =
                sha256(namespaced(("idempotency|" + id("commandId", commandId)).getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(hash, 0, IDEMPOTENCY_KEY_BYTES);
    }

    /** True when the text is a canonical lowercase UUID, the only form ids take. */
    public static boolean isCanonical(String id) {
        return id != null && CANONICAL_UUID.matcher(id).matches();
    }

    private static String nameBased(String name) {
        return nameBased(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String nameBased(byte[] name) {
        byte[] hash = sha256(namespaced(name));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // variant 10 (RFC 9562)
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private static byte[] namespaced(byte[] name) {
        byte[] out = new byte[16 + name.length];
        long msb = NAMESPACE.getMostSignificantBits();
        long lsb = NAMESPACE.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (msb >>> (56 - 8 * i));
            out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
        }
        System.arraycopy(name, 0, out, 16, name.length);
        return out;
    }

    private static String part(String what, String value) {
        if (value == null || value.isEmpty() || value.indexOf('|') >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty and free of '|', was " + value);
        }
        return value;
    }

    private static String id(String what, String value) {
        if (!isCanonical(value)) {
            throw new IllegalArgumentException(what + " must be a canonical lowercase UUID, was " + value);
        }
        return value;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
