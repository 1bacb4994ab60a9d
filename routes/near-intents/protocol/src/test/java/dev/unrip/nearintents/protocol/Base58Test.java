package dev.unrip.nearintents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base58Test {

    private static final HexFormat HEX = HexFormat.of();

    /** Vectors from Bitcoin Core's base58_encode_decode.json. */
    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "61, 2g",
        "626262, a3gV",
        "636363, aPEr",
        "73696d706c792061206c6f6e6720737472696e67, 2cFupjhnEsSn59qHXstmK2ffpLv2",
        "00eb15231dfceb60925886b67d065299925915aeb172c06647, 1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        "516b6fcd0f, ABnLTmg",
        "bf4f89001e670274dd, 3SEo3LWLoPntC",
        "572e4794, 3EFU7m",
        "ecac89cad93923c02321, EJDM8drfXA6uyA",
        "10c8511e, Rt5zm",
        "00000000000000000000, 1111111111",
        "000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5, 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
    })
    void encodesAndDecodesTheBitcoinVectors(String hex, String base58) {
        assertEquals(base58, Base58.encode(HEX.parseHex(hex)));
        assertArrayEquals(HEX.parseHex(hex), Base58.decode(base58));
    }

    @Test
    void roundTripsRandomBytesKeepingLeadingZeros() {
        Random random = new Random(413);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            if (bytes.length > 2 && i % 3 == 0) {
                bytes[0] = 0;
                bytes[1] = 0;
            }
            assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
        }
        assertEquals("StV1DL6CwTryKyV", Base58.encode("hello world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        assertThrows(IllegalArgumentException.class, () -> Base58.decode("0OIl"));
    }
}
