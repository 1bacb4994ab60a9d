package dev.unrip.nearintents.execute;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The venue's settings (application.properties, "# NEAR Intents"); secrets only from the environment. */
@ConfigMapping(prefix = "near")
public interface NearConfig {

    Relay relay();

    Solver solver();

    Signer signer();

    Rpc rpc();

    Salt salt();

    /** The relay's WebSocket (live mode's quote responses) and its optional bearer token. */
    interface Relay {
        String url();

        Optional<String> jwt();
    }

    /** The solver account that signs the quotes. */
    interface Solver {
        String accountId();
    }

    /** The solver's NEAR secret key (NEAR_SIGNER_KEY); live mode only. */
    interface Signer {
        Optional<String> key();
    }

    /** The chain, over NEAR JSON-RPC: live mode reads the salt, the key's registration and used nonces there. */
    interface Rpc {
        /** Comma-separated endpoints in order of preference (NEAR_RPC_URLS); required in live mode. */
        Optional<String> urls();

        /** Per attempt, connection included. */
        long timeoutMs();

        /** final (the default: settled blocks) or optimistic. */
        String finality();

        /** The intents contract's account. */
        String contractId();
    }

    /** The intents contract's current_salt: read at start, cached at most ttl, refreshed in the background. */
    interface Salt {
        /** How long a salt read from the chain is signed with; at most 5 minutes (checked at start). */
        long ttlMs();

        /** How often the salt (and the key's registration) is read again. */
        long refreshMs();
    }
}
