package dev.unrip.contracts;

/**
 * Kafka header names of the event envelope: CloudEvents 1.0 binary mode ({@code ce_*}) plus our
 * own attributes ({@code unrip_*}), and the dead-letter headers ({@code dlq_*}).
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String VENUE = "unrip_venue";
    public static final String OBSERVED_AT = "unrip_observed_at";
    public static final String INGESTED_AT = "unrip_ingested_at";
    public static final String CAUSATION_ID = "unrip_causation_id";

    public static final String DLQ_REASON = "dlq_reason";
    public static final String DLQ_STAGE = "dlq_stage";
    public static final String DLQ_SOURCE_TOPIC = "dlq_source_topic";
    public static final String DLQ_SOURCE_PARTITION = "dlq_source_partition";
    public static final String DLQ_SOURCE_OFFSET = "dlq_source_offset";
    public static final String DLQ_FAILED_AT = "dlq_failed_at";
    public static final String DLQ_ERROR_CLASS = "dlq_error_class";

    private CloudEventHeaders() {
    }
}
