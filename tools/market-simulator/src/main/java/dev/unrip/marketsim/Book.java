package dev.unrip.marketsim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One symbol's order book: a seeded random walk of the mid, with levels on a price grid (the tick)
 * around it. Each level holds a multiple of the configured notional, so that the book's depth in
 * quote terms stays the same when the price moves. The same seed gives the same books step by step
 * (every step draws the same random numbers whatever the settings). Never crossed unless commanded.
 * Thread-safe: the publisher steps it while the control API reads and commands it.
 */
final class Book {

    private static final double MIN_SIZE = 0.2;
    private static final double MAX_SIZE = 3.0;

    final SymbolSpec spec;
    private final Random random;
    private final double tick;
    private final double levelNotional;
    private final int[] bidGaps;
    private final int[] askGaps;
    private final double[] bidSizes;
    private final double[] askSizes;
    private final int priceScale;
    private final int qtyScale;

    private double mid;
    private long lastUpdateId;
    private int spreadTicks = 1;
    private int crossedTicks;
    private int thinLevels;
    private double thinNotional;
    private volatile long silentUntil;

    Book(SymbolSpec spec, long seed, int levels, double levelNotional) {
        this.spec = spec;
        this.random = new Random(seed * 1_000_003L + spec.symbol().hashCode());
        this.tick = spec.tick().doubleValue();
        this.levelNotional = levelNotional;
        this.mid = spec.mid().doubleValue();
        this.priceScale = Math.max(8, spec.tick().scale());
        this.qtyScale = Math.max(8, spec.qtyScale());
        int n = Math.max(20, levels);
        bidGaps = new int[n];
        askGaps = new int[n];
        bidSizes = new double[n];
        askSizes = new double[n];
        for (int i = 0; i < n; i++) {
            bidGaps[i] = random.nextInt(4) == 0 ? 2 : 1;
            askGaps[i] = random.nextInt(4) == 0 ? 2 : 1;
            bidSizes[i] = 0.3 + 1.4 * random.nextDouble();
            askSizes[i] = 0.3 + 1.4 * random.nextDouble();
        }
        lastUpdateId = 1_000_000L + random.nextInt(1_000_000);
    }

    /** One step of the walk (every 100 ms): the mid moves, the top of one side and a deeper level per side change. */
    synchronized void step(double volatilityBps) {
        double move = random.nextGaussian();
        mid = Math.max(mid * Math.exp(volatilityBps / 10_000 * move), minMid());
        perturb(random.nextBoolean() ? bidSizes : askSizes, 0);
        perturb(bidSizes, 1 + random.nextInt(bidSizes.length - 1));
        perturb(askSizes, 1 + random.nextInt(askSizes.length - 1));
        int change = random.nextInt(20);
        int gap = random.nextInt(bidGaps.length);
        int width = 1 + random.nextInt(3);
        if (change == 0) {
            spreadTicks = width;
        } else if (change < 3) {
            (change == 1 ? bidGaps : askGaps)[gap] = width;
        }
        lastUpdateId += 1 + random.nextInt(8);
    }

    private void perturb(double[] sizes, int level) {
        sizes[level] = Math.min(MAX_SIZE, Math.max(MIN_SIZE, sizes[level] * (0.75 + 0.5 * random.nextDouble())));
    }

    /** The lowest mid that leaves every bid level above zero. */
    private double minMid() {
        return tick * (3 * bidGaps.length + 10);
    }

    synchronized BookSnapshot snapshot(int levels) {
        long bestBid = Math.round(mid / tick - spreadTicks / 2.0);
        long bestAsk = crossedTicks > 0 ? bestBid - crossedTicks : bestBid + spreadTicks;
        int n = Math.min(levels, thinLevels > 0 ? thinLevels : bidGaps.length);
        List<BookSnapshot.Level> bids = new ArrayList<>(n);
        List<BookSnapshot.Level> asks = new ArrayList<>(n);
        long bid = bestBid;
        long ask = bestAsk;
        for (int i = 0; i < n; i++) {
            bids.add(level(bid, bidSizes[i]));
            asks.add(level(ask, askSizes[i]));
            bid -= bidGaps[i];
            ask += askGaps[i];
        }
        return new BookSnapshot(spec.symbol(), lastUpdateId, midDecimal(), List.copyOf(bids), List.copyOf(asks));
    }

    private BookSnapshot.Level level(long ticks, double size) {
        double notional = thinLevels > 0 ? thinNotional : size * levelNotional;
        BigDecimal lot = BigDecimal.ONE.movePointLeft(spec.qtyScale());
        BigDecimal qty = BigDecimal.valueOf(notional / mid).setScale(spec.qtyScale(), RoundingMode.HALF_UP);
        if (qty.signum() <= 0) {
            qty = lot;
        }
        BigDecimal price = spec.tick().multiply(BigDecimal.valueOf(ticks));
        return new BookSnapshot.Level(
                price.setScale(priceScale, RoundingMode.UNNECESSARY).toPlainString(),
                qty.setScale(qtyScale, RoundingMode.UNNECESSARY).toPlainString());
    }

    private BigDecimal midDecimal() {
        return BigDecimal.valueOf(mid).setScale(spec.tick().scale() + 2, RoundingMode.HALF_EVEN);
    }

    // Commands (the control API)

    /** Moves the mid by {@code percent} (-99.9 to 1000); returns the mid before and after. */
    synchronized BigDecimal[] jump(double percent) {
        BigDecimal before = midDecimal();
        mid = Math.max(mid * (1 + percent / 100), minMid());
        lastUpdateId++;
        return new BigDecimal[] {before, midDecimal()};
    }

    synchronized void setMid(double value) {
        mid = Math.max(value, minMid());
        lastUpdateId++;
    }

    /** The best ask {@code ticks} below the best bid until {@link #normal}. */
    synchronized void cross(int ticks) {
        crossedTicks = ticks;
        lastUpdateId++;
    }

    /** Only {@code levels} levels per side, each worth {@code notional} in the quote asset, until {@link #normal}. */
    synchronized void thin(int levels, double notional) {
        thinLevels = levels;
        thinNotional = notional;
        lastUpdateId++;
    }

    /** Ends {@link #cross} and {@link #thin}. */
    synchronized void normal() {
        crossedTicks = 0;
        thinLevels = 0;
        lastUpdateId++;
    }

    /** No frames of this book until {@code until} (epoch ms; 0 resumes); the book keeps walking meanwhile. */
    void silenceUntil(long until) {
        silentUntil = until;
    }

    long silentUntil() {
        return silentUntil;
    }

    boolean silent(long now) {
        return now < silentUntil;
    }

    synchronized boolean crossed() {
        return crossedTicks > 0;
    }

    synchronized boolean thin() {
        return thinLevels > 0;
    }

    int levels() {
        return bidGaps.length;
    }
}
