package dev.unrip.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One record of the control topic {@value #TOPIC} (schema {@code ctl.trading_state.v1}): the state
 * of one scope with who set it, why and when, written and read here only, by every writer (make
 * halt, the local stack, an automatic halt) and every reader (reactor, executor, make
 * trading-state). A record that breaks the schema's rules cannot be built: the constructor refuses
 * it, naming the field.
 *
 * <p>{@link #effective} is the one rule of what applies: the most restrictive of the global, venue
 * and strategy scopes, and HALTED while there is no global record at all (fail closed).
 */
public record TradingStateRecord(String scope, State state, String reason, String setBy, String setAt) {

    public static final String TOPIC = "ctl.trading_state";
    public static final String EVENT_TYPE = EventTypes.CTL_TRADING_STATE_V1;
    public static final String GLOBAL = "global";

    /** From the least to the most restrictive; {@link #ordinal()} is the gauge's value (0, 1, 2). */
    public enum State {
        ACTIVE,
        REDUCING,
        HALTED;

        /** The more restrictive of the two. */
        public State and(State other) {
            return other.ordinal() > ordinal() ? other : this;
        }
    }

    /** What applies to one (venue, strategy): the state, and the scope and record that decided it. */
    public record Effective(State state, String scope, String reason, String setBy, String setAt) {
        public boolean halted() {
            return state == State.HALTED;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SCOPE =
            Pattern.compile("^(global|venue:[a-z0-9]+(-[a-z0-9]+)*|strategy:[a-z0-9][a-z0-9_.-]*)$");
    private static final Pattern SET_BY = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._@-]*(/auto-halt)?$");
    private static final Pattern TIME = Pattern.compile(
            "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\.[0-9]{3,9}Z$");

    public TradingStateRecord {
        if (!isScope(scope)) {
            throw new IllegalArgumentException(
                    "scope must be global, venue:<venue> or strategy:<strategy_id>, was '" + scope + "'");
        }
        if (state == null) {
            throw new IllegalArgumentException("state must be ACTIVE, REDUCING or HALTED");
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason must be non-blank text of at most 500 characters, was '"
                    + (reason == null ? "" : reason) + "'");
        }
        if (setBy == null || setBy.length() > 64 || !SET_BY.matcher(setBy).matches()) {
            throw new IllegalArgumentException(
                    "set_by must be a user name or <app>/auto-halt (letters, digits, . _ @ -), was '" + setBy + "'");
        }
        if (setAt == null || !TIME.matcher(setAt).matches()) {
            throw new IllegalArgumentException(
                    "set_at must be UTC with milliseconds, e.g. 2026-12-03T10:15:00.123Z, was '" + setAt + "'");
        }
    }

    /** A state set now. */
    public static TradingStateRecord now(String scope, State state, String reason, String setBy) {
        return new TradingStateRecord(scope, state, reason, setBy, EventTime.now());
    }

    public static boolean isScope(String scope) {
        return scope != null && SCOPE.matcher(scope).matches();
    }

    public static String venueScope(String venue) {
        return "venue:" + venue;
    }

    public static String strategyScope(String strategyId) {
        return "strategy:" + strategyId;
    }

    /** The record value: the control envelope around the payload, with a new random id. */
    public ObjectNode event(String source) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("scope", scope);
        payload.put("state", state.name());
        payload.put("reason", reason);
        payload.put("set_by", setBy);
        payload.put("set_at", setAt);
        return ControlEnvelope.event(EVENT_TYPE, source, setAt, payload);
    }

    /** The record value as UTF-8 JSON bytes. */
    public static byte[] bytes(ObjectNode event) {
        return ControlEnvelope.bytes(event);
    }

    /** The Kafka headers of a record value built by {@link #event}: CloudEvents binary mode and the schema version. */
    public static Map<String, String> headers(JsonNode event) {
        return ControlEnvelope.headers(event);
    }

    /**
     * A record read from the topic: its key and value. Refused ({@link IllegalArgumentException},
     * naming what is wrong) when the value is not a ctl.trading_state.v1 event of major 1 or its
     * scope is not its key. Fields a later minor version adds are accepted.
     */
    public static TradingStateRecord parse(String key, byte[] value) {
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException(
                    "not a JSON object: " + (value == null ? "null" : new String(value, StandardCharsets.UTF_8)));
        }
        if (!EVENT_TYPE.equals(event.path("event_type").asText())) {
            throw new IllegalArgumentException("event_type must be " + EVENT_TYPE + ", was '"
                    + event.path("event_type").asText() + "'");
        }
        JsonNode p = event.path("payload");
        TradingStateRecord record = new TradingStateRecord(
                text(p, "scope"), state(text(p, "state")), text(p, "reason"), text(p, "set_by"), text(p, "set_at"));
        if (!record.scope().equals(key)) {
            throw new IllegalArgumentException(
                    "the record key '" + key + "' is not its payload's scope '" + record.scope() + "'");
        }
        return record;
    }

    /**
     * What applies to commands of {@code strategyId} on {@code venue} (either may be null: that
     * scope is not asked): the most restrictive of the global, venue and strategy records; a scope
     * without a record is ACTIVE, except global, which is HALTED until its first record (fail closed).
     */
    public static Effective effective(Function<String, TradingStateRecord> byScope, String venue, String strategyId) {
        TradingStateRecord global = byScope.apply(GLOBAL);
        Effective e = global == null
                ? new Effective(State.HALTED, GLOBAL, "no global trading state record yet (fail closed)", null, null)
                : global.asEffective();
        for (String scope : new String[] {
            venue == null ? null : venueScope(venue), strategyId == null ? null : strategyScope(strategyId)
        }) {
            TradingStateRecord r = scope == null ? null : byScope.apply(scope);
            if (r != null && r.state().ordinal() > e.state().ordinal()) {
                e = r.asEffective();
            }
        }
        return e;
    }

    public Effective asEffective() {
        return new Effective(state, scope, reason, setBy, setAt);
    }

    private static String text(JsonNode payload, String field) {
        JsonNode v = payload.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("payload." + field + " must be text, was " + v);
        }
        return v.asText();
    }

    private static State state(String text) {
        try {
            return State.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be ACTIVE, REDUCING or HALTED, was '" + text + "'");
        }
    }
}
