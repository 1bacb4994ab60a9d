package dev.unrip.routes.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/**
 * What a route group's in-process tests share: a JSON mapper, the bound of every wait for the
 * routes' output, and the topics of the test's broker. The test still names its servers itself,
 * {@code @QuarkusTestResource(KafkaBrokerResource.class)} among them.
 */
public abstract class RouteGroupTest {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration WAIT = Duration.ofSeconds(30);

    protected final Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());
}
