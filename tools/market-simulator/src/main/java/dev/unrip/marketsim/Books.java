package dev.unrip.marketsim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every simulated book, by symbol (upper case, as in payloads), built from the configuration. */
@ApplicationScoped
public class Books {

    private final MarketSimConfig config;
    private final List<SymbolSpec> specs;
    private volatile Map<String, Book> books;

    @Inject
    Books(MarketSimConfig config) {
        this.config = config;
        this.specs = SymbolSpec.parseAll(config.symbols());
        reset();
    }

    /** Every book back to its seeded start: the same steps follow again. */
    final void reset() {
        Map<String, Book> fresh = new LinkedHashMap<>();
        for (SymbolSpec spec : specs) {
            fresh.put(spec.symbol(), new Book(spec, config.seed(), config.levels(), config.levelNotional()));
        }
        books = fresh;
    }

    /** The book of a symbol in any case ({@code nearusdt}, {@code NEARUSDT}), or null. */
    Book get(String symbol) {
        return symbol == null ? null : books.get(symbol.toUpperCase());
    }

    Collection<Book> all() {
        return books.values();
    }

    void stepAll(double volatilityBps) {
        books.values().forEach(b -> b.step(volatilityBps));
    }
}
