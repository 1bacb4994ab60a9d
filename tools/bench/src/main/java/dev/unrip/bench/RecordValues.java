package dev.unrip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real record values our pipeline wrote during its latency steps: their mean sizes per topic,
 * and the raw and norm values as payload files for the broker's own tools ({@link BrokerLimit}).
 */
final class RecordValues {

    private RecordValues() {}

    static void measure(Harness run, Tailer tailer) throws IOException {
        Results results = run.results;
        Stage.Topics ours = Stage.Topics.OURS;
        results.rawSizes = Rates.meanSize(tailer.values(ours.raw()));
        results.normSizes = Rates.meanSize(tailer.values(ours.norm()));
        results.cmdSizes = Rates.meanSize(tailer.values(ours.cmd()));
        results.execSizes = Rates.meanSize(tailer.values(ours.exec()));
        writePayloads(run.state.resolve("payload-raw.txt"), tailer.values(ours.raw()));
        writePayloads(run.state.resolve("payload-norm.txt"), tailer.values(ours.norm()));
        run.say(String.format(
                "real record values seen (mean bytes): raw %.0f, norm %.0f, cmd %.0f, exec %.0f",
                results.rawSizes, results.normSizes, results.cmdSizes, results.execSizes));
    }

    /** One value a line (ProducerPerformance's --payload-file); a value with a line break in it is left out. */
    private static void writePayloads(Path file, List<byte[]> values) throws IOException {
        StringBuilder b = new StringBuilder();
        for (byte[] v : values) {
            String s = new String(v, StandardCharsets.UTF_8);
            if (!s.contains("\n")) {
                b.append(s).append('\n');
            }
        }
        Files.writeString(file, b.toString());
    }
}
