package dev.unrip.nearintents.ingest;

import io.smallrye.config.ConfigMapping;

/** The ingest's {@code ingest.*} settings (application.properties says what each one means). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    Backoff backoff();

    long idleTimeoutMs();

    int maxFrameBytes();

    int socketMaxFrameBytes();

    int oversizedKeptBytes();

    interface Backoff {
        long initialMs();

        long maxMs();
    }
}
