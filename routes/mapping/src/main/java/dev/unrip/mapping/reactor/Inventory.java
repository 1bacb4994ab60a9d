package dev.unrip.mapping.reactor;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

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

    /** When a command's reservation ends (a release before then leaves this entry to be skipped). */
    private record Expiry(Instant until, String commandId) {}

    private final Map<String, BigInteger> balances = new HashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();
    /** The sum of the open reservations per asset, kept as they come and go: a quote reads it in O(1). */
    private final Map<String, BigInteger> reservedByAsset = new HashMap<>();
    /** The open reservations by end time, soonest first: expiring them costs O(log n) each. */
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::until));

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
        if (reservations.putIfAbsent(commandId, reservation) == null) {
            reservedByAsset.merge(reservation.asset(), reservation.amount(), BigInteger::add);
            expiries.add(new Expiry(reservation.until(), commandId));
        }
    }

    /** The command's promise ended before its deadline (it failed, was refused or settled). */
    public void release(String commandId) {
        Reservation r = reservations.remove(commandId);
        if (r != null) {
            reservedByAsset.merge(r.asset(), r.amount().negate(), BigInteger::add);
        }
    }

    /** The sum of the reservations of an asset still open at {@code now}; drops the ones past. */
    public BigInteger reserved(String asset, Instant now) {
        while (!expiries.isEmpty() && !expiries.peek().until().isAfter(now)) {
            Expiry e = expiries.poll();
            Reservation r = reservations.get(e.commandId());
            // Skipped when released meanwhile (or released and reserved again, with its own entry).
            if (r != null && r.until().equals(e.until())) {
                release(e.commandId());
            }
        }
        return reservedByAsset.getOrDefault(asset, BigInteger.ZERO);
    }

    /** Balance less open reservations; empty while the balance is unknown. */
    public Optional<BigInteger> available(String asset, Instant now) {
        return balance(asset).map(b -> b.subtract(reserved(asset, now)));
    }

    public int openReservations() {
        return reservations.size();
    }
}
