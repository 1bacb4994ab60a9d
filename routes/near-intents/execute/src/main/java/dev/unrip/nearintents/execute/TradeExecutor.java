package dev.unrip.nearintents.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    ExecutionStore store;
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
    private Timer frameToResponse;

    /** Meters are built once, when the bean is created, not per command. */
    @PostConstruct
    void meters() {
        frameToResponse = Timer.builder("unrip_executor_frame_to_response").description("relay frame arrival (observed_at) to the quote response sent")
                .tag("mode", mode).publishPercentileHistogram().register(registry);
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
        registry.gauge("unrip_executor_in_doubt", inDoubt);
        // Visible at 0 from the start, so an alert on their rate has a series to look at.
        registry.counter("unrip_executor_duplicates_suppressed_total");
        registry.counter("unrip_executor_reconciled_total", "status", "SUCCEEDED");
        LOG.infof("executor %s in %s mode, signer %s", owner, mode, key.publicKey());
    }

    /** The command on the exchange → its result event (JSON), or null when another executor owns it. */
    public String execute(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String commandJson = in.getBody(String.class);
        JsonNode command = JSON.readTree(commandJson);
        JsonNode payload = command.path("payload");
        String commandId = payload.path("command_id").asText();
        Instant received = Instant.now();
        Instant expiresAt = Instant.parse(payload.path("expires_at").asText());
        boolean duplicate = Boolean.TRUE.equals(exchange.getProperty(Exchange.DUPLICATE_MESSAGE, Boolean.class));

        ExecutionStore.Received known = store.receive(commandId, payload.path("idempotency_key").asText(),
                payload.path("execution_key").asText(), payload.path("action").path("quote_id").asText(), mode, commandJson, expiresAt);
        if (!known.fresh() || duplicate) {
            registry.counter("unrip_executor_duplicates_suppressed_total").increment();
        }
        if (!known.fresh()) {
            if (known.result() != null) {
                // Already decided: the same outcome again, so downstream sees one outcome per command.
                return setHeaders(in, republished(known.result(), known.deliveries()), commandId);
            }
            if (!"RECEIVED".equals(known.state())) {
                // EXECUTING under a live or dead owner: its outcome comes from that owner or from reconciliation.
                LOG.infof("command %s is %s with %s; not executed again", commandId, known.state(), known.owner());
                return null;
            }
            // RECEIVED: a previous delivery recorded it and stopped before claiming it; nothing was sent.
        }
        if (received.isAfter(expiresAt)) {
            String result = result(command, "EXPIRED", received, null, null, "DEADLINE_PASSED", "command past its expiry " + expiresAt,
                    venueRef(payload.path("action").path("quote_id").asText(), null, null));
            if (store.expire(commandId, result)) {
                registry.counter("unrip_executor_results_total", "status", "EXPIRED").increment();
                return setHeaders(in, result, commandId);
            }
            return null;
        }

        JsonNode action = payload.path("action");
        Instant quoteDeadline = Instant.parse(action.path("quote_deadline").asText());
        BigDecimal maxOut = new BigDecimal(payload.path("limits").path("max_amount_out").asText("0"));
        if (new BigDecimal(action.path("amount_out").asText()).compareTo(maxOut) > 0) {
            String result = result(command, "REJECTED", received, null, null, "LIMIT_EXCEEDED",
                    "amount_out above limits.max_amount_out " + maxOut, venueRef(action.path("quote_id").asText(), null, null));
            if (store.finish(commandId, "RECEIVED", null, "REJECTED", result, "LIMIT_EXCEEDED", "amount_out above the limit")) {
                registry.counter("unrip_executor_results_total", "status", "REJECTED").increment();
                return setHeaders(in, result, commandId);
            }
            return null;
        }
        // The venue-side idempotency key: the nonce ends with the command's idempotency key.
        byte[] nonce = VersionedNonce.derive(payload.path("idempotency_key").asText(), HexFormat.of().parseHex(saltHex), quoteDeadline);
        long rpcId = relay.nextId();
        String quoteResponse = QuoteResponse.request(rpcId, action.path("quote_id").asText(), action.path("asset_in").asText(),
                action.path("asset_out").asText(), action.path("amount_in").asText(), action.path("amount_out").asText(),
                "EXACT_IN".equals(action.path("side").asText()), solverAccount, quoteDeadline, nonce, key);
        String quoteHash = QuoteResponse.quoteHash(quoteResponse);
        String nonceB64 = Base64.getEncoder().encodeToString(nonce);
        if (!store.claim(commandId, owner, Instant.now().plusMillis(leaseMs), nonceB64, quoteHash)) {
            LOG.infof("command %s was claimed by another executor; not executed here", commandId);
            return null;
        }

        String status;
        String errorCode = null;
        String errorReason = null;
        Instant sentAt = Instant.now();
        Instant answeredAt = null;
        if ("paper".equals(mode)) {
            status = "SUCCEEDED"; // built, signed and recorded (the stored command + quote hash), not sent
        } else {
            try {
                RelayClient.Answer answer = relay.call(rpcId, quoteResponse);
                answeredAt = answer.answered() ? Instant.now() : null;
                if (!answer.answered()) {
                    status = "IN_DOUBT";
                    errorCode = "LOST_AFTER_SEND";
                    errorReason = answer.error();
                } else if (answer.ok()) {
                    status = "SUCCEEDED";
                } else {
                    status = "REJECTED";
                    errorCode = "VENUE_ERROR";
                    errorReason = answer.error();
                }
            } catch (RelayClient.NotSentException e) {
                status = "FAILED";
                errorCode = "NOT_SENT";
                errorReason = e.getMessage();
            }
        }
        String result = result(command, status, received, sentAt, answeredAt, errorCode, errorReason,
                venueRef(action.path("quote_id").asText(), quoteHash, nonceB64));
        if (!store.finish(commandId, "EXECUTING", owner, status, result, errorCode, errorReason)) {
            throw new IllegalStateException("command " + commandId + " left EXECUTING under another owner; not publishing");
        }
        registry.counter("unrip_executor_results_total", "status", status).increment();
        // End to end, the figure a solver lives by: relay frame arrival to our quote response on the wire.
        frameToResponse.record(Duration.between(Instant.parse(command.path("observed_at").asText()), sentAt));
        if ("IN_DOUBT".equals(status)) {
            inDoubt.incrementAndGet();
        }
        return setHeaders(in, result, commandId);
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
            if (store.finish(e.commandId(), e.state(), null, status, result, "SUCCEEDED".equals(status) ? null : "RECONCILED", reason)) {
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

    /** Commits the record's offset: called by the route after the result is on the broker. */
    public void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null) {
            manual.commit();
        }
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
                          String errorCode, String errorReason, ObjectNode venueRef) throws Exception {
        String commandId = command.path("payload").path("command_id").asText();
        ObjectNode timings = JSON.createObjectNode();
        timings.put("command_received_at", EventTime.format(received));
        timings.put("executed_at", "SUCCEEDED".equals(status) || sentAt != null ? EventTime.now() : null);
        timings.put("sent_at", sentAt == null ? null : EventTime.format(sentAt));
        timings.put("answered_at", answeredAt == null ? null : EventTime.format(answeredAt));
        ObjectNode payload = JSON.createObjectNode();
        payload.put("result_id", EventIds.resultId(commandId));
        payload.put("command_id", commandId);
        payload.put("status", status);
        payload.put("mode", mode);
        payload.put("republished", false);
        payload.put("delivery", 1);
        payload.set("venue_ref", venueRef);
        payload.set("timings", timings);
        if (errorCode != null) {
            ObjectNode error = JSON.createObjectNode();
            error.put("code", errorCode);
            error.put("reason", errorReason == null ? "" : errorReason);
            payload.set("error", error);
        } else {
            payload.putNull("error");
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("event_id", EventIds.resultId(commandId));
        event.put("event_type", "exec.trade_result.v1");
        event.put("schema_version", "1.0");
        event.put("venue", command.path("venue").asText());
        event.put("source", "unrip/near-intents-execute");
        event.put("occurred_at", EventTime.now());
        event.put("observed_at", command.path("observed_at").asText());
        event.put("ingested_at", command.path("ingested_at").asText());
        event.put("causation_id", commandId);
        event.set("payload", payload);
        return JSON.writeValueAsString(event);
    }

    private static ObjectNode venueRef(String quoteId, String quoteHash, String nonce) {
        ObjectNode ref = JSON.createObjectNode();
        ref.put("quote_id", quoteId);
        ref.put("quote_hash", quoteHash);
        ref.put("nonce", nonce);
        return ref;
    }

    private static String republished(String stored, int deliveries) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(stored);
        ((ObjectNode) event.path("payload")).put("republished", true).put("delivery", Math.max(2, deliveries));
        return JSON.writeValueAsString(event);
    }

    /** Result headers for the exec.trade_result record (also used for reconciled results). */
    public String setHeaders(Message in, String result, String commandId) throws Exception {
        in.removeHeaders("ce_*");
        in.removeHeaders("unrip_*");
        in.getHeaders().putAll(CloudEventHeaders.mirror(JSON.readTree(result)));
        in.setHeader(KafkaConstants.KEY, commandId);
        return result;
    }

    /** Sets the record key and headers of a reconciled result (body = result JSON). */
    public void prepareReconciled(Exchange exchange) throws Exception {
        String result = exchange.getMessage().getBody(String.class);
        setHeaders(exchange.getMessage(), result, JSON.readTree(result).path("payload").path("command_id").asText());
    }
}
