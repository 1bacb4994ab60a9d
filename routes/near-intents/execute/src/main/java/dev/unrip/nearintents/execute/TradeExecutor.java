package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.execute.TradeResults;
import dev.unrip.routes.common.Events;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The execution state machine (../shared/DESIGN.md "Execution safety"). For each command:
 * record RECEIVED; expired → EXPIRED, never executed; claim RECEIVED → EXECUTING (committed, with
 * a lease) before anything leaves; execute (paper: build and sign, record; live: send the signed
 * quote over the relay WebSocket); record the outcome; only then is the result published and the
 * offset committed. A command already known is never executed again: its stored result is
 * re-published (same result_id, marked republished), or, while another executor holds it, nothing.
 */
@ApplicationScoped
@Named("tradeExecutor")
@RegisterForReflection
public class TradeExecutor {

    private static final Logger LOG = Logger.getLogger(TradeExecutor.class);
    static final String SOURCE = "unrip/near-intents-execute";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ExecutionStore store;
    @Inject
    @Named("executorIdempotentRepository")
    JdbcMessageIdRepository idempotentRepository;
    @Inject
    RelayClient relay;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "executor.mode")
    String mode;
    @ConfigProperty(name = "executor.lease-ms")
    long leaseMs;
    @ConfigProperty(name = "near.solver.account-id")
    String solverAccount;
    @ConfigProperty(name = "near.signer.key")
    Optional<String> signerKey;
    @ConfigProperty(name = "near.nonce.salt-hex")
    String saltHex;
    @ConfigProperty(name = "executor.reconcile-url")
    Optional<String> reconcileUrl;

    private final String owner = "executor-" + UUID.randomUUID();
    private final AtomicLong inDoubt = new AtomicLong();
    private SolverKey key;
    private byte[] salt;
    private Timer frameToResponse;
    private Timer receivePhase;
    private Timer claimPhase;
    private Timer venuePhase;
    private Timer finishPhase;

    /** Meters are built once, when the bean is created, not per command. */
    @PostConstruct
    void meters() {
        frameToResponse = Timer.builder("unrip_executor_frame_to_response").description("relay frame arrival (observed_at) to the quote response sent")
                .tag("mode", mode).publishPercentileHistogram().register(registry);
        receivePhase = phase("receive");
        claimPhase = phase("claim");
        venuePhase = phase("venue");
        finishPhase = phase("finish");
    }

    /** Where a batch's time goes: one timer per phase of executeBatch. */
    private Timer phase(String name) {
        return Timer.builder("unrip_executor_batch_phase").description("time of one phase of a batch of commands: "
                        + "receive (idempotent repository + RECEIVED, one transaction), claim (EXECUTING and immediate endings, one transaction), "
                        + "venue (build, sign, send and await the answers), finish (the outcomes, one transaction)")
                .tag("phase", name).publishPercentiles(0.5, 0.99).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!"paper".equals(mode) && !"live".equals(mode)) {
            throw new IllegalStateException("executor.mode (EXECUTOR_MODE) must be paper or live, not '" + mode + "'");
        }
        if ("live".equals(mode)) {
            key = SolverKey.fromNearSecretKey(signerKey.filter(k -> !k.isBlank()).orElseThrow(() ->
                    new IllegalStateException("live mode needs the solver key in NEAR_SIGNER_KEY")));
        } else {
            key = SolverKey.generateThrowaway();
        }
        salt = HexFormat.of().parseHex(saltHex);
        registry.gauge("unrip_executor_in_doubt", inDoubt);
        // Visible at 0 from the start, so an alert on their rate has a series to look at.
        registry.counter("unrip_executor_duplicates_suppressed_total");
        registry.counter("unrip_executor_reconciled_total", "status", "SUCCEEDED");
        LOG.infof("executor %s in %s mode, signer %s", owner, mode, key.publicKey());
    }

    /** One command of a batch on its way through the state machine. */
    private static final class Work {
        final Message in;
        final String json;
        final JsonNode command;
        final JsonNode payload;
        final JsonNode action;
        final String commandId;
        final Instant expiresAt;
        boolean seen;                 // the idempotent repository knew the command_id already
        ExecutionStore.Received known;
        Work first;                   // the same command_id earlier in this batch
        String planned;               // EXECUTING (claim) or the terminal state it is finished with
        String result;                // the result event to publish, if any
        String quoteResponse;
        long rpcId;
        String quoteHash;
        String nonce;
        RelayClient.Call call;
        String status;
        String errorCode;
        String errorReason;
        Instant sentAt;
        Instant answeredAt;

        Work(Message in) throws Exception {
            this.in = in;
            this.json = in.getBody(String.class);
            this.command = JSON.readTree(json);
            this.payload = command.path("payload");
            this.action = payload.path("action");
            this.commandId = payload.path("command_id").asText();
            this.expiresAt = Instant.parse(payload.path("expires_at").asText());
        }
    }

    /**
     * The commands of one poll (validated messages) → their result events (the same messages, body
     * and headers replaced), in poll order. A command gets no result when another executor owns
     * it: its outcome comes from that owner or from reconciliation.
     *
     * <p>Three transactions per batch, whatever its size: (1) Camel's idempotent repository and
     * RECEIVED for every command; (2) the claims RECEIVED → EXECUTING, plus the commands that end
     * at once (EXPIRED, REJECTED by the limit), committed before anything leaves for the venue;
     * then the quote responses go out (live: all written, then each answer awaited); (3) the
     * outcomes. A crash between any two leaves each command in a state its redelivery or the
     * reconciler resolves without sending it twice.
     */
    public List<Message> executeBatch(List<Message> commands) throws Exception {
        Instant received = Instant.now();
        List<Work> batch = new ArrayList<>(commands.size());
        for (Message in : commands) {
            batch.add(new Work(in));
        }
        // (1) Sorted by command_id, so that two executors racing over the same commands (a
        // rebalance) take the row locks in the same order; equal ids keep their poll order.
        List<Work> byId = new ArrayList<>(batch);
        byId.sort(Comparator.comparing(w -> w.commandId));
        long t0 = System.nanoTime();
        store.inTransaction(c -> {
            for (Work w : byId) {
                w.seen = !idempotentRepository.add(w.commandId);
                w.known = store.receive(c, w.commandId, w.payload.path("idempotency_key").asText(),
                        w.payload.path("execution_key").asText(), w.action.path("quote_id").asText(), mode, w.json, w.expiresAt);
            }
            return null;
        });
        long t1 = System.nanoTime();
        receivePhase.record(t1 - t0, TimeUnit.NANOSECONDS);

        Map<String, Work> firstById = new HashMap<>();
        List<ExecutionStore.Claim> claims = new ArrayList<>();
        List<Work> claimed = new ArrayList<>();
        List<ExecutionStore.Finish> endings = new ArrayList<>();
        List<Work> ended = new ArrayList<>();
        for (Work w : batch) {
            w.first = firstById.putIfAbsent(w.commandId, w);
            if (w.seen || !w.known.fresh()) {
                registry.counter("unrip_executor_duplicates_suppressed_total").increment();
            }
            if (w.first != null) {
                LOG.infof("command %s came twice in one batch; the copy gets the first one's outcome", w.commandId);
                continue;
            }
            if (!w.known.fresh()) {
                if (w.known.result() != null) {
                    // Already decided: the same outcome again, so downstream sees one outcome per command.
                    w.result = republished(w.known.result(), w.known.deliveries());
                    continue;
                }
                if (!"RECEIVED".equals(w.known.state())) {
                    // EXECUTING under a live or dead owner: its outcome comes from that owner or from reconciliation.
                    LOG.infof("command %s is %s with %s; not executed again", w.commandId, w.known.state(), w.known.owner());
                    continue;
                }
                // RECEIVED: a previous delivery recorded it and stopped before claiming it; nothing was sent.
            }
            String quoteId = w.action.path("quote_id").asText();
            BigDecimal maxOut = new BigDecimal(w.payload.path("limits").path("max_amount_out").asText("0"));
            if (received.isAfter(w.expiresAt)) {
                w.planned = "EXPIRED";
                w.result = result(w.command, "EXPIRED", received, null, null, "DEADLINE_PASSED", "command past its expiry " + w.expiresAt,
                        venueRef(quoteId, null, null));
                endings.add(new ExecutionStore.Finish(w.commandId, "RECEIVED", null, "EXPIRED", w.result, "DEADLINE_PASSED",
                        "command past its expiry; not executed"));
                ended.add(w);
            } else if (new BigDecimal(w.action.path("amount_out").asText()).compareTo(maxOut) > 0) {
                w.planned = "REJECTED";
                w.result = result(w.command, "REJECTED", received, null, null, "LIMIT_EXCEEDED",
                        "amount_out above limits.max_amount_out " + maxOut, venueRef(quoteId, null, null));
                endings.add(new ExecutionStore.Finish(w.commandId, "RECEIVED", null, "REJECTED", w.result, "LIMIT_EXCEEDED",
                        "amount_out above the limit"));
                ended.add(w);
            } else {
                w.planned = "EXECUTING";
                // The venue-side idempotency key: the nonce ends with the command's idempotency key.
                Instant quoteDeadline = Instant.parse(w.action.path("quote_deadline").asText());
                byte[] nonce = VersionedNonce.derive(w.payload.path("idempotency_key").asText(), salt, quoteDeadline);
                w.rpcId = relay.nextId();
                w.quoteResponse = QuoteResponse.request(w.rpcId, quoteId, w.action.path("asset_in").asText(),
                        w.action.path("asset_out").asText(), w.action.path("amount_in").asText(), w.action.path("amount_out").asText(),
                        "EXACT_IN".equals(w.action.path("side").asText()), solverAccount, quoteDeadline, nonce, key);
                w.quoteHash = QuoteResponse.quoteHash(w.quoteResponse);
                w.nonce = Base64.getEncoder().encodeToString(nonce);
                claims.add(new ExecutionStore.Claim(w.commandId, owner, Instant.now().plusMillis(leaseMs), w.nonce, w.quoteHash));
                claimed.add(w);
            }
        }

        // (2) Claims and immediate endings: committed before anything is sent.
        long t2 = System.nanoTime();
        boolean[][] won = store.inTransaction(c -> new boolean[][] {store.claim(c, claims), store.finish(c, endings)});
        long t3 = System.nanoTime();
        claimPhase.record(t3 - t2, TimeUnit.NANOSECONDS);
        for (int i = 0; i < ended.size(); i++) {
            Work w = ended.get(i);
            if (won[1][i]) {
                registry.counter("unrip_executor_results_total", "status", w.planned).increment();
            } else {
                w.result = null; // decided meanwhile by another executor, which publishes it
            }
        }
        List<Work> executing = new ArrayList<>();
        for (int i = 0; i < claimed.size(); i++) {
            if (won[0][i]) {
                executing.add(claimed.get(i));
            } else {
                LOG.infof("command %s was claimed by another executor; not executed here", claimed.get(i).commandId);
            }
        }

        // The quote responses: paper mode built and signed them (recorded by their hash); live sends them.
        for (Work w : executing) {
            w.sentAt = Instant.now();
            if ("paper".equals(mode)) {
                w.status = "SUCCEEDED";
                continue;
            }
            try {
                w.call = relay.send(w.rpcId, w.quoteResponse);
            } catch (RelayClient.NotSentException e) {
                w.status = "FAILED";
                w.errorCode = "NOT_SENT";
                w.errorReason = e.getMessage();
            }
        }
        List<ExecutionStore.Finish> outcomes = new ArrayList<>(executing.size());
        for (Work w : executing) {
            if (w.call != null) {
                RelayClient.Answer answer = w.call.await();
                w.answeredAt = answer.answered() ? Instant.now() : null;
                if (!answer.answered()) {
                    w.status = "IN_DOUBT";
                    w.errorCode = "LOST_AFTER_SEND";
                    w.errorReason = answer.error();
                } else if (answer.ok()) {
                    w.status = "SUCCEEDED";
                } else {
                    w.status = "REJECTED";
                    w.errorCode = "VENUE_ERROR";
                    w.errorReason = answer.error();
                }
            }
            w.result = result(w.command, w.status, received, w.sentAt, w.answeredAt, w.errorCode, w.errorReason,
                    venueRef(w.action.path("quote_id").asText(), w.quoteHash, w.nonce));
            outcomes.add(new ExecutionStore.Finish(w.commandId, "EXECUTING", owner, w.status, w.result, w.errorCode, w.errorReason));
        }

        long t4 = System.nanoTime();
        // Build and sign (before the claim) and send and await (after it): the venue phase.
        venuePhase.record((t2 - t1) + (t4 - t3), TimeUnit.NANOSECONDS);
        // (3) The outcomes.
        boolean[] recorded = store.inTransaction(c -> store.finish(c, outcomes));
        finishPhase.record(System.nanoTime() - t4, TimeUnit.NANOSECONDS);
        for (int i = 0; i < executing.size(); i++) {
            Work w = executing.get(i);
            if (!recorded[i]) {
                // Only reconciliation takes an EXECUTING row from its owner (lease run out): its outcome is published there.
                LOG.warnf("command %s left EXECUTING under another owner (reconciled?); its outcome is not published here", w.commandId);
                w.result = null;
                continue;
            }
            registry.counter("unrip_executor_results_total", "status", w.status).increment();
            // End to end, the figure a solver lives by: relay frame arrival to our quote response on the wire.
            frameToResponse.record(Duration.between(Instant.parse(w.command.path("observed_at").asText()), w.sentAt));
            if ("IN_DOUBT".equals(w.status)) {
                inDoubt.incrementAndGet();
            }
        }

        List<Message> results = new ArrayList<>(batch.size());
        for (Work w : batch) {
            String result = w.first == null ? w.result : (w.first.result == null ? null : republished(w.first.result, w.known.deliveries()));
            if (result != null) {
                w.in.setBody(setHeaders(w.in, result, w.commandId));
                results.add(w.in);
            }
        }
        return results;
    }

    /**
     * Executions whose owner died mid-way (EXECUTING past its lease) or that are IN_DOUBT: asked of
     * the venue (was the nonce used?), never re-sent. Returns the results to publish.
     */
    public List<String> reconcile() throws Exception {
        List<String> results = new ArrayList<>();
        long stillInDoubt = 0;
        for (ExecutionStore.Execution e : store.stale(100)) {
            JsonNode command = JSON.readTree(e.command());
            String status;
            String reason;
            Optional<Boolean> used = "live".equals(e.mode()) ? nonceUsed(e.nonce()) : Optional.of(false);
            if (used.isPresent() && used.get()) {
                status = "SUCCEEDED";
                reason = "reconciled: the venue accepted the quote (nonce used)";
            } else if (used.isPresent() && (Instant.now().isAfter(e.expiresAt()) || "paper".equals(e.mode()))) {
                status = "FAILED";
                reason = "reconciled: the executor died mid-execution and the venue never accepted the quote";
            } else {
                status = "IN_DOUBT";
                reason = used.isEmpty() ? "venue cannot be asked" : "venue has not seen it yet";
            }
            if ("IN_DOUBT".equals(status) && "IN_DOUBT".equals(e.state())) {
                stillInDoubt++;
                continue;
            }
            String result = result(command, status, Instant.now(), null, null,
                    "SUCCEEDED".equals(status) ? null : "RECONCILED", reason, venueRef(command.path("payload").path("action").path("quote_id").asText(), null, e.nonce()));
            if (store.finish(new ExecutionStore.Finish(e.commandId(), e.state(), null, status, result,
                    "SUCCEEDED".equals(status) ? null : "RECONCILED", reason))) {
                LOG.warnf("reconciled %s: %s -> %s (%s)", e.commandId(), e.state(), status, reason);
                registry.counter("unrip_executor_reconciled_total", "status", status).increment();
                results.add(result);
                if ("IN_DOUBT".equals(status)) {
                    stillInDoubt++;
                }
            }
        }
        inDoubt.set(stillInDoubt);
        return results;
    }

    private Optional<Boolean> nonceUsed(String nonceB64) {
        if (reconcileUrl.isEmpty() || nonceB64 == null) {
            return Optional.empty();
        }
        String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(nonceB64));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(reconcileUrl.get().replace("{nonce_hex}", hex)))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            return Optional.of(body.path("used").asBoolean(false) && "OK".equals(body.path("outcome").asText("OK")));
        } catch (Exception ex) {
            LOG.warnf("cannot ask the venue about nonce %s: %s", nonceB64, ex.getMessage());
            return Optional.empty();
        }
    }

    private String result(JsonNode command, String status, Instant received, Instant sentAt, Instant answeredAt,
                          String errorCode, String errorReason, TradeResults.VenueRef venueRef) {
        return TradeResults.result(command, SOURCE, mode, status, received, sentAt, answeredAt, errorCode, errorReason, venueRef).json();
    }

    private static TradeResults.VenueRef venueRef(String quoteId, String quoteHash, String nonce) {
        return new TradeResults.VenueRef(quoteId, quoteHash, nonce);
    }

    private static String republished(String stored, int deliveries) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(stored);
        ((ObjectNode) event.path("payload")).put("republished", true).put("delivery", Math.max(2, deliveries));
        return JSON.writeValueAsString(event);
    }

    /** Result headers for the exec.trade_result record (also used for reconciled results). */
    public String setHeaders(Message in, String result, String commandId) throws Exception {
        Events.address(in, new Mapped(commandId, (ObjectNode) JSON.readTree(result)));
        return result;
    }

    /** Sets the record key and headers of a reconciled result (body = result JSON). */
    public void prepareReconciled(Exchange exchange) throws Exception {
        String result = exchange.getMessage().getBody(String.class);
        setHeaders(exchange.getMessage(), result, JSON.readTree(result).path("payload").path("command_id").asText());
    }
}
