package dev.unrip.traderesults;

import static dev.unrip.routes.testing.Topics.header;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.PostgresResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.StoredResults;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * trade-results' routes (trade-results.camel.yaml: the batching hop recordTradeResults, readTradeResult
 * per record, storeTradeResults per batch) in-process against a real broker and a real PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(PostgresResource.class)
class TradeResultsRoutesTest extends RouteGroupTest {

    private static final String RESULT = "exec.trade_result.v1";

    // The examples are one result in several states, all with one result_id: a row of its own.
    @Test
    void everyValidResultExampleIsStoredAsOneRowAndEachRedeliveryCountsAsADelivery() throws Exception {
        List<Path> valid = Examples.valid(RESULT);
        String resultId = resultId(valid.get(0));
        long before = row(resultId)[1];
        for (Path example : valid) {
            assertEquals(resultId, resultId(example), example + ": another result_id");
            sendInOrder(example);
        }
        await().atMost(WAIT).until(() -> row(resultId)[1] == before + valid.size());
        assertEquals(1, row(resultId)[0], "one row per result_id");
    }

    @Test
    void everyInvalidResultExampleIsDeadLetteredWithTheReasonNamingItsFieldAndNotStored() throws Exception {
        Map<TopicPartition, Long> dlq = topics.mark("dlq.trade_results");
        List<Path> invalid = Examples.invalid(RESULT);
        Path marker = Examples.valid(RESULT).get(0);
        String resultId = resultId(marker);
        long before = row(resultId)[1];
        for (Path example : invalid) {
            sendInOrder(example);
        }
        // One partition, in order: once the valid marker is stored, every invalid one was decided.
        sendInOrder(marker);
        await().atMost(WAIT)
                .until(() -> row(resultId)[1] == before + 1
                        && topics.since("dlq.trade_results", dlq).size() >= invalid.size());
        assertEquals(before + 1, row(resultId)[1], "an invalid result was stored");
        for (ConsumerRecord<String, byte[]> rejected : topics.since("dlq.trade_results", dlq)) {
            String example = header(rejected, "example");
            String field = Examples.fieldOf(Path.of(example));
            String reason = header(rejected, "dlq_reason");
            assertTrue(reason.contains(field), example + ": the reason does not name '" + field + "': " + reason);
            assertEquals("exec.trade_result", header(rejected, "dlq_source_topic"));
        }
    }

    /** Every example under one key (one partition, so in order), its file name in a header. */
    private void sendInOrder(Path example) throws Exception {
        topics.send(
                "exec.trade_result",
                "in-order",
                Examples.bytes(example),
                Map.of("example", example.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String resultId(Path example) throws Exception {
        return JSON.readTree(Examples.bytes(example))
                .path("payload")
                .path("result_id")
                .asText();
    }

    /** {rows, deliveries} of results.trade_result for a result id. */
    private static long[] row(String resultId) throws Exception {
        return StoredResults.row(PostgresResource.connect(), resultId);
    }
}
