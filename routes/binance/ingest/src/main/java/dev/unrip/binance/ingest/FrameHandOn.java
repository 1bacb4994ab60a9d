package dev.unrip.binance.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.WebSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.jboss.logging.Logger;

/**
 * Hands the socket's frames to the ingest route, in arrival order, from one thread: the route's
 * Kafka send is asynchronous, so each send is issued in order and acknowledged later, and a later
 * book of an instrument never reaches the broker before an earlier one (norm.order_book keeps the
 * last book per instrument). Backpressure: at {@code maxInFlight} frames handed on and not yet
 * written, the socket stops reading (TCP backpressure to the server) until half of them are done.
 */
final class FrameHandOn {

    private static final Logger LOG = Logger.getLogger(FrameHandOn.class);

    private final CamelContext camel;
    private final MeterRegistry registry;
    private final int maxInFlight;
    private final Supplier<WebSocket> socket;
    private final AsyncProducer route;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "binance-frames"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();

    FrameHandOn(
            CamelContext camel, String endpoint, MeterRegistry registry, int maxInFlight, Supplier<WebSocket> socket)
            throws Exception {
        this.camel = camel;
        this.registry = registry;
        this.maxInFlight = maxInFlight;
        this.socket = socket;
        this.route = camel.getEndpoint(endpoint).createAsyncProducer();
        route.start();
    }

    /** A new connection reads from the start: nothing is paused on it. */
    void connected() {
        paused.set(false);
    }

    /** One frame with the envelope of its arrival, after every frame handed on before it. */
    void hand(byte[] frame, String observedAt, String ingestedAt) {
        inFlight(+1);
        thread.execute(() -> {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(frame);
            exchange.getMessage().setHeaders(BinanceFrames.envelope(observedAt, ingestedAt));
            route.process(exchange, done -> {
                inFlight(-1);
                if (exchange.getException() != null) {
                    // The route's dead-letter path failed too (broker gone past the producer's retries): say so loudly.
                    LOG.errorf(
                            "a frame of %d bytes could not be written: %s",
                            frame.length, exchange.getException().getMessage());
                    registry.counter("unrip_binance_ingest_frames_lost_total").increment();
                }
            });
        });
    }

    void stop() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void inFlight(int delta) {
        int now = inFlight.addAndGet(delta);
        WebSocket ws = socket.get();
        if (ws == null) {
            return;
        }
        if (delta > 0 && now >= maxInFlight && paused.compareAndSet(false, true)) {
            ws.pause();
            registry.counter("unrip_binance_ingest_backpressure_pauses_total").increment();
        } else if (delta < 0 && now <= maxInFlight / 2 && paused.compareAndSet(true, false)) {
            ws.resume();
        }
    }
}
