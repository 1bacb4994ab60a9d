package dev.unrip.bench;

import java.util.List;

/** What offers a chain its input at a fixed rate: the relay simulator for ours, a {@link RateProducer} for the plain chain. */
interface Load {
    /** Starts offering rate/s for seconds; returns a mark for {@link #pushed}. */
    long start(double rate, int seconds) throws Exception;

    void cancel() throws Exception;

    long pushed(long mark) throws Exception;

    /** The processes doing this load's work, for the CPU each uses while it is offered. */
    List<Cpu.Proc> processes();
}
