package dev.unrip.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.kamelets.utils.ReplayBound;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void aReplayTargetWritesOnlyTopicsOfItsRun() {
        ReplayRequest request = request(Map.of(
                "replay.topics",
                "raw.near_intents.quote",
                "replay.from",
                "beginning",
                "replay.to",
                "now",
                "replay.run-id",
                "r1"));
        assertEquals(ReplayRequest.Target.REPLAY, request.target());
        assertEquals("replay.r1", request.consumerGroup());
        assertEquals(
                Map.of(
                        "norm.swap_demand",
                        "replay.r1.norm.swap_demand",
                        "dlq.near_intents.normalize",
                        "replay.r1.dlq.near_intents.normalize"),
                request.outputs());
        assertEquals("replay.r1.norm.swap_demand", request.configuration().get("normalize.output.swap-demand"));
        assertEquals(
                "replay.r1.dlq.near_intents.normalize", request.configuration().get("unrip.dlq.topic"));
    }

    @Test
    void balanceAnswersReplayIntoTheRunsOwnBalanceTopic() {
        ReplayRequest request = request(Map.of(
                "replay.topics",
                "raw.near_intents.balance",
                "replay.from",
                "beginning",
                "replay.to",
                "now",
                "replay.run-id",
                "r2"));
        assertEquals(
                Map.of(
                        "norm.balance",
                        "replay.r2.norm.balance",
                        "dlq.near_intents.normalize",
                        "replay.r2.dlq.near_intents.normalize"),
                request.outputs());
        assertEquals("replay.r2.norm.balance", request.configuration().get("normalize.output.balance"));
    }

    @Test
    void theLiveTopicsOnlyWhenAskedExplicitly() {
        ReplayRequest request = request(Map.of(
                "replay.topics",
                "raw.near_intents.quote_status",
                "replay.from",
                "0",
                "replay.to",
                "now",
                "replay.target",
                "live"));
        assertEquals("norm.quote_status", request.configuration().get("normalize.output.quote-status"));
        assertEquals("dlq.near_intents.normalize", request.configuration().get("unrip.dlq.topic"));
        assertTrue(request.runId().startsWith("20261125-100000-"), request.runId());
    }

    @Test
    void boundsAreBeginningNowOffsetsTimesAndTimesBeforeTheStart() {
        assertEquals(
                ReplayBound.Kind.BEGINNING,
                ReplayBound.start("FROM", "beginning").kind());
        assertEquals(1200, ReplayBound.start("FROM", "1200").offset());
        assertEquals(
                Instant.parse("2026-11-25T09:00:00Z"),
                ReplayBound.start("FROM", "2026-11-25T10:00:00+01:00").instant(NOW));
        assertEquals(
                NOW.minus(Duration.ofMinutes(30)),
                ReplayBound.start("FROM", "-30m").instant(NOW));
        assertEquals(ReplayBound.Kind.NOW, ReplayBound.end("TO", "now").kind());
    }

    @Test
    void everyBadArgumentIsRefusedNamingIt() {
        Map<String, String> good =
                Map.of("replay.topics", "raw.near_intents.quote", "replay.from", "beginning", "replay.to", "now");
        assertRefused(good, "replay.topics", "", "TOPIC is missing");
        assertRefused(good, "replay.topics", "norm.swap_demand", "TOPIC 'norm.swap_demand' is not a raw topic");
        assertRefused(good, "replay.from", "", "FROM is missing");
        assertRefused(good, "replay.from", "yesterday", "FROM 'yesterday' is not understood");
        assertRefused(good, "replay.from", "now", "FROM 'now' reads nothing");
        assertRefused(good, "replay.to", "beginning", "TO 'beginning' reads nothing");
        assertRefused(good, "replay.to", "-5x", "TO '-5x' is not understood");
        assertRefused(good, "replay.target", "lvie", "TARGET 'lvie' is neither");
        assertRefused(good, "replay.run-id", "a.b", "RUN 'a.b' is not a run id");
        Map<String, String> backwards = new HashMap<>(good);
        backwards.put("replay.from", "2026-11-25T10:00:00Z");
        assertRefused(
                backwards,
                "replay.to",
                "2026-11-25T09:00:00Z",
                "the window's start (2026-11-25T10:00:00Z) is after its end");
        assertRefused(backwards, "replay.to", "-2h", "is after its end (-2h)");
    }

    private static void assertRefused(Map<String, String> good, String key, String value, String message) {
        Map<String, String> settings = new HashMap<>(good);
        settings.put(key, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> request(settings));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private static ReplayRequest request(Map<String, String> settings) {
        return ReplayRequest.from(settings::get, NOW);
    }
}
