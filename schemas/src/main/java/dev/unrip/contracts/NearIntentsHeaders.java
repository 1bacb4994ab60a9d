package dev.unrip.contracts;

/**
 * Kafka headers of a NEAR Intents chain-state raw record beside its CloudEvents envelope
 * ({@link CloudEventHeaders}): what the ingest asked the NEAR RPC, since the answer does not say
 * (docs/contracts.md, "Envelope and headers"). Header values are UTF-8 text.
 */
public final class NearIntentsHeaders {

    /** The account whose state was read, e.g. {@code solver.unrip.near} ({@code raw.near_intents.balance}). */
    public static final String ACCOUNT_ID = "near_account_id";
    /**
     * The token ids asked about, as a JSON array text in the request's order, e.g.
     * {@code ["nep141:wrap.near","nep141:usdt.tether-token.near"]}: the answer's amounts are in
     * this order ({@code raw.near_intents.balance}).
     */
    public static final String TOKEN_IDS = "near_token_ids";
    /** The NEAR RPC endpoint that answered, for tracing which node said it. */
    public static final String RPC_URL = "near_rpc_url";

    private NearIntentsHeaders() {}
}
