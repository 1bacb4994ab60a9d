package dev.unrip.mapping.reactor;

import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the solver holds and what it has promised: the latest balance per asset (from
 * norm.balance) and a reservation per outstanding command (a sent quote whose deadline has not
 * passed and that did not fail), of the asset_out amount it promised. The available amount of an
 * asset is its balance less its reservations. Rebuilt from the topics after a restart; not
 * thread-safe (the reactor calls it under its strategy's lock).
 */
public final class Inventory {

    /** A promise of {@code amount} of {@code asset} until {@code until}. */
    public record Reservation(String asset, BigInteger amount, Instant until) {}

    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();

    /** The latest balance of an asset (smallest units), replacing the previous one. */
    public void balance(String asset, BigInteger amount) {
        balances.put(asset, amount);
    }

    /** The balance of an asset, empty until one was read. */
    public Optional<BigInteger> balance(String asset) {
        return Optional.ofNullable(balances.get(asset));
    }

    /** A command's reservation; the same command again changes nothing (replays, re-reads). */
    public void reserve(String commandId, Reservation reservation) {
        reservations.putIfAbsent(commandId, reservation);
    }

    /** The command's promise ended before its deadline (it failed, was refused or settled). */
    public void release(String commandId) {
        reservations.remove(commandId);
    }

    /** The sum of the reservations of an asset still open at {@code now}; drops the ones past. */
    public BigInteger reserved(String asset, Instant now) {
        reservations.values().removeIf(r -> !r.until().isAfter(now));
        return reservations.values().stream()
                .filter(r -> r.asset().equals(asset))
                .map(Reservation::amount)
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Balance less open reservations; empty while the balance is unknown. */
    public Optional<BigInteger> available(String asset, Instant now) {
        return balance(asset).map(b -> b.subtract(reserved(asset, now)));
    }

    public int openReservations() {
        return reservations.size();
    }
}
