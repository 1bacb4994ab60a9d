package dev.unrip.bench;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.ServiceProcess;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every measurement of one run shares: the private stack, the figures gathered so far, the
 * resident-memory sampler and the console (every line printed, timed from the start of the run).
 */
final class Harness {

    /** -Dbench.quick=true shortens every phase for a smoke run. */
    static final boolean QUICK = Boolean.getBoolean("bench.quick");
    /** Every backlog phase stops here and reports the rate of what it got through. */
    static final int BACKLOG_CAP_SECONDS = QUICK ? 15 : 25;

    final long started = System.currentTimeMillis();
    final List<String> console = new ArrayList<>();
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    final Path repo;
    final Path state;
    final Results results = new Results();
    LocalStack stack;
    Rss rss;

    Harness(Path repo) {
        this.repo = repo;
        this.state = repo.resolve("tools/bench/target/bench-state");
    }

    String bootstrap() {
        return stack.config().kafkaBootstrap();
    }

    synchronized void say(String line) {
        long s = (System.currentTimeMillis() - started) / 1000;
        String out = String.format("[%02d:%02d] %s", s / 60, s % 60, line);
        System.out.println(out);
        System.out.flush();
        console.add(out);
    }

    /** The broker, PostgreSQL (its postmaster with the backends) and this harness (load, tailers). */
    List<Cpu.Proc> infrastructure() {
        List<Cpu.Proc> out = new ArrayList<>();
        stack.kafka().process().pid().ifPresent(p -> out.add(new Cpu.Proc("kafka", p, false)));
        stack.postgres().pid().ifPresent(p -> out.add(new Cpu.Proc("postgres", p, true)));
        out.add(new Cpu.Proc("harness", ProcessHandle.current().pid(), false));
        return out;
    }

    /** The live service processes by name. */
    Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (stack != null) {
            stack.services()
                    .forEach((k, s) -> s.process().pid().ifPresent(p -> {
                        if (s.process().isAlive()) {
                            out.put(k, p);
                        }
                    }));
        }
        return out;
    }

    /** SIGTERM to the given services at once (each still gets its graceful shutdown), then forget them. */
    void stopInParallel(List<String> keys) throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (String key : keys) {
            ServiceProcess service = stack.services().get(key);
            if (service != null) {
                Thread t = new Thread(() -> service.process().stop(Duration.ofSeconds(30)), "stop-" + key);
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            t.join();
        }
        for (String key : keys) {
            stack.stopService(key); // already stopped: only drops it from the stack's list
        }
    }
}
