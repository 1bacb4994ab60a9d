package dev.unrip.nearintents.chain;

/**
 * A NEAR JSON-RPC call that yielded no value, with what kind of failure it was. Only {@link
 * Kind#transient_()} kinds are worth asking another endpoint; the others are the chain's answer.
 */
public final class RpcError extends Exception {

    /** The kinds, as the metric label {@code kind} names them. */
    public enum Kind {
        /** No answer within the timeout (or the connection could not be made in time). */
        TIMEOUT,
        /** HTTP 429: the endpoint rate-limits us; it is skipped for a backoff. */
        RATE_LIMITED,
        /** The endpoint cannot answer: connection refused, HTTP 5xx or another non-200 status. */
        UNAVAILABLE,
        /** The node could not serve the request (error.name HANDLER_ERROR, e.g. UNKNOWN_BLOCK, UNKNOWN_ACCOUNT). */
        HANDLER_ERROR,
        /**
         * The contract call failed: error.cause CONTRACT_EXECUTION_ERROR, or the older shape, an HTTP
         * 200 {@code result} holding an {@code error} string and no result bytes.
         */
        CONTRACT_ERROR,
        /** The request itself was refused (REQUEST_VALIDATION_ERROR, INTERNAL_ERROR, another JSON-RPC error). */
        REQUEST_ERROR,
        /** An answer that is not what the protocol says: not JSON, no result bytes, bytes that are not the expected JSON. */
        MALFORMED;

        /** Worth another endpoint: the next one may answer. The chain's own answers are not. */
        public boolean transient_() {
            return this == TIMEOUT || this == RATE_LIMITED || this == UNAVAILABLE || this == MALFORMED;
        }

        public String label() {
            return name().toLowerCase();
        }
    }

    private final Kind kind;
    private final String endpoint;
    private final byte[] answer;

    public RpcError(Kind kind, String endpoint, String message) {
        this(kind, endpoint, message, null);
    }

    /** @param answer the answer's exact bytes, when there was one: the evidence a dead letter keeps */
    public RpcError(Kind kind, String endpoint, String message, byte[] answer) {
        super(message);
        this.kind = kind;
        this.endpoint = endpoint;
        this.answer = answer;
    }

    /** The exact answer the node sent, or null (no answer: a timeout, a refused connection, an HTTP error). */
    public byte[] answer() {
        return answer == null ? null : answer.clone();
    }

    public Kind kind() {
        return kind;
    }

    /** The endpoint that failed last (for logs and the preflight table); null when none was tried. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String getMessage() {
        return kind.label() + (endpoint == null ? "" : " from " + endpoint) + ": " + super.getMessage();
    }
}
