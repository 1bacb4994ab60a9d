package dev.unrip.nearintents.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The quote hash: base58 of the NEP-413 digest of a signed quote. A {@code quote_status} names the
 * quote it settles by this hash.
 */
public final class QuoteHash {

    private QuoteHash() {}

    /** From the {@code signed_data} object of a quote_response (standard nep413). */
    public static String of(JsonNode signedData) {
        JsonNode payload = signedData.path("payload");
        JsonNode callbackUrl = payload.path("callback_url");
        return of(
                QuoteResponse.text(payload, "message"),
                VersionedNonce.fromBase64(QuoteResponse.text(payload, "nonce")),
                QuoteResponse.text(payload, "recipient"),
                callbackUrl.isTextual() ? callbackUrl.asText() : null);
    }

    public static String of(String message, byte[] nonce32, String recipient, String callbackUrl) {
        return Base58.encode(Nep413.digest(message, nonce32, recipient, callbackUrl));
    }
}
