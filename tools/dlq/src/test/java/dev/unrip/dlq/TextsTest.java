package dev.unrip.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void reasonsAreGroupedByWhatComesBeforeTheFirstColon() {
        assertEquals(
                "$.payload.exact_amount_in",
                Texts.reasonGroup("$.payload.exact_amount_in: integer found, string expected\n$.x: more"));
        assertEquals(
                "$.params.data.exact_amount_in",
                Texts.reasonGroup(
                        "JSON validation error with 1 errors:\n"
                                + "$.params.data.exact_amount_in: number found, string expected. Exchange[71D9DA80B4CFA13-0000000000000001]"));
        assertEquals(
                "oversized",
                Texts.reasonGroup("oversized: frame of 600000 bytes is above ingest.max-frame-bytes (524288)"));
        assertEquals(
                "unclassified relay frame",
                Texts.reasonGroup("unclassified relay frame: not JSON (a relay message is one JSON object): x"));
        assertEquals("raw record has no 'ce_id' header", Texts.reasonGroup("raw record has no 'ce_id' header"));
        assertEquals("(no dlq_reason)", Texts.reasonGroup(null));
    }

    @Test
    void bytesThatAreNotPrintableUtf8AreShownAsBase64() {
        assertEquals("plain text", Texts.value("plain text".getBytes(StandardCharsets.UTF_8)));
        assertEquals("base64:/w4=", Texts.value(new byte[] {(byte) 0xff, 0x0e}));
        assertEquals("base64:AAAAAQ== (as an int: 1)", Texts.value(new byte[] {0, 0, 0, 1}));
    }

    @Test
    void badArgumentsAreRefusedInOneLine() {
        assertEquals(2.5, Settings.fromEnvironment(Map.of("DLQ_RATE", "2.5/s")).rate());
        assertEquals(5.0, Settings.fromEnvironment(Map.of("DLQ_RATE", "5")).rate());
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(Map.of("DLQ_RATE", "fast")));
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(Map.of("DLQ_MAX", "0")));
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(Map.of("DLQ_REASON", "(")));
        assertThrows(IllegalArgumentException.class, () -> Settings.fromEnvironment(Map.of("DLQ_DRY_RUN", "yes")));
    }
}
