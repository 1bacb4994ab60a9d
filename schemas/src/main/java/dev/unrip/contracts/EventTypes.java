package dev.unrip.contracts;

/**
 * The event types (CloudEvents {@code type}, with major) and where their schemas are: one
 * schema per type, {@code $id} {@link #schemaId(String)}, on the class path at
 * {@link #classpathSchema(String)} (for Camel: {@code json-validator:classpath:schemas/<type>.schema.json}).
 */
public final class EventTypes {

    public static final String RAW_NEAR_INTENTS_QUOTE_V1 = "raw.near_intents.quote.v1";
    public static final String RAW_NEAR_INTENTS_QUOTE_STATUS_V1 = "raw.near_intents.quote_status.v1";
    /** The NEAR RPC's answer to mt_batch_balance_of; the query is in {@link NearIntentsHeaders}. */
    public static final String RAW_NEAR_INTENTS_BALANCE_V1 = "raw.near_intents.balance.v1";
    /** A Binance spot partial book depth frame of the combined stream, byte for byte. */
    public static final String RAW_BINANCE_DEPTH_V1 = "raw.binance.depth.v1";

    public static final String NORM_SWAP_DEMAND_V1 = "norm.swap_demand.v1";
    public static final String NORM_QUOTE_STATUS_V1 = "norm.quote_status.v1";
    public static final String NORM_BALANCE_V1 = "norm.balance.v1";
    /** The top of one instrument's book on a reference market (Binance). */
    public static final String NORM_ORDER_BOOK_V1 = "norm.order_book.v1";

    public static final String CMD_EXECUTE_TRADE_V1 = "cmd.execute_trade.v1";
    public static final String EXEC_TRADE_RESULT_V1 = "exec.trade_result.v1";
    /** The trading state of one scope (the control topic ctl.trading_state; TradingStateRecord). */
    public static final String CTL_TRADING_STATE_V1 = "ctl.trading_state.v1";
    /** The risk limits of one strategy (the control topic ctl.risk_limits; RiskLimits in routes/mapping). */
    public static final String CTL_RISK_LIMITS_V1 = "ctl.risk_limits.v1";
    /** Not an event type of its own: the schema of the dead-letter header set. */
    public static final String DLQ_RECORD_V1 = "dlq.record.v1";

    private static final String SCHEMA_BASE = "https://unrip.dev/schemas/";

    private EventTypes() {}

    /** The schema's stable $id, also the {@code ce_dataschema} header value. */
    public static String schemaId(String eventType) {
        return SCHEMA_BASE + eventType + ".schema.json";
    }

    /** The schema's resource path on the class path (no leading slash). */
    public static String classpathSchema(String eventType) {
        return "schemas/" + eventType + ".schema.json";
    }
}
