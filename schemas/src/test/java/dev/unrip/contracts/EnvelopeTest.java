package dev.unrip.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    @Test
    void timesAreUtcWithExactlyMilliseconds() {
        assertEquals("2026-11-25T10:00:00.000Z", EventTime.format(Instant.parse("2026-11-25T10:00:00Z")));
        assertEquals("2026-11-25T10:00:00.123Z", EventTime.format(Instant.parse("2026-11-25T10:00:00.123987Z")));
        assertTrue(EventTime.now().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
    }

    @Test
    void dataSchemaHeaderIsTheSchemaId() {
        assertEquals(
                "https://unrip.dev/schemas/norm.swap_demand.v1.schema.json",
                EventTypes.schemaId(EventTypes.NORM_SWAP_DEMAND_V1));
        assertEquals(
                "schemas/cmd.execute_trade.v1.schema.json",
                EventTypes.classpathSchema(EventTypes.CMD_EXECUTE_TRADE_V1));
    }

    @Test
    void headerNamesAreCloudEventsKafkaBindingNames() {
        assertEquals("ce_specversion", CloudEventHeaders.SPEC_VERSION);
        assertEquals("1.0", CloudEventHeaders.SPEC_VERSION_VALUE);
        assertEquals("ce_id", CloudEventHeaders.ID);
        assertEquals("ce_type", CloudEventHeaders.TYPE);
        assertEquals("ce_source", CloudEventHeaders.SOURCE);
        assertEquals("ce_time", CloudEventHeaders.TIME);
        assertEquals("ce_dataschema", CloudEventHeaders.DATA_SCHEMA);
        assertEquals("content-type", CloudEventHeaders.CONTENT_TYPE);
    }
}
