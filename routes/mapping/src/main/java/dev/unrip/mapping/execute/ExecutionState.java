package dev.unrip.mapping.execute;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The explicit states of one execution (../shared/DESIGN.md "Execution safety"):
 * RECEIVED → EXECUTING (committed before anything is sent) → SUCCEEDED | FAILED | REJECTED |
 * EXPIRED, and IN_DOUBT when it may have reached the venue and nobody can yet tell.
 *
 * <p>{@link #text()} and {@link #of(String)} are the one mapping between the enum and the text the
 * database stores (execution.state, its check constraint in V1__create_execution_state.sql), which
 * is also the status an exec.trade_result carries and the status tag of the executor's counters.
 */
public enum ExecutionState {
    RECEIVED("RECEIVED"),
    EXECUTING("EXECUTING"),
    SUCCEEDED("SUCCEEDED"),
    FAILED("FAILED"),
    REJECTED("REJECTED"),
    EXPIRED("EXPIRED"),
    IN_DOUBT("IN_DOUBT");

    private static final Map<String, ExecutionState> BY_TEXT =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ExecutionState::text, Function.identity()));

    private final String text;

    ExecutionState(String text) {
        this.text = text;
    }

    /** As stored in execution.state and published as a result's status. */
    public String text() {
        return text;
    }

    /** The state a stored text names; a text the schema does not allow is an error, never a guess. */
    public static ExecutionState of(String text) {
        ExecutionState state = BY_TEXT.get(text);
        if (state == null) {
            throw new IllegalArgumentException("not an execution state: '" + text + "'");
        }
        return state;
    }
}
