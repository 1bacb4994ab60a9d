package dev.unrip.nearintents.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The subscriptions of the current relay connection: subscribe requests sent after each connect
 * ({@link RelayConnection}), the subscription ids the relay answers with (the ingest route hands
 * the answers here), and the stream each id stands for, which the route routes an event by.
 */
@ApplicationScoped
@Named("relaySubscriptions")
public class RelaySubscriptions {

    private static final Logger LOG = Logger.getLogger(RelaySubscriptions.class);
    private static final long SUBSCRIBE_QUOTE = 1;
    private static final long SUBSCRIBE_STATUS = 2;

    @Inject
    MeterRegistry registry;

    private final Map<String, String> streams = new HashMap<>();

    /** A new connection: the old ids mean nothing now; subscribe to quote and quote_status. */
    void subscribe(Consumer<String> send) {
        synchronized (streams) {
            streams.clear();
        }
        send.accept(
                "{\"jsonrpc\":\"2.0\",\"id\":" + SUBSCRIBE_QUOTE + ",\"method\":\"subscribe\",\"params\":[\"quote\"]}");
        send.accept("{\"jsonrpc\":\"2.0\",\"id\":" + SUBSCRIBE_STATUS
                + ",\"method\":\"subscribe\",\"params\":[\"quote_status\"]}");
    }

    /** The stream a subscription id of this connection was opened for (quote, quote_status), or null. */
    public String streamOf(@Variable("relaySubscription") String subscription) {
        if (subscription == null) {
            return null;
        }
        synchronized (streams) {
            return streams.get(subscription);
        }
    }

    /** An answer to one of our requests (the route recognised it): a subscribe's id is kept for this connection. */
    public void answered(@Variable("relayMessage") Map<String, Object> message) {
        Object id = message.get("id");
        if (message.get("error") != null) {
            LOG.warnf("relay error for request %s: %s", id, message.get("error"));
            registry.counter("unrip_ingest_relay_errors_total").increment();
            return;
        }
        String subscription = String.valueOf(message.get("result"));
        long request = id instanceof Number n ? n.longValue() : -1;
        synchronized (streams) {
            if (request == SUBSCRIBE_QUOTE) {
                streams.put(subscription, "quote");
            } else if (request == SUBSCRIBE_STATUS) {
                streams.put(subscription, "quote_status");
            }
        }
        registry.counter("unrip_ingest_subscription_answers_total").increment();
        LOG.infof("relay answered request %s: %s", id, subscription);
    }
}
