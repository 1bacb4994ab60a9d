package dev.unrip.relaysim;

import static dev.unrip.relaysim.HttpJson.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * A NEAR RPC node for the intents contract's views: JSON-RPC 2.0 over HTTP POST at {@code /rpc}
 * (endpoint name {@code default}) and {@code /rpc/{name}}, so a client configured with several RPC
 * URLs can be shown one failing (see {@link RpcFaults}) and another answering. Serves
 * {@code query} / {@code call_function} on the contract ({@link ContractViews}) in nearcore's
 * shapes, errors included, at the {@link Blocks} of the moment.
 */
@ApplicationScoped
public class RpcServer {

    public static final String DEFAULT_ENDPOINT = "default";

    private static final Logger LOG = Logger.getLogger(RpcServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINALITIES = Set.of("final", "optimistic", "near-final");
    private static final int MAX_COUNTED_NAMES = 1000;

    @Inject
    Vertx vertx;

    @Inject
    SimulatorConfig config;

    @Inject
    ContractViews views;

    @Inject
    RpcFaults faults;

    @Inject
    Blocks blocks;

    @Inject
    MeterRegistry registry;

    private final Map<String, Long> callsByEndpoint = new TreeMap<>();
    private final Map<String, Long> callsByMethod = new TreeMap<>();

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create().setBodyLimit(1 << 20);
        router.post("/rpc").handler(body).handler(rc -> call(rc, DEFAULT_ENDPOINT));
        router.post("/rpc/:endpoint").handler(body).handler(rc -> call(rc, rc.pathParam("endpoint")));
        LOG.infof("NEAR JSON-RPC: POST /rpc and /rpc/{endpoint}, views of %s", config.contractId());
    }

    private void call(RoutingContext rc, String endpoint) {
        JsonNode request = parse(rc.body() == null ? null : rc.body().asString());
        String method = methodName(request);
        count(endpoint, method);
        RpcFaults.Applied fault = faults.take(endpoint);
        if (fault == null) {
            outcome(endpoint, method, answer(rc, request));
            return;
        }
        JsonNode id = request == null ? null : request.get("id");
        switch (fault.mode()) {
            case "429" -> {
                rc.response().putHeader("Retry-After", "1");
                plain(rc, 429, "Too Many Requests");
            }
            case "unavailable" -> plain(rc, 503, "Service Unavailable");
            case "old-error" ->
                json(rc, 200, NearRpc.oldContractError(id, "HostError(GasLimitExceeded)", blocks.of(request)));
            case "malformed" -> malformed(rc, id, request, fault.nonJsonBody());
            default -> // timeout: the answer comes, late; the event loop never waits
                vertx.setTimer(Math.max(1, fault.delayMs()), t -> answer(rc, request));
        }
        outcome(endpoint, method, fault.mode().replace('-', '_'));
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Answers as a healthy node does; returns the outcome (the metric's label). */
    private String answer(RoutingContext rc, JsonNode request) {
        if (rc.response().ended() || rc.response().closed()) {
            return "client_gone"; // a delayed answer whose client gave up
        }
        JsonNode id = request == null ? null : request.get("id");
        if (request == null || !request.isObject()) {
            return validation(rc, NearRpc.parseError(null, "the body is not a JSON-RPC request object"));
        }
        if (!"query".equals(request.path("method").asText())) {
            return validation(
                    rc, NearRpc.methodNotFound(id, request.path("method").asText("")));
        }
        JsonNode params = request.path("params");
        String problem = invalidQuery(params);
        if (problem != null) {
            return validation(rc, NearRpc.parseError(id, problem));
        }
        byte[] args;
        try {
            args = Base64.getDecoder().decode(params.path("args_base64").asText());
        } catch (IllegalArgumentException e) {
            return validation(rc, NearRpc.parseError(id, "args_base64 is not base64: " + e.getMessage()));
        }
        NearRpc.Block block = blocks.of(request);
        JsonNode blockId = params.path("block_id");
        if (blockId.isNumber() && blockId.asLong() > blocks.head()) {
            ObjectNode info = JSON.createObjectNode();
            info.putObject("block_reference").put("block_id", blockId.asLong());
            json(rc, 200, NearRpc.handlerError(id, "UNKNOWN_BLOCK", info, "DB Not Found Error: BLOCK HEIGHT"));
            return "handler_error";
        }
        String account = params.path("account_id").asText();
        if (!account.equals(config.contractId())) {
            ObjectNode info = JSON.createObjectNode().put("requested_account_id", account);
            info.put("block_height", block.height());
            info.put("block_hash", block.hash());
            String data = "account " + account + " does not exist while viewing";
            json(rc, 200, NearRpc.handlerError(id, "UNKNOWN_ACCOUNT", info, data));
            return "handler_error";
        }
        try {
            JsonNode value = views.call(params.path("method_name").asText(), args);
            json(rc, 200, NearRpc.result(id, JSON.writeValueAsBytes(value), block));
            return "ok";
        } catch (ContractViews.ContractError e) {
            json(
                    rc,
                    200,
                    config.rpcOldErrors()
                            ? NearRpc.oldContractError(id, e.getMessage(), block)
                            : NearRpc.contractError(id, e.getMessage(), block));
            return "contract_error";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What makes params not a call_function query this node serves; null when they are one. */
    private static String invalidQuery(JsonNode params) {
        if (!params.isObject()) {
            return "params is not an object";
        }
        String type = params.path("request_type").asText("");
        if (!type.equals("call_function")) {
            return type.isEmpty()
                    ? "missing field `request_type`"
                    : "request_type `" + type + "` is not served by the relay simulator (only call_function)";
        }
        boolean finality = FINALITIES.contains(params.path("finality").asText());
        boolean blockId = params.path("block_id").isIntegralNumber()
                || params.path("block_id").isTextual();
        if (finality == blockId) {
            return "exactly one of `finality` (final, optimistic) and `block_id` is needed";
        }
        for (String field : new String[] {"account_id", "method_name", "args_base64"}) {
            if (!params.path(field).isTextual()) {
                return "missing field `" + field + "`";
            }
        }
        return null;
    }

    /** Malformed on purpose, alternating: result bytes that are not JSON, then a body that is not JSON. */
    private void malformed(RoutingContext rc, JsonNode id, JsonNode request, boolean nonJsonBody) {
        if (nonJsonBody) {
            rc.response().setStatusCode(200).putHeader("content-type", "application/json");
            rc.response()
                    .end("{\"jsonrpc\":\"2.0\",\"id\":" + (id == null ? "null" : id)
                            + ",\"result\":{\"result\":[123,34");
        } else {
            json(rc, 200, NearRpc.result(id, "{\"trunc".getBytes(StandardCharsets.UTF_8), blocks.of(request)));
        }
    }

    private static String validation(RoutingContext rc, ObjectNode error) {
        json(rc, 400, error); // nearcore answers REQUEST_VALIDATION_ERROR with HTTP 400
        return "validation_error";
    }

    // Counting

    /** The view's method_name for a call_function query, else the JSON-RPC method. */
    private static String methodName(JsonNode request) {
        if (request == null || !request.isObject()) {
            return "(unparsable)";
        }
        JsonNode params = request.path("params");
        if ("query".equals(request.path("method").asText())
                && "call_function".equals(params.path("request_type").asText())
                && params.path("method_name").isTextual()) {
            return params.path("method_name").asText();
        }
        return request.path("method").asText("(no method)");
    }

    private synchronized void count(String endpoint, String method) {
        merge(callsByEndpoint, endpoint);
        merge(callsByMethod, method);
    }

    private static void merge(Map<String, Long> counts, String name) {
        counts.merge(counts.size() >= MAX_COUNTED_NAMES && !counts.containsKey(name) ? "(other)" : name, 1L, Long::sum);
    }

    private void outcome(String endpoint, String method, String outcome) {
        registry.counter(
                        "relay_sim_rpc_calls_total",
                        "endpoint",
                        endpoint,
                        "method",
                        ContractViews.METHODS.contains(method) ? method : "other",
                        "outcome",
                        outcome)
                .increment();
    }

    /** Into /control/stats: {@code rpc_calls} per endpoint, {@code rpc_methods} per view method. */
    public synchronized void stats(ObjectNode stats) {
        ObjectNode calls = stats.putObject("rpc_calls");
        callsByEndpoint.forEach(calls::put);
        ObjectNode methods = stats.putObject("rpc_methods");
        callsByMethod.forEach(methods::put);
    }

    public synchronized void reset() {
        callsByEndpoint.clear();
        callsByMethod.clear();
    }

    private static void plain(RoutingContext rc, int status, String body) {
        HttpServerResponse response = rc.response();
        response.setStatusCode(status).putHeader("content-type", "text/plain").end(body);
    }
}
