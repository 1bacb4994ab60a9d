package dev.unrip.marketsim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stream this simulator serves, parsed from its name: partial book depth {@code
 * <symbol>@depth<5|10|20>} (every 1000 ms) or {@code <symbol>@depth<N>@100ms}, and {@code
 * <symbol>@bookTicker}; the symbol in lower case, as Binance spells stream names.
 *
 * <p>Binance acknowledges any well-formed stream name, served or not (a subscription to {@code
 * btcusdt@noSuchStream} is answered {@code {"result":null}} and then stays silent), and refuses only
 * malformed ones with {@code Invalid request: invalid stream}: {@link #wellFormed} is that check.
 */
record StreamName(String name, String symbol, Kind kind, int levels, boolean fast) {

    enum Kind {
        DEPTH,
        BOOK_TICKER
    }

    private static final Pattern WELL_FORMED = Pattern.compile("!?[A-Za-z0-9_]+(@[A-Za-z0-9_]+)+");
    private static final Pattern DEPTH = Pattern.compile("([a-z0-9]+)@depth(5|10|20)(@100ms)?");
    private static final Pattern BOOK_TICKER = Pattern.compile("([a-z0-9]+)@bookTicker");

    static boolean wellFormed(String name) {
        return name != null && name.length() <= 200 && WELL_FORMED.matcher(name).matches();
    }

    /** The stream if this simulator serves it (a known stream of a configured symbol), else null. */
    static StreamName served(String name, Books books) {
        Matcher depth = DEPTH.matcher(name);
        if (depth.matches() && books.get(depth.group(1)) != null) {
            return new StreamName(
                    name,
                    depth.group(1).toUpperCase(),
                    Kind.DEPTH,
                    Integer.parseInt(depth.group(2)),
                    depth.group(3) != null);
        }
        Matcher ticker = BOOK_TICKER.matcher(name);
        if (ticker.matches() && books.get(ticker.group(1)) != null) {
            return new StreamName(name, ticker.group(1).toUpperCase(), Kind.BOOK_TICKER, 1, true);
        }
        return null;
    }

    /** Whether the stream sends on this tick of the 100 ms clock: fast streams every tick, the others every tenth. */
    boolean dueOn(long tick) {
        return fast || tick % 10 == 0;
    }
}
