package dev.unrip.nearintents.execute;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The venue's settings (application.properties, "# NEAR Intents"); secrets only from the environment. */
@ConfigMapping(prefix = "near")
public interface NearConfig {

    Relay relay();

    Solver solver();

    Signer signer();

    Nonce nonce();

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

    /** The intents contract's current_salt (4 bytes, hex), part of every versioned nonce. */
    interface Nonce {
        String saltHex();
    }
}
