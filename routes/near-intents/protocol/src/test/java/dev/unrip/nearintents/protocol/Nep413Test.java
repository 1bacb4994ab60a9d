package dev.unrip.nearintents.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Nep413Test {

    private static final HexFormat HEX = HexFormat.of();
    private static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_EMPTY_MESSAGE_SIGNATURE =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                    + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void keyFromSeedMatchesRfc8032TestOne() {
        SolverKey key = SolverKey.fromSeed(HEX.parseHex(RFC8032_SEED));
        assertEquals(RFC8032_PUBLIC, HEX.formatHex(key.publicKeyBytes()));
        assertEquals("ed25519:" + Base58.encode(HEX.parseHex(RFC8032_PUBLIC)), key.publicKey());
        String signature = key.sign(new byte[0]);
        assertEquals(
                RFC8032_EMPTY_MESSAGE_SIGNATURE,
                HEX.formatHex(Base58.decode(signature.substring("ed25519:".length()))));
        assertTrue(Nep413.verify(key.publicKey(), signature, new byte[0]));
    }

    @Test
    void nearSecretKeyIsSeedThenPublicKeyAndIsNeverPrinted() {
        byte[] secret = HEX.parseHex(RFC8032_SEED + RFC8032_PUBLIC);
        String nearSecret = "ed25519:" + Base58.encode(secret);
        SolverKey key = SolverKey.fromNearSecretKey(nearSecret);
        assertEquals(RFC8032_PUBLIC, HEX.formatHex(key.publicKeyBytes()));
        assertFalse(key.toString().contains(Base58.encode(secret)));
        assertFalse(key.toString().contains(Base58.encode(HEX.parseHex(RFC8032_SEED))));
        assertTrue(key.toString().contains(key.publicKey()));

        byte[] wrongPublicHalf = secret.clone();
        wrongPublicHalf[40] ^= 1;
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SolverKey.fromNearSecretKey("ed25519:" + Base58.encode(wrongPublicHalf)));
        assertFalse(e.getMessage().contains(Base58.encode(wrongPublicHalf)), "the error does not echo the secret");
    }

    /** Ed25519 is deterministic: the signer (Bouncy Castle) must give the JDK's bytes, key and signature. */
    @Test
    void signaturesAreTheJdksBytes() throws Exception {
        java.util.Random random = new java.util.Random(413);
        for (int i = 0; i < 50; i++) {
            byte[] seed = new byte[32];
            byte[] message = new byte[random.nextInt(200)];
            random.nextBytes(seed);
            random.nextBytes(message);
            SolverKey key = SolverKey.fromSeed(seed);

            java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
            jdk.initSign(java.security.KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new java.security.spec.EdECPrivateKeySpec(
                            java.security.spec.NamedParameterSpec.ED25519, seed)));
            jdk.update(message);
            assertEquals("ed25519:" + Base58.encode(jdk.sign()), key.sign(message), "signature " + i);
            assertTrue(Nep413.verify(key.publicKey(), key.sign(message), message), "the JDK verifies signature " + i);
        }
    }

    @Test
    void throwawayKeysDiffer() {
        assertFalse(SolverKey.generateThrowaway()
                .publicKey()
                .equals(SolverKey.generateThrowaway().publicKey()));
    }

    @Test
    void serializationIsTagThenBorshPayload() {
        byte[] nonce = new byte[32];
        Arrays.fill(nonce, (byte) 7);
        byte[] bytes = Nep413.serialize("hi", nonce, "intents.near", null);
        // u32 LE 2^31+413 = 0x8000019d
        assertEquals("9d010080", HEX.formatHex(bytes, 0, 4));
        assertEquals("02000000" + "6869", HEX.formatHex(bytes, 4, 10));
        assertArrayEquals(nonce, Arrays.copyOfRange(bytes, 10, 42));
        assertEquals(
                "0c000000" + HEX.formatHex("intents.near".getBytes(StandardCharsets.UTF_8)) + "00",
                HEX.formatHex(bytes, 42, bytes.length));

        byte[] withCallback = Nep413.serialize("hi", nonce, "intents.near", "https://x");
        assertEquals(
                "01" + "09000000" + HEX.formatHex("https://x".getBytes(StandardCharsets.UTF_8)),
                HEX.formatHex(withCallback, bytes.length - 1, withCallback.length));
        assertThrows(IllegalArgumentException.class, () -> Nep413.serialize("hi", new byte[31], "intents.near", null));
    }

    @Test
    void theDocumentationsSignedIntentVerifies() throws IOException {
        JsonNode signed = fixture("signed_intent_nep413_transfer.json");
        JsonNode payload = signed.path("payload");
        byte[] nonce = VersionedNonce.fromBase64(payload.path("nonce").asText());
        String message = payload.path("message").asText();
        assertTrue(Nep413.verify(
                signed.path("public_key").asText(),
                signed.path("signature").asText(),
                message,
                nonce,
                "intents.near",
                null));
        assertFalse(Nep413.verify(
                signed.path("public_key").asText(),
                signed.path("signature").asText(),
                message.replace("\"10\"", "\"11\""),
                nonce,
                "intents.near",
                null));
    }

    @Test
    void signedPayloadVerifiesOnlyForItsKeyAndBytes() {
        SolverKey key = SolverKey.generateThrowaway();
        byte[] nonce = new byte[32];
        String signature = Nep413.sign(key, "{\"a\":1}", nonce, "intents.near", null);
        assertTrue(Nep413.verify(key.publicKey(), signature, "{\"a\":1}", nonce, "intents.near", null));
        assertFalse(Nep413.verify(key.publicKey(), signature, "{\"a\":2}", nonce, "intents.near", null));
        assertFalse(Nep413.verify(key.publicKey(), signature, "{\"a\":1}", nonce, "other.near", null));
        assertFalse(Nep413.verify(key.publicKey(), signature, "{\"a\":1}", nonce, "intents.near", "https://cb"));
        assertFalse(Nep413.verify(
                SolverKey.generateThrowaway().publicKey(), signature, "{\"a\":1}", nonce, "intents.near", null));
        assertFalse(Nep413.verify(key.publicKey(), "ed25519:notbase58!", new byte[32]), "malformed is simply invalid");
        assertFalse(Nep413.verify("secp256k1:abc", signature, new byte[32]));
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = Nep413Test.class.getResourceAsStream("/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }
}
