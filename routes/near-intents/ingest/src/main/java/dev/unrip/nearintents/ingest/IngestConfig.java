package dev.unrip.nearintents.ingest;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The ingest's {@code ingest.*} settings (application.properties says what each one means). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    Backoff backoff();

    long idleTimeoutMs();

    int maxFrameBytes();

    int socketMaxFrameBytes();

    int oversizedKeptBytes();

    /** Frames handed to the route and not yet written; at this many the socket stops reading until half are done. */
    int maxFramesInFlight();

    Rpc rpc();

    Balances balances();

    /** The chain over NEAR JSON-RPC, for the balances (the executor reads the same endpoints). */
    interface Rpc {
        /** Comma-separated endpoints in order of preference (NEAR_RPC_URLS); none: balances are not polled. */
        Optional<String> urls();

        long timeoutMs();

        String finality();

        String contractId();
    }

    /** The solver's balances on the intents contract (mt_batch_balance_of), polled into raw.near_intents.balance. */
    interface Balances {
        /** The solver account whose balances are read. */
        String accountId();

        /** The token ids asked about, comma-separated, in the order of the answer. */
        String tokens();

        /** A poll every this long. */
        long periodMs();

        /** After a quote_status (a settlement, possibly ours): a poll at once, but never closer than this to the last. */
        long afterSettlementMs();
    }

    interface Backoff {
        long initialMs();

        long maxMs();
    }
}
