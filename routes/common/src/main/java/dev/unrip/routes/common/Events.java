package dev.unrip.routes.common;

import dev.unrip.mapping.Mapped;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/** A mapped event onto the outgoing Camel message: its envelope headers in place of the input's, its key. */
public final class Events {

    private Events() {}

    /** @return the event's JSON, for the bean step to return as the body */
    public static String emit(Message in, Mapped event) {
        address(in, event);
        return event.json();
    }

    /** The headers and key only, for a body that is already the event's JSON. */
    public static void address(Message in, Mapped event) {
        event.replaceEnvelope(in.getHeaders());
        in.setHeader(KafkaConstants.KEY, event.key());
    }
}
