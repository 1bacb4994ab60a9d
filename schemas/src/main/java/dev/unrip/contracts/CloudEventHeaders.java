package dev.unrip.contracts;

/**
 * Kafka header names of the event envelope (docs/contracts.md, "Envelope and headers"):
 * CloudEvents 1.0 binary mode ({@code ce_*}), our own attributes ({@code unrip_*}) and the
 * dead-letter headers ({@code dlq_*}). Header values are UTF-8 text.
 */
public final class CloudEventHeaders {

    /** CloudEvents spec version; always {@link #SPEC_VERSION_VALUE}. */
    public static final String SPEC_VERSION = "ce_specversion";

    public static final String SPEC_VERSION_VALUE = "1.0";
    /** Event id; mirrors {@code event_id}. */
    public static final String ID = "ce_id";
    /** Event type with major, e.g. {@code norm.swap_demand.v1}; mirrors {@code event_type}. */
    public static final String TYPE = "ce_type";
    /** Producing route group, {@code unrip/<route group>}; mirrors {@code source}. */
    public static final String SOURCE = "ce_source";
    /** RFC 3339 UTC; mirrors {@code occurred_at} (raw records: the ingest time). */
    public static final String TIME = "ce_time";
    /** The schema's $id, {@link EventTypes#schemaId(String)}. */
    public static final String DATA_SCHEMA = "ce_dataschema";
    /** Content type of the record value, CloudEvents Kafka binding; always {@link #CONTENT_TYPE_JSON}. */
    public static final String CONTENT_TYPE = "content-type";

    public static final String CONTENT_TYPE_JSON = "application/json";

    /** Venue, e.g. {@code near-intents}; mirrors {@code venue}. */
    public static final String VENUE = "unrip_venue";
    /** When the venue said it; mirrors {@code observed_at}. */
    public static final String OBSERVED_AT = "unrip_observed_at";
    /** When the originating frame entered our system; mirrors {@code ingested_at}. */
    public static final String INGESTED_AT = "unrip_ingested_at";
    /** Id of the event this one derives from; mirrors {@code causation_id}. Absent on raw records. */
    public static final String CAUSATION_ID = "unrip_causation_id";
    /** major.minor of the schema the producer wrote; mirrors {@code schema_version}. */
    public static final String SCHEMA_VERSION = "unrip_schema_version";

    /** Why the record was rejected. */
    public static final String DLQ_REASON = "dlq_reason";
    /** Where: {@code <route group>[/<route id>]}. */
    public static final String DLQ_STAGE = "dlq_stage";
    /** Topic, partition and offset the record was consumed from (absent for WebSocket input). */
    public static final String DLQ_SOURCE_TOPIC = "dlq_source_topic";

    public static final String DLQ_SOURCE_PARTITION = "dlq_source_partition";
    public static final String DLQ_SOURCE_OFFSET = "dlq_source_offset";
    /** When it failed, RFC 3339 UTC. */
    public static final String DLQ_FAILED_AT = "dlq_failed_at";
    /** Fully qualified class of the exception. */
    public static final String DLQ_ERROR_CLASS = "dlq_error_class";

    private CloudEventHeaders() {}

    /**
     * The Kafka headers of one of our events (norm, cmd, exec): its envelope fields mirrored, so
     * consumers can route and filter without parsing the value.
     */
    public static java.util.Map<String, Object> mirror(com.fasterxml.jackson.databind.JsonNode event) {
        java.util.Map<String, Object> headers = new java.util.LinkedHashMap<>();
        String type = event.path("event_type").asText();
        headers.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        headers.put(ID, event.path("event_id").asText());
        headers.put(TYPE, type);
        headers.put(SOURCE, event.path("source").asText());
        headers.put(TIME, event.path("occurred_at").asText());
        headers.put(DATA_SCHEMA, EventTypes.schemaId(type));
        headers.put(CONTENT_TYPE, CONTENT_TYPE_JSON);
        headers.put(VENUE, event.path("venue").asText());
        headers.put(OBSERVED_AT, event.path("observed_at").asText());
        headers.put(INGESTED_AT, event.path("ingested_at").asText());
        headers.put(CAUSATION_ID, event.path("causation_id").asText());
        headers.put(SCHEMA_VERSION, event.path("schema_version").asText());
        return headers;
    }
}
