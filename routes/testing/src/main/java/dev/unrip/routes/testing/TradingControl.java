package dev.unrip.routes.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.TradingStateRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sets a scope's trading state on the test broker as `make halt` / `make resume` do: a real ctl.trading_state record. */
public final class TradingControl {

    private TradingControl() {}

    /** Writes the record and returns once the broker has it. */
    public static TradingStateRecord set(String scope, TradingStateRecord.State state, String reason) throws Exception {
        TradingStateRecord record = TradingStateRecord.now(scope, state, reason, "test");
        ObjectNode event = record.event("unrip/test");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        TradingStateRecord.headers(event).forEach((k, v) -> headers.put(k, v.getBytes(StandardCharsets.UTF_8)));
        new Topics(KafkaBrokerResource.bootstrapServers())
                .send(TradingStateRecord.TOPIC, scope, TradingStateRecord.bytes(event), headers);
        return record;
    }
}
