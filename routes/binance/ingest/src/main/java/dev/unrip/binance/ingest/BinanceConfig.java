package dev.unrip.binance.ingest;

import io.smallrye.config.ConfigMapping;
import java.util.List;

/** The ingest's {@code binance.*} settings (application.properties says what each one means). */
@ConfigMapping(prefix = "binance")
public interface BinanceConfig {

    Ws ws();

    /** The streams to ingest, each a partial book depth stream, e.g. nearusdt@depth10@100ms. */
    List<String> streams();

    Ingest ingest();

    interface Ws {
        /** The stream server's base address: ws://localhost:8091 (the market simulator), wss://stream.binance.com:9443. */
        String url();
    }

    interface Ingest {
        Backoff backoff();

        long connectTimeoutMs();

        /** No frame and no ping for this long: the connection is dead; close it and reconnect. */
        long idleTimeoutMs();

        /** What the socket accepts per message (Vert.x closes the connection with 1009 above it). */
        int maxFrameBytes();

        /** Frames handed on and not yet written; at this many the socket stops reading until half are done. */
        int maxFramesInFlight();
    }

    interface Backoff {
        long initialMs();

        long maxMs();
    }
}
