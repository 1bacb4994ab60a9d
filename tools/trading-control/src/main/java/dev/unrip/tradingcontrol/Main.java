package dev.unrip.tradingcontrol;

import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.contracts.TradingStateRecord.Effective;
import dev.unrip.contracts.TradingStateRecord.State;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The trading state from the command line, configured by environment ({@link Settings}):
 *
 * <pre>
 *   halt    make halt REASON=… [SCOPE=global]     the scope HALTED: no new command, unsent ones refused
 *   reduce  make reduce REASON=… [SCOPE=global]   the scope REDUCING: only quotes that reduce inventory
 *   resume  make resume [SCOPE=global] [REASON=…] the scope ACTIVE again
 *   show    make trading-state                    every scope's state, reason, who and when; what applies
 *   risk-limits make risk-limits FILE=… REASON=… [STRATEGY=book-spread-v1]  a strategy's risk limits
 * </pre>
 *
 * Every write is a ctl.trading_state record keyed by the scope, set_by {@code $USER}; the processes
 * apply it within a second. Exit status: 0 done, 1 the broker could not be reached or written (the
 * state is unchanged), 2 a bad argument (nothing written).
 */
public final class Main {

    static final String SOURCE = "unrip/trading-control";

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        System.exit(run(command, System.getenv(), System.out, System.err));
    }

    public static int run(String command, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            Settings settings = Settings.fromEnvironment(env);
            return switch (command) {
                case "halt" -> set(settings, State.HALTED, required(settings, "halt"), out);
                case "reduce" -> set(settings, State.REDUCING, required(settings, "reduce"), out);
                case "resume" ->
                    set(settings, State.ACTIVE, settings.reason().isEmpty() ? "resumed" : settings.reason(), out);
                case "show" -> show(new StateTopic(settings), out);
                case "risk-limits" -> RiskLimitsCommand.run(settings, env, out);
                default -> {
                    err.println("usage: trading-control halt|reduce|resume|show|risk-limits (got '" + command + "')");
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; nothing was written");
            return 2;
        } catch (StateTopic.Unreachable e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static String required(Settings settings, String target) {
        if (settings.reason().isEmpty()) {
            throw new IllegalArgumentException("make " + target + " REASON=\"<why>\" [SCOPE=" + settings.scope()
                    + "]: a reason is required (make trading-state shows it to every operator, and every command"
                    + " refused meanwhile carries it)");
        }
        return settings.reason();
    }

    private static int set(Settings settings, State state, String reason, PrintStream out) {
        if (settings.user().isEmpty()) {
            throw new IllegalArgumentException("USER is not set: who sets the trading state must be known");
        }
        TradingStateRecord record =
                new TradingStateRecord(settings.scope(), state, reason, settings.user(), EventTime.now());
        StateTopic topic = new StateTopic(settings);
        try {
            topic.requireReachable();
        } catch (StateTopic.Unreachable e) {
            throw new StateTopic.Unreachable(e.getMessage() + "; the trading state is unchanged");
        }
        RecordMetadata at = topic.write(record, SOURCE);
        out.printf(
                "%s: %s (%s), set by %s at %s; %s partition %d offset %d. Applied by every reactor and executor"
                        + " within a second.%n%n",
                record.scope(),
                record.state(),
                record.reason(),
                record.setBy(),
                record.setAt(),
                at.topic(),
                at.partition(),
                at.offset());
        return show(topic, out);
    }

    private static int show(StateTopic topic, PrintStream out) {
        topic.requireReachable();
        StateTopic.Latest latest = topic.read();
        out.printf("%-32s %-9s %-28s %-25s %s%n", "scope", "state", "set_by", "set_at", "reason");
        latest.records()
                .values()
                .forEach(r -> out.printf(
                        "%-32s %-9s %-28s %-25s %s%n", r.scope(), r.state(), r.setBy(), r.setAt(), r.reason()));
        latest.unreadable()
                .forEach((scope, why) -> out.printf(
                        "%-32s %-9s %-28s %-25s %s%n",
                        scope, "HALTED", "-", "-", "unreadable record (fail closed): " + why));
        if (latest.records().isEmpty() && latest.unreadable().isEmpty()) {
            out.println("(no record: every reactor and executor is HALTED until a global record is written)");
        }
        Map<String, TradingStateRecord> applied = applied(latest);
        Effective global = TradingStateRecord.effective(applied::get, null, null);
        out.printf(
                "%neffective (global): %s%s%n",
                global.state(), global.setBy() == null ? " (" + global.reason() + ")" : "");
        for (String scope : applied.keySet()) {
            if (scope.startsWith("venue:")) {
                Effective venue = TradingStateRecord.effective(applied::get, scope.substring("venue:".length()), null);
                out.printf("effective (%s): %s, by %s%n", scope, venue.state(), venue.scope());
            }
        }
        return 0;
    }

    /** What the processes apply: the readable records, and HALTED for a scope whose record they cannot read. */
    private static Map<String, TradingStateRecord> applied(StateTopic.Latest latest) {
        Map<String, TradingStateRecord> applied = new TreeMap<>(latest.records());
        latest.unreadable().forEach((scope, why) -> {
            if (TradingStateRecord.isScope(scope)) {
                applied.put(
                        scope,
                        new TradingStateRecord(scope, State.HALTED, "unreadable record", "unrip", EventTime.now()));
            }
        });
        return applied;
    }
}
