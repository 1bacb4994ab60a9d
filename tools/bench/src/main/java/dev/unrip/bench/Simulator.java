package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay simulator of the private stack through its control API: our pipeline's load (quote
 * requests pushed at a fixed rate over the WebSocket to the ingest) and its counters.
 */
final class Simulator implements Load {

    private final Harness run;
    private final String url;

    Simulator(Harness run) {
        this.run = run;
        this.url = "http://localhost:" + run.stack.config().httpPort("relay-simulator");
    }

    @Override
    public long start(double rate, int seconds) throws Exception {
        long before = stats().path("quotes_pushed").asLong();
        push((long) (rate * seconds), rate);
        return before;
    }

    @Override
    public void cancel() throws Exception {
        send("DELETE", "/control/quotes", null);
    }

    @Override
    public long pushed(long before) throws Exception {
        return stats().path("quotes_pushed").asLong() - before;
    }

    /** Every service of the stack and the infrastructure: the whole of our chain. */
    @Override
    public List<Cpu.Proc> processes() {
        List<Cpu.Proc> out = new ArrayList<>();
        run.pids().forEach((name, pid) -> out.add(new Cpu.Proc(name, pid, false)));
        out.addAll(run.infrastructure());
        return out;
    }

    /** Pushes count quote requests at rate/s (0: as fast as it can). */
    void push(long count, double rate) throws Exception {
        ObjectNode body = PlainHops.JSON.createObjectNode();
        body.put("count", count);
        body.put("rate", rate);
        send("POST", "/control/quotes", body.toString());
    }

    JsonNode stats() throws Exception {
        return PlainHops.JSON.readTree(send("GET", "/control/stats", null));
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10));
        b = body == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = run.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
