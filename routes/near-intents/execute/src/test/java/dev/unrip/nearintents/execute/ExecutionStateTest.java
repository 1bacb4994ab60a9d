package dev.unrip.nearintents.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.mapping.execute.ExecutionState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The enum and the stored text agree with the migration's check constraint and the result schema. */
class ExecutionStateTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = ExecutionStateTest.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name + " is not on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> texts(Set<ExecutionState> states) {
        return states.stream().map(ExecutionState::text).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theStatesAreExactlyThoseTheMigrationAllowsInExecutionState() throws Exception {
        Matcher check = Pattern.compile("state\\s+text\\s+not null check \\(state in \\(([^)]*)\\)\\)")
                .matcher(resource("db/migration/V1__create_execution_state.sql"));
        assertTrue(check.find(), "the check constraint on execution.state");
        Set<String> allowed = Arrays.stream(check.group(1).split(","))
                .map(s -> s.trim().replace("'", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(allowed, texts(EnumSet.allOf(ExecutionState.class)));
    }

    @Test
    void theStatesAResultCanEndInAreExactlyTheResultSchemasStatuses() throws Exception {
        JsonNode status = new ObjectMapper()
                .readTree(resource("schemas/exec.trade_result.v1.schema.json"))
                .path("properties")
                .path("payload")
                .path("properties")
                .path("status")
                .path("enum");
        Set<String> statuses = StreamSupport.stream(status.spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                statuses, texts(EnumSet.complementOf(EnumSet.of(ExecutionState.RECEIVED, ExecutionState.EXECUTING))));
    }

    @Test
    void everyStoredTextReadsBackAsItsState() {
        for (ExecutionState state : ExecutionState.values()) {
            assertEquals(state, ExecutionState.of(state.text()));
        }
    }

    @Test
    void aTextTheSchemaDoesNotKnowIsAnErrorNotAGuess() {
        assertThrows(IllegalArgumentException.class, () -> ExecutionState.of("succeeded"));
        assertThrows(IllegalArgumentException.class, () -> ExecutionState.of("DONE"));
    }
}
