package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Faults injected into the JSON-RPC endpoints, per endpoint name ({@code /rpc} is
 * {@code default}, {@code /rpc/a} is {@code a}; {@code *} is every endpoint without a fault of its
 * own), so a client with several RPC URLs can be shown one failing and the next one healthy. A
 * fault lasts for {@code count} calls, or until cleared.
 */
@ApplicationScoped
public class RpcFaults {

    public static final String ANY = "*";
    public static final Set<String> MODES = Set.of("none", "429", "timeout", "old-error", "malformed", "unavailable");
    static final long DEFAULT_DELAY_MS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to do to one call: a mode other than none, its delay, and which malformed body (it alternates). */
    public record Applied(String mode, long delayMs, boolean nonJsonBody) {}

    private static final class Fault {
        final String mode;
        final Long count; // null: until cleared
        final long delayMs;
        long left;
        long applied;

        Fault(String mode, Long count, long delayMs) {
            this.mode = mode;
            this.count = count;
            this.left = count == null ? -1 : count;
            this.delayMs = delayMs;
        }
    }

    private final Map<String, Fault> faults = new TreeMap<>();

    /**
     * Sets the fault of an endpoint ({@code *}: of every endpoint without its own). {@code none}
     * on an endpoint keeps it healthy while {@code *} is set; {@code none} on {@code *} clears all.
     */
    public synchronized ObjectNode set(String endpoint, String mode, Long count, Long delayMs) {
        if (mode.equals("none") && endpoint.equals(ANY)) {
            faults.clear();
        } else {
            faults.put(endpoint, new Fault(mode, count, delayMs == null ? DEFAULT_DELAY_MS : delayMs));
        }
        return view(endpoint, faults.get(endpoint));
    }

    /** The fault for this call on the endpoint, counted as used; null when the call is served as usual. */
    public synchronized Applied take(String endpoint) {
        String key = faults.containsKey(endpoint) ? endpoint : ANY;
        Fault fault = faults.get(key);
        if (fault == null) {
            return null;
        }
        if (fault.left > 0 && --fault.left == 0) {
            faults.remove(key);
        }
        long n = fault.applied++;
        return fault.mode.equals("none") ? null : new Applied(fault.mode, fault.delayMs, n % 2 == 1);
    }

    public synchronized void clear() {
        faults.clear();
    }

    /** {@code {"faults":{"endpoint":{"mode","count","remaining","delay_ms","applied"}}}} */
    public synchronized ObjectNode view() {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode all = out.putObject("faults");
        faults.forEach((endpoint, fault) -> all.set(endpoint, view(endpoint, fault)));
        return out;
    }

    private static ObjectNode view(String endpoint, Fault fault) {
        ObjectNode out = JSON.createObjectNode();
        out.put("endpoint", endpoint);
        out.put("mode", fault == null ? "none" : fault.mode);
        if (fault == null || fault.count == null) {
            out.putNull("count");
            out.putNull("remaining");
        } else {
            out.put("count", fault.count);
            out.put("remaining", fault.left);
        }
        out.put("delay_ms", fault != null && fault.mode.equals("timeout") ? fault.delayMs : null);
        out.put("applied", fault == null ? 0 : fault.applied);
        return out;
    }
}
