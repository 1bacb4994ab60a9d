package dev.unrip.nearintents.execute;

import io.smallrye.config.ConfigMapping;

/**
 * Every executor.* setting (application.properties), typed and checked at start: a key that maps
 * to none of these stops the application. The beans read the execution settings from here; the
 * route (execute.camel.yaml) reads the consumer and timer settings as {{executor.*}} placeholders.
 */
@ConfigMapping(prefix = "executor")
public interface ExecutorConfig {

    /** paper (build, sign with a throwaway key, record) or live (send over the relay). */
    String mode();

    /** How long an EXECUTING claim is held before reconciliation may treat its owner as dead. */
    long leaseMs();

    /** How long a sent quote response waits for the relay's answer before it is IN_DOUBT. */
    long answerTimeoutMs();

    // The route's: the batching hop's consumer (executeTradeCommands) and the reconcile timer.

    String groupId();

    int maxPollRecords();

    int consumers();

    int sessionTimeoutMs();

    int heartbeatIntervalMs();

    long reconcilePeriodMs();
}
