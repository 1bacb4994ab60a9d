package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferenceAssetsTest {

    @Test
    void theFileInTheRepositoryLoadsWithTheKnownDecimals() {
        ReferenceAssets ref = ReferenceAssets.fromClasspath();
        assertEquals("USDT", ref.quoteCurrency());
        assertEquals(24, ref.asset("nep141:wrap.near").orElseThrow().decimals());
        assertEquals(
                Optional.of("NEARUSDT"),
                ref.asset("nep141:wrap.near").orElseThrow().instrument());
        assertEquals(6, ref.asset("nep141:usdt.tether-token.near").orElseThrow().decimals());
        assertTrue(ref.asset("nep141:usdt.tether-token.near").orElseThrow().isQuoteCurrency());
        assertEquals(18, ref.asset("nep141:eth.omft.near").orElseThrow().decimals());
        assertTrue(ref.asset("nep141:unknown.near").isEmpty());
    }

    @Test
    void aTypoIsRefusedNamingTheAssetAndTheField() {
        assertRefused(
                "quote_currency: USDT\nassets:\n  - {id: nep141:usdt.near, symbol: USDT, decimals: 6}\n"
                        + "  - {id: nep141:wrap.near, symbol: NEAR, decimal: 24, instrument: NEARUSDT}\n",
                "asset #1 has an unknown field 'decimal'");
        assertRefused(
                "quote_currency: USDT\nassets:\n  - {id: nep141:usdt.near, symbol: USDT, decimals: 6}\n"
                        + "  - {id: nep141:wrap.near, symbol: NEAR, decimals: 24, instrument: NEARBTC}\n",
                "asset nep141:wrap.near: instrument must be upper-case and priced in USDT");
        assertRefused(
                "quote_currency: USDT\nassets:\n  - {id: nep141:usdt.near, symbol: USDT, decimals: 6}\n"
                        + "  - {id: nep141:wrap.near, symbol: NEAR, decimals: 24}\n",
                "asset nep141:wrap.near: only the quote currency USDT may have no instrument");
        assertRefused(
                "quote_currency: USDT\nassets:\n  - {id: nep141:usdt.near, symbol: USDT, decimals: -1}\n",
                "asset nep141:usdt.near: decimals must be a whole number 0..38");
        assertRefused(
                "quote_currency: USDT\nassets:\n  - {id: nep141:wrap.near, symbol: NEAR, decimals: 24, instrument: NEARUSDT}\n",
                "exactly one asset must be the quote currency USDT, found 0");
    }

    private static void assertRefused(String yaml, String message) {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ReferenceAssets.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test"));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
