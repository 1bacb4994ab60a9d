package dev.unrip.nearintents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String K1 = "00112233445566778899aabbccddee";
    private static final String K2 = "ffeeddccbbaa99887766554433221100".substring(0, 30);

    @Test
    void base58RoundTripsAndKeepsLeadingZeros() {
        byte[] bytes = HEX.parseHex("0000ff01020304");
        assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
        assertEquals("11", Base58.encode(new byte[2]).substring(0, 2));
        assertEquals("StV1DL6CwTryKyV", Base58.encode("hello world".getBytes()));
    }

    @Test
    void keyFromSeedMatchesRfc8032TestVectorOne() {
        SolverKey key = SolverKey.fromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(key.publicKeyBytes()));
        String signature = key.sign(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
                HEX.formatHex(Base58.decode(signature.substring(8))));
        assertTrue(Nep413.verify(key.publicKey(), signature, new byte[0]));
        assertFalse(key.toString().contains("9d61"));
    }

    @Test
    void nonceIsDeterministicPerCommandAndLaidOutAsV1() {
        Instant deadline = Instant.parse("2026-11-25T10:01:10Z");
        byte[] salt = HEX.parseHex("a1b2c3d4");
        byte[] nonce = VersionedNonce.derive(K1, salt, deadline);
        assertEquals(32, nonce.length);
        assertEquals("5628f6c600a1b2c3d4", HEX.formatHex(Arrays.copyOf(nonce, 9)));
        assertArrayEquals(nonce, VersionedNonce.derive(K1, salt, deadline));
        assertFalse(Arrays.equals(nonce, VersionedNonce.derive(K2, salt, deadline)));
        assertTrue(VersionedNonce.matchesKey(nonce, K1));
        assertFalse(VersionedNonce.matchesKey(nonce, K2));
    }

    @Test
    void signedQuoteResponseVerifiesAndATamperedOneDoesNot() {
        SolverKey key = SolverKey.generateThrowaway();
        byte[] nonce = VersionedNonce.derive(K1, new byte[4], Instant.parse("2026-11-25T10:01:10Z"));
        String request = QuoteResponse.request(7, "q-1", "nep141:wrap.near", "nep141:usdt.tether-token.near",
                "1000", "2990", true, "solver.near", Instant.parse("2026-11-25T10:01:10Z"), nonce, key);
        QuoteResponse.VerifiedQuote verified = QuoteResponse.verify(request);
        assertTrue(verified.signatureValid());
        assertEquals("q-1", verified.quoteId());
        assertEquals(key.publicKey(), verified.publicKey());
        assertArrayEquals(nonce, verified.nonce());
        assertTrue(request.contains("\"amount_out\":\"2990\""));
        String tampered = request.replace("-2990", "-2991");
        assertNotEquals(request, tampered);
        assertFalse(QuoteResponse.verify(tampered).signatureValid());
    }
}
