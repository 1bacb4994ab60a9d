package dev.unrip.bench;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/** The plain chain's input: raw records produced at a fixed rate, as the ingest would write them. */
final class RateProducer implements Load {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Frames frames;
    private final AtomicLong sequence;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Cpu.Proc> processes;
    private Thread thread;

    RateProducer(
            KafkaProducer<String, byte[]> producer,
            String topic,
            Frames frames,
            AtomicLong sequence,
            List<Cpu.Proc> processes) {
        this.producer = producer;
        this.topic = topic;
        this.frames = frames;
        this.sequence = sequence;
        this.processes = processes;
    }

    @Override
    public List<Cpu.Proc> processes() {
        return processes;
    }

    @Override
    public long start(double rate, int seconds) throws Exception {
        if (thread != null) {
            thread.join();
        }
        cancelled.set(false);
        long before = sent.get();
        long count = (long) (rate * seconds);
        thread = new Thread(
                () -> {
                    long t0 = System.nanoTime();
                    long done = 0;
                    while (done < count && !cancelled.get()) {
                        long due = Math.min(count, (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                        while (done < due) {
                            producer.send(
                                    Frames.rawRecord(topic, frames.frame(sequence.getAndIncrement()), Instant.now()));
                            sent.incrementAndGet();
                            done++;
                        }
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "plain-load");
        thread.start();
        return before;
    }

    @Override
    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public long pushed(long mark) {
        return sent.get() - mark;
    }
}
