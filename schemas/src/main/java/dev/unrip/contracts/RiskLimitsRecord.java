package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A ctl.risk_limits.v1 record: the risk limits of one strategy, keyed by its id, as make
 * risk-limits (and the tests) write them. The reactor reads the latest per strategy and parses
 * the limits document (RiskLimits in routes/mapping), refusing it whole when it does not parse.
 */
public final class RiskLimitsRecord {

    public static final String TOPIC = "ctl.risk_limits";
    public static final String EVENT_TYPE = EventTypes.CTL_RISK_LIMITS_V1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RiskLimitsRecord() {}

    /** The record value (key: the strategy id). */
    public static ObjectNode event(String strategyId, JsonNode limits, String reason, String setBy, String source) {
        String at = EventTime.now();
        ObjectNode payload = JSON.createObjectNode();
        payload.put("strategy_id", strategyId);
        payload.set("limits", limits);
        payload.put("reason", reason);
        payload.put("set_by", setBy);
        payload.put("set_at", at);
        return ControlEnvelope.event(EVENT_TYPE, source, at, payload);
    }
}
