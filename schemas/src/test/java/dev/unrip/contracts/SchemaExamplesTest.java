package dev.unrip.contracts;

import static dev.unrip.contracts.Contracts.examples;
import static dev.unrip.contracts.Contracts.expectedField;
import static dev.unrip.contracts.Contracts.read;
import static dev.unrip.contracts.Contracts.schema;
import static dev.unrip.contracts.Contracts.schemaTypes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every schema against its examples: each {@code valid-*.json} passes, each
 * {@code invalid--<field>--<why>.json} is rejected, and only for the reason it names.
 */
class SchemaExamplesTest {

    @TestFactory
    Stream<DynamicTest> everyValidExamplePassesItsSchema() {
        return schemaTypes().stream()
                .flatMap(type -> examples(type, "valid-").stream()
                        .map(example -> DynamicTest.dynamicTest(type + " accepts " + example.getFileName(), () -> {
                            Set<ValidationMessage> errors = schema(type).validate(read(example));
                            assertTrue(errors.isEmpty(), example + " should pass " + type + " but: " + errors);
                        })));
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidExampleIsRejectedWithAMessageNamingTheOffendingField() {
        return schemaTypes().stream()
                .flatMap(type -> examples(type, "invalid-").stream()
                        .map(example -> DynamicTest.dynamicTest(type + " rejects " + example.getFileName(), () -> {
                            String field = expectedField(example);
                            Set<ValidationMessage> errors = schema(type).validate(read(example));
                            assertFalse(errors.isEmpty(), example + " should fail " + type);
                            String messages = errors.stream()
                                    .map(ValidationMessage::getMessage)
                                    .collect(Collectors.joining("; "));
                            // Every message names the field: the example is invalid for that reason only.
                            for (ValidationMessage error : errors) {
                                assertTrue(
                                        error.getMessage().contains(field),
                                        example.getFileName() + ": a message does not name '" + field + "': "
                                                + messages);
                            }
                        })));
    }

    @Test
    void everySchemaHasAtLeastOneValidAndOneInvalidExample() {
        for (String type : schemaTypes()) {
            assertFalse(examples(type, "valid-").isEmpty(), type + " has no valid-*.json example");
            assertFalse(examples(type, "invalid-").isEmpty(), type + " has no invalid-*.json example");
        }
    }

    @Test
    void everyInvalidExampleNamesItsFieldInItsFileName() {
        for (String type : schemaTypes()) {
            for (Path example : examples(type, "invalid")) {
                assertTrue(
                        example.getFileName().toString().startsWith("invalid--"),
                        example + " is not invalid--<field>--<why>.json");
                expectedField(example);
            }
        }
    }

    @Test
    void everyExpectedSchemaExists() {
        assertEquals(
                Set.of(
                        EventTypes.RAW_NEAR_INTENTS_QUOTE_V1,
                        EventTypes.RAW_NEAR_INTENTS_QUOTE_STATUS_V1,
                        EventTypes.RAW_NEAR_INTENTS_BALANCE_V1,
                        EventTypes.NORM_SWAP_DEMAND_V1,
                        EventTypes.NORM_QUOTE_STATUS_V1,
                        EventTypes.NORM_BALANCE_V1,
                        EventTypes.RAW_BINANCE_DEPTH_V1,
                        EventTypes.NORM_ORDER_BOOK_V1,
                        EventTypes.CMD_EXECUTE_TRADE_V1,
                        EventTypes.EXEC_TRADE_RESULT_V1,
                        EventTypes.CTL_TRADING_STATE_V1,
                        EventTypes.CTL_RISK_LIMITS_V1,
                        EventTypes.DLQ_RECORD_V1),
                Set.copyOf(schemaTypes()));
    }
}
