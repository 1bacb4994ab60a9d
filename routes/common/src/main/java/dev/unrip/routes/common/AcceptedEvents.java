package dev.unrip.routes.common;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultExchange;

/**
 * Aggregates a split batch into the list of messages to send on: every record whose mapping gave
 * an event. A record the mapping dead-lettered (it carries the caught exception) or chose to skip
 * (no body, e.g. the strategy's skipped demands) is left out; it is already accounted for. A record
 * that failed and was not dead-lettered (the dead-letter topic itself was unreachable) fails the
 * whole batch, which is then retried and not committed: nothing is lost.
 */
@ApplicationScoped
@Named("acceptedEvents")
@RegisterForReflection
public class AcceptedEvents implements AggregationStrategy {

    /**
     * Set by the shared dead-letter route once the record is on the dead-letter topic. (Not
     * Camel's caught-exception property: a batch retried after a broker outage carries that one
     * into every record of the retry.)
     */
    static final String DEAD_LETTERED = "unripDeadLettered";

    @Override
    public Exchange aggregate(Exchange batch, Exchange record) {
        Exchange result = batch;
        if (result == null) {
            // A fresh exchange: the batch must not inherit a dead-lettered record's error state.
            result = new DefaultExchange(record.getContext());
            result.getMessage().setBody(new ArrayList<Message>());
        }
        if (record.getException() != null) {
            result.setException(record.getException());
        } else if (!Boolean.TRUE.equals(record.getProperty(DEAD_LETTERED, Boolean.class))
                && record.getMessage().getBody() != null) {
            @SuppressWarnings("unchecked")
            List<Message> events = result.getMessage().getBody(List.class);
            events.add(record.getMessage());
        }
        return result;
    }
}
