package dev.unrip.relaysim;

import static dev.unrip.relaysim.HttpJson.body;
import static dev.unrip.relaysim.HttpJson.json;
import static dev.unrip.relaysim.HttpJson.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The control calls for the chain side (README.md lists them): the contract's salts, balances and
 * registered keys, and the faults of the JSON-RPC endpoints. Tests set the contract's state here
 * instead of through transactions the simulator does not take.
 */
@ApplicationScoped
public class ChainControlApi {

    private static final Logger LOG = Logger.getLogger(ChainControlApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AMOUNT = Pattern.compile("-?[0-9]+");

    @Inject
    Salts salts;

    @Inject
    Chain chain;

    @Inject
    RpcFaults faults;

    void register(@Observes Router router) {
        // Its own body handler: which observer adds its routes first is not defined (a second one passes through).
        Handler<RoutingContext> body = BodyHandler.create().setBodyLimit(1 << 20);
        router.get("/control/salt").handler(rc -> json(rc, 200, salts.view()));
        router.post("/control/salt/rotate").handler(body).handler(this::rotate);
        router.post("/control/salt/invalidate/:salt").handler(body).handler(this::invalidate);
        router.get("/control/balances/:account")
                .handler(rc -> json(rc, 200, chain.balancesView(rc.pathParam("account"))));
        router.put("/control/balances/:account").handler(body).handler(this::setBalances);
        router.get("/control/keys").handler(rc -> json(rc, 200, chain.keysView()));
        router.post("/control/keys").handler(body).handler(rc -> key(rc, true));
        router.delete("/control/keys").handler(body).handler(rc -> key(rc, false));
        router.get("/control/rpc/faults").handler(rc -> json(rc, 200, faults.view()));
        router.post("/control/rpc/faults").handler(body).handler(this::setFault);
        router.delete("/control/rpc/faults").handler(rc -> {
            faults.clear();
            json(rc, 200, JSON.createObjectNode().put("cleared", true));
        });
    }

    private void rotate(RoutingContext rc) {
        boolean invalidate = "true".equals(rc.queryParams().get("invalidate"));
        String salt = salts.rotate(invalidate);
        LOG.infof("salt rotated to %s%s", salt, invalidate ? ", the previous one invalidated" : "");
        json(rc, 200, salts.view());
    }

    private void invalidate(RoutingContext rc) {
        String salt = rc.pathParam("salt").toLowerCase();
        if (!Salts.HEX8.matcher(salt).matches()) {
            json(rc, 400, problem("a salt is 4 bytes as 8 hex digits"));
        } else if (!salts.invalidate(salt)) {
            json(rc, 404, problem("not a valid salt: " + salt));
        } else {
            LOG.infof("salt %s invalidated", salt);
            json(rc, 200, salts.view());
        }
    }

    /** {"token":"amount",...}: the account's balances become exactly these. */
    private void setBalances(RoutingContext rc) {
        JsonNode in = body(rc, null);
        if (in == null) {
            json(rc, 400, problem("the body is {\"token\":\"amount\",...}"));
            return;
        }
        Map<String, BigInteger> amounts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) in::fields) {
            String amount = e.getValue().isIntegralNumber() || e.getValue().isTextual()
                    ? e.getValue().asText()
                    : "";
            if (!AMOUNT.matcher(amount).matches()) {
                json(rc, 400, problem("the amount of " + e.getKey() + " is not a decimal integer"));
                return;
            }
            amounts.put(e.getKey(), new BigInteger(amount));
        }
        chain.setBalances(rc.pathParam("account"), amounts);
        json(rc, 200, chain.balancesView(rc.pathParam("account")));
    }

    /** {"account_id","public_key"}: registers (POST) or removes (DELETE) the key. */
    private void key(RoutingContext rc, boolean add) {
        JsonNode in = body(rc, null);
        String account = in == null ? "" : in.path("account_id").asText("");
        String key = in == null ? "" : in.path("public_key").asText("");
        if (account.isEmpty() || !key.startsWith("ed25519:")) {
            json(rc, 400, problem("the body is {\"account_id\":\"...\",\"public_key\":\"ed25519:<base58>\"}"));
            return;
        }
        ObjectNode out = JSON.createObjectNode().put("account_id", account).put("public_key", key);
        if (add) {
            chain.addKey(account, key);
        } else {
            out.put("removed", chain.removeKey(account, key));
        }
        out.put("registered", chain.hasPublicKey(account, key));
        json(rc, 200, out);
    }

    /** {"endpoint","mode","count","delay_ms"}: see {@link RpcFaults}. */
    private void setFault(RoutingContext rc) {
        JsonNode in = body(rc, null);
        String endpoint = in == null ? "" : in.path("endpoint").asText("");
        String mode = in == null ? "" : in.path("mode").asText("");
        JsonNode count = in == null ? null : in.get("count");
        JsonNode delay = in == null ? null : in.get("delay_ms");
        if (endpoint.isEmpty()
                || !RpcFaults.MODES.contains(mode)
                || (count != null && !(count.isIntegralNumber() && count.asLong() > 0))
                || (delay != null && !(delay.isIntegralNumber() && delay.asLong() >= 0))) {
            json(
                    rc,
                    400,
                    problem("the body is {\"endpoint\":\"name\"|\"*\",\"mode\":" + RpcFaults.MODES
                            + ",\"count\":N>0 (optional),\"delay_ms\":N (optional)}"));
            return;
        }
        ObjectNode fault = faults.set(
                endpoint, mode, count == null ? null : count.asLong(), delay == null ? null : delay.asLong());
        LOG.infof("RPC fault on %s: %s%s", endpoint, mode, count == null ? "" : " for " + count.asLong() + " call(s)");
        json(rc, 200, fault);
    }
}
