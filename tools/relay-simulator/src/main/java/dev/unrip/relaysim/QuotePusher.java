package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Pushes generated quote requests at a rate: continuously at sim.rate, and in batches on
 * POST /control/quotes. Each quote takes the next sequence number, so the quotes of a seed come in
 * the same order whatever asked for them.
 */
@ApplicationScoped
public class QuotePusher {

    private static final Logger LOG = Logger.getLogger(QuotePusher.class);
    /** Timer tick; each tick pushes every quote that is due, so rates above 1000/s work. */
    private static final long MAX_TICK_MS = 20;
    /** At most this many quotes per tick, so a large batch never blocks the event loop for long. */
    private static final long MAX_PER_TICK = 2000;

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final Ledger ledger;
    private final RelayServer server;
    private final PushedQuotes pushedQuotes;

    private final AtomicLong nextSequence = new AtomicLong();
    private final Set<Job> jobs = ConcurrentHashMap.newKeySet();
    private final QuoteGenerator generator;
    private final Counter pushed;

    @Inject
    QuotePusher(
            Vertx vertx,
            SimulatorConfig config,
            Ledger ledger,
            RelayServer server,
            PushedQuotes pushedQuotes,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.ledger = ledger;
        this.server = server;
        this.pushedQuotes = pushedQuotes;
        this.generator = new QuoteGenerator(config.seed(), config.run().orElseGet(QuotePusher::randomRun));
        this.pushed = registry.counter("relay_sim_quotes_pushed_total");
    }

    /** A batch being pushed: sequence numbers [first, first + count). count < 0: endless. */
    final class Job {
        final long first;
        final long count;
        final double rate;
        final String envelope;
        final ObjectNode overrides;
        final long startedAt = System.nanoTime();
        long done;
        long timer;

        Job(long first, long count, double rate, String envelope, ObjectNode overrides) {
            this.first = first;
            this.count = count;
            this.rate = rate;
            this.envelope = envelope;
            this.overrides = overrides;
        }

        void tick() {
            long due = rate <= 0 ? Long.MAX_VALUE : (long) ((System.nanoTime() - startedAt) / 1e9 * rate) + 1;
            if (count >= 0) {
                due = Math.min(due, count);
            }
            due = Math.min(due, done + MAX_PER_TICK);
            while (done < due) {
                pushOne(count < 0 ? nextSequence.getAndIncrement() : first + done, envelope, overrides);
                done++;
            }
            if (count >= 0 && done >= count) {
                stop();
                LOG.infof("pushed %d quote request(s) (sequence %d..%d)", count, first, first + count - 1);
            }
        }

        void stop() {
            vertx.cancelTimer(timer);
            jobs.remove(this);
        }

        long pending() {
            return count < 0 ? 0 : count - done;
        }
    }

    void start(@Observes StartupEvent event) {
        if (config.rate() > 0) {
            schedule(new Job(-1, -1, config.rate(), config.envelope(), null));
            LOG.infof("pushing %.1f quote request(s) per second", config.rate());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        cancel();
    }

    /** Schedules count quotes at rate per second (rate <= 0: at once); returns the job. */
    public Job push(long count, double rate, String envelope, ObjectNode overrides) {
        long first = nextSequence.getAndAdd(count);
        Job job = new Job(first, count, rate, envelope == null ? config.envelope() : envelope, overrides);
        schedule(job);
        return job;
    }

    public String quoteId(long sequence) {
        return generator.quoteId(sequence);
    }

    /** Stops every batch (the continuous sim.rate flow too); returns how many quotes were not pushed. */
    public long cancel() {
        long pending = 0;
        for (Job job : jobs) {
            pending += job.pending();
            job.stop();
        }
        return pending;
    }

    public long pending() {
        return jobs.stream().mapToLong(Job::pending).sum();
    }

    public int jobs() {
        return jobs.size();
    }

    private void schedule(Job job) {
        jobs.add(job);
        long tick = job.rate <= 0 ? 1 : Math.max(1, Math.min(MAX_TICK_MS, (long) (1000 / job.rate)));
        job.timer = vertx.setPeriodic(0, tick, t -> job.tick());
    }

    private void pushOne(long sequence, String envelope, ObjectNode overrides) {
        QuoteGenerator.Quote quote = generator.quote(sequence);
        ObjectNode data = quote.data();
        if (overrides != null) {
            data.setAll(overrides);
            // one of exact_amount_in / exact_amount_out, whichever the overrides name
            if (overrides.has("exact_amount_in")) {
                data.remove("exact_amount_out");
            } else if (overrides.has("exact_amount_out")) {
                data.remove("exact_amount_in");
            }
            data.put("quote_id", quote.quoteId());
        }
        pushedQuotes.pushed(quote.quoteId(), data);
        ledger.count("quotes_pushed");
        pushed.increment();
        ledger.count("quote_frames_sent", server.push(RelayServer.QUOTE, data, quote.metadata(), envelope));
    }

    /** A start's own run (never 0: that is the fixed run of the tests), so its quote_ids are new. */
    private static long randomRun() {
        long run = 0;
        while (run == 0) {
            run = new java.security.SecureRandom().nextLong();
        }
        return run;
    }
}
