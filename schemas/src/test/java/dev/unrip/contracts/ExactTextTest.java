package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExactTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anIdWithALoneSurrogateFromAJsonEscapeIsRefusedNamingTheField() throws Exception {
        String quoteId =
                JSON.readTree("{\"quote_id\":\"q-\\ud800-1\"}").path("quote_id").asText();
        // What the defect was: the encoder writes '?' and the id changes without a word.
        assertEquals("q-?-1", new String(quoteId.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExactText.requireId("quote_id", quoteId));
        assertTrue(
                e.getMessage().startsWith("quote_id: holds a lone UTF-16 surrogate U+D800 at index 2"), e.getMessage());
    }

    @Test
    void aLowSurrogateAloneAndAHighSurrogateAtTheEndAreRefusedToo() {
        assertThrows(IllegalArgumentException.class, () -> ExactText.requireEncodable("f", "a\udc00b"));
        assertThrows(IllegalArgumentException.class, () -> ExactText.requireEncodable("f", "ab\ud83d"));
    }

    @Test
    void aSurrogatePairIsOneCharacterAndPasses() {
        String rocket = "swap-\ud83d\ude80";
        assertEquals(rocket, ExactText.requireId("quote_id", rocket));
    }

    @Test
    void anIdWithAControlCharacterIsRefusedButOtherTextKeepsIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExactText.requireId("asset", "nep141:a\u0000b"));
        assertTrue(e.getMessage().contains("control character U+0000 at index 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExactText.requireId("asset", "x\u009f"));
        assertEquals("line\nbreak", ExactText.requireEncodable("note", "line\nbreak"));
    }

    @Test
    void everyStringInACopiedTreeIsCheckedAndNamedByItsPath() throws Exception {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ExactText.requireEncodable("trusted_metadata", JSON.readTree("{\"a\":[1,{\"b\":\"\\udfff\"}]}")));
        assertTrue(
                e.getMessage().startsWith("trusted_metadata.a[1].b: holds a lone UTF-16 surrogate U+DFFF"),
                e.getMessage());
        ExactText.requireEncodable("trusted_metadata", JSON.readTree("{\"a\":[1,{\"b\":\"fine \\u00e9\"}]}"));
    }

    @Test
    void malformedHeaderBytesAreRefusedNotReplaced() {
        byte[] bytes = {'2', '0', (byte) 0xC3};
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ExactText.decodeHeader("ce_id", bytes));
        assertTrue(e.getMessage().startsWith("header 'ce_id': not valid UTF-8"), e.getMessage());
        assertEquals("é", ExactText.decodeHeader("ce_id", "é".getBytes(StandardCharsets.UTF_8)));
    }
}
