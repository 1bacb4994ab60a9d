package dev.unrip.bench;

import java.util.List;

/** Ingest frames/s: a burst of quotes pushed by the simulator at once; nothing downstream of the raw topic runs meanwhile. */
final class IngestBurst {

    static final int QUOTES = Harness.QUICK ? 8_000 : 15_000;

    private IngestBurst() {}

    static void measure(Harness run, Simulator simulator) throws Exception {
        String raw = Stage.Topics.OURS.raw();
        run.rss.phase("ingest-burst");
        try (Tailer tailer = new Tailer(run.bootstrap(), List.of(raw), 0)) {
            run.say("ingest: " + QUOTES + " quotes pushed by the simulator at once ...");
            long sentBefore = simulator.stats().path("quote_frames_sent").asLong();
            simulator.push(QUOTES, 0);
            Waits.awaitOrCap(Harness.BACKLOG_CAP_SECONDS, () -> tailer.count(raw) >= QUOTES);
            List<Tailer.Seen> raws = tailer.records(raw);
            run.results.ingestPerSec = Rates.steady(raws);
            long sent = simulator.stats().path("quote_frames_sent").asLong() - sentBefore;
            run.say(String.format(
                    "  ingest: %d frames sent by the simulator, %d raw records, %.0f frames/s (steady, last 80%%)",
                    sent, raws.size(), run.results.ingestPerSec));
        }
    }
}
