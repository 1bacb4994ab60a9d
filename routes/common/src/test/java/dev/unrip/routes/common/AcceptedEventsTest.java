package dev.unrip.routes.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class AcceptedEventsTest {

    private final CamelContext context = new DefaultCamelContext();
    private final AcceptedEvents strategy = new AcceptedEvents();

    private Exchange record(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(body);
        return exchange;
    }

    private Exchange aggregate(Exchange... records) {
        Exchange batch = null;
        for (Exchange record : records) {
            batch = strategy.aggregate(batch, record);
        }
        return batch;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> bodies(Exchange batch) {
        return ((List<Message>) batch.getMessage().getBody(List.class))
                .stream().map(Message::getBody).toList();
    }

    @Test
    void keepsTheMappedEventsInOrderAndLeavesOutDeadLetteredAndSkippedRecords() {
        Exchange deadLettered = record("raw frame, rejected");
        deadLettered.setProperty(AcceptedEvents.DEAD_LETTERED, true);
        Exchange batch = aggregate(record("event 1"), deadLettered, record(null), record("event 2"));
        assertEquals(List.of("event 1", "event 2"), bodies(batch));
        assertNull(batch.getException());
    }

    @Test
    void aBatchStartingWithADeadLetteredRecordDoesNotInheritItsErrorState() {
        Exchange deadLettered = record("raw frame, rejected");
        deadLettered.setProperty(AcceptedEvents.DEAD_LETTERED, true);
        deadLettered.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalArgumentException("schema"));
        Exchange batch = aggregate(deadLettered, record("event 1"));
        assertEquals(List.of("event 1"), bodies(batch));
        assertNull(batch.getProperty(Exchange.EXCEPTION_CAUGHT));
    }

    @Test
    void aRetriedBatchCarryingCamelsCaughtExceptionStillSendsItsEvents() {
        // After a broker outage the whole batch is retried; Camel's caught-exception property of the
        // failed attempt is copied into every record of the retry. They must still go out.
        Exchange retried = record("event 1");
        retried.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("broker away"));
        assertEquals(List.of("event 1"), bodies(aggregate(retried)));
    }

    @Test
    void aRecordThatFailedWithoutReachingTheDeadLetterTopicFailsTheBatch() {
        Exchange failed = record("raw frame");
        IllegalStateException brokerAway = new IllegalStateException("dead-letter topic unreachable");
        failed.setException(brokerAway);
        Exchange batch = aggregate(record("event 1"), failed, record("event 2"));
        assertSame(brokerAway, batch.getException());
    }
}
