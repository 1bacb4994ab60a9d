package dev.unrip.mapping.reactor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.mapping.Envelope;

/** A norm.swap_demand.v1 event for the strategy tests: answer due 2026-11-25T10:00:03Z, min deadline 60 s. */
final class Demands {

    static final String NEAR = "nep141:wrap.near";
    static final String USDT = "nep141:usdt.tether-token.near";
    static final String ETH = "nep141:eth.omft.near";

    private Demands() {}

    static ObjectNode demand(String in, String out, String side, String amount) {
        return demand("q-1", "88dfb2bb-125d-840e-861e-51c1c770b07a", in, out, side, amount);
    }

    static ObjectNode demand(String quoteId, String eventId, String in, String out, String side, String amount) {
        ObjectNode payload = Envelope.object();
        payload.put("request_id", quoteId);
        payload.putObject("asset_in").put("venue_id", in);
        payload.putObject("asset_out").put("venue_id", out);
        payload.put("side", side);
        payload.put("amount", amount);
        payload.put("min_deadline_ms", 60000);
        payload.put("answer_deadline", "2026-11-25T10:00:03.000Z");
        return Envelope.event(
                eventId,
                "norm.swap_demand.v1",
                "near-intents",
                "unrip/near-intents-normalize",
                "2026-11-25T10:00:00.002Z",
                "2026-11-25T10:00:00.000Z",
                "2026-11-25T10:00:00.002Z",
                "56f1073e-ded2-8c81-9a36-63382ddc76c3",
                payload);
    }
}
