package dev.unrip.relaysim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The simulator's settings ({@code sim.*}, each from a {@code SIM_*} variable; see README.md). */
@ConfigMapping(prefix = "sim")
public interface SimulatorConfig {

    /** Quote requests pushed per second without being asked; 0 = only on POST /control/quotes. */
    @WithDefault("0")
    double rate();

    /** Seed of the generated quote requests: the same seed gives the same quotes in the same order. */
    @WithDefault("42")
    long seed();

    /**
     * What makes this start's quote_ids its own (QuoteGenerator): random per start unless set; set
     * it only to repeat a run's ids exactly (the system then treats them as the same quotes).
     */
    Optional<Long> run();

    /** Envelope of pushed events unless a request says otherwise: B ("method":"event") or A (the documentation's). */
    @WithDefault("B")
    String envelope();

    /** Share of accepted quote responses followed by a quote_status (the user published an intent). */
    @WithDefault("0.0")
    double settleRatio();

    /** Delay between an accepted quote response and its quote_status. */
    @WithDefault("500")
    long settleDelayMs();

    /** When set, the WebSocket upgrade needs {@code Authorization: Bearer <this value>}. */
    Optional<String> requireAuth();

    /** How long a pushed quote_id is remembered (a response after that is an unknown quote). */
    @WithDefault("600000")
    long quoteTtlMs();

    /** How many received responses GET /control/responses keeps (the oldest go first). */
    @WithDefault("100000")
    int maxRecords();

    /** The intents contract the JSON-RPC views answer for and the salt error names; others are unknown accounts. */
    @WithDefault("intents.near")
    String contractId();

    /**
     * Contract errors over JSON-RPC in the older shape (the error text inside {@code result}, no
     * result bytes) instead of the newer HANDLER_ERROR one: RPC nodes of both kinds are out there.
     */
    @WithDefault("false")
    boolean rpcOldErrors();

    /**
     * Each account's balances before anything settled, {@code token=amount,...}: every account that
     * is asked about starts with them. Unset: {@link Chain#DEFAULT_BALANCES}, every asset QuoteGenerator
     * quotes, plenty of each.
     */
    Optional<String> balances();

    /** Public keys registered on the contract, {@code account_id:ed25519:<base58>,...}. */
    Optional<String> registeredKeys();

    /** has_public_key answers true for every key: a convenience for make run, where no key is registered. */
    @WithDefault("false")
    boolean anyKeyRegistered();

    /** Rejects a quote_response whose versioned nonce carries a salt that is not valid on the contract. */
    @WithDefault("true")
    boolean checkSalt();

    /** How long after a quote was pushed the relay still collects answers; 0 = for ever (the real relay: about 3000). */
    @WithDefault("0")
    long quoteWindowMs();
}
