package dev.unrip.nearintents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VersionedNonceTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY = "2876b32ccf1cf706933cd69b96d2c2";
    private static final String OTHER_KEY = "2876b32ccf1cf706933cd69b96d2c3";
    private static final byte[] SALT = HEX.parseHex("a1b2c3d4");
    private static final Instant DEADLINE = Instant.parse("2026-11-25T10:01:10.123Z");

    @Test
    void isMagicVersionSaltDeadlineNanosLittleEndianThenTheIdempotencyKey() {
        byte[] nonce = VersionedNonce.derive(KEY, SALT, DEADLINE);
        assertEquals(32, nonce.length);
        assertEquals("5628f6c6" + "00" + "a1b2c3d4", HEX.formatHex(nonce, 0, 9));
        long nanos = DEADLINE.toEpochMilli() * 1_000_000L;
        byte[] le = new byte[8];
        for (int i = 0; i < 8; i++) {
            le[i] = (byte) (nanos >>> (8 * i));
        }
        assertArrayEquals(le, Arrays.copyOfRange(nonce, 9, 17));
        assertEquals(KEY, HEX.formatHex(nonce, 17, 32));
    }

    @Test
    void sameKeyGetsTheSameNonceAndAnotherKeyAnother() {
        byte[] nonce = VersionedNonce.derive(KEY, SALT, DEADLINE);
        assertArrayEquals(nonce, VersionedNonce.derive(KEY, SALT, DEADLINE));
        assertFalse(Arrays.equals(nonce, VersionedNonce.derive(OTHER_KEY, SALT, DEADLINE)));
        assertTrue(VersionedNonce.matchesKey(nonce, KEY));
        assertFalse(VersionedNonce.matchesKey(nonce, OTHER_KEY));
        assertFalse(VersionedNonce.matchesKey(new byte[32], KEY), "not a V1 nonce");
    }

    @Test
    void parseGivesBackSaltDeadlineAndTag() {
        byte[] nonce = VersionedNonce.derive(KEY, SALT, DEADLINE);
        VersionedNonce.Parts parts = VersionedNonce.parse(nonce);
        assertArrayEquals(SALT, parts.salt());
        assertEquals(DEADLINE, parts.deadline());
        assertEquals(KEY, HEX.formatHex(parts.tag()));
        assertArrayEquals(nonce, VersionedNonce.fromBase64(VersionedNonce.toBase64(nonce)));
        assertThrows(IllegalArgumentException.class, () -> VersionedNonce.parse(new byte[32]));
    }

    @Test
    void theDeadlineNeverOutlivesTheMillisecondTheIntentIsSignedWith() {
        Instant subMillisecond = Instant.parse("2026-11-25T10:01:10.123999999Z");
        assertEquals(
                Instant.parse("2026-11-25T10:01:10.123Z"),
                VersionedNonce.parse(VersionedNonce.derive(KEY, SALT, subMillisecond))
                        .deadline());
    }

    @Test
    void theDocumentationsNonceParsesAsV1WithTheMessagesDeadline() {
        // 05_ws_quote_response_request: message deadline 2024-10-14T12:53:40.000Z
        VersionedNonce.Parts parts =
                VersionedNonce.parse(VersionedNonce.fromBase64("Vij2xgAlKBKzAEiS6N1S/hcQLaHzX2s1fNKhBDblXT4="));
        assertEquals("252812b3", HEX.formatHex(parts.salt()));
        assertEquals(Instant.parse("2024-10-14T12:53:40Z"), parts.deadline());
    }

    @Test
    void anythingButAThirtyHexKeyOrAFourByteSaltIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> VersionedNonce.derive("abcd", SALT, DEADLINE));
        assertThrows(
                IllegalArgumentException.class,
                () -> VersionedNonce.derive("0b1b8f0e-7c7e-8a3b-9f1e-2d4c6a8b0c1d", SALT, DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> VersionedNonce.derive(KEY.toUpperCase(), SALT, DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> VersionedNonce.derive(null, SALT, DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> VersionedNonce.derive(KEY, new byte[3], DEADLINE));
    }
}
