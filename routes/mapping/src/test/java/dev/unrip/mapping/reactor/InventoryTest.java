package dev.unrip.mapping.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Inventory: balance less the open reservations, each reservation once, ended by release or expiry. */
class InventoryTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void availableIsTheBalanceLessTheOpenReservationsOfThatAssetOnly() {
        Inventory inventory = new Inventory();
        assertEquals(Optional.empty(), inventory.available("usdc", T0), "no balance read yet");
        inventory.balance("usdc", BigInteger.valueOf(1000));
        inventory.reserve("c1", reservation("usdc", 300, 10));
        inventory.reserve("c2", reservation("usdc", 200, 20));
        inventory.reserve("c3", reservation("near", 999, 20));
        assertEquals(BigInteger.valueOf(500), inventory.reserved("usdc", T0));
        assertEquals(Optional.of(BigInteger.valueOf(500)), inventory.available("usdc", T0));
    }

    @Test
    void theSameCommandReservesOnce() {
        Inventory inventory = new Inventory();
        inventory.reserve("c1", reservation("usdc", 300, 10));
        inventory.reserve("c1", reservation("usdc", 300, 10));
        assertEquals(BigInteger.valueOf(300), inventory.reserved("usdc", T0));
        assertEquals(1, inventory.openReservations());
    }

    @Test
    void aReservationEndsAtItsDeadlineOrWhenReleasedAndOnlyOnce() {
        Inventory inventory = new Inventory();
        inventory.reserve("c1", reservation("usdc", 300, 10));
        inventory.reserve("c2", reservation("usdc", 200, 20));
        inventory.release("c2");
        inventory.release("c2");
        assertEquals(BigInteger.valueOf(300), inventory.reserved("usdc", T0.plusSeconds(9)));
        // At its deadline it is past (not after now).
        assertEquals(BigInteger.ZERO, inventory.reserved("usdc", T0.plusSeconds(10)));
        assertEquals(0, inventory.openReservations());
        // Released, then read again from the topic (a replay): reserved again, ended again at its time.
        inventory.reserve("c2", reservation("usdc", 200, 20));
        assertEquals(BigInteger.valueOf(200), inventory.reserved("usdc", T0.plusSeconds(19)));
        assertEquals(BigInteger.ZERO, inventory.reserved("usdc", T0.plusSeconds(21)));
    }

    @Test
    void manyOpenReservationsAddUpExactly() {
        Inventory inventory = new Inventory();
        for (int i = 0; i < 20_000; i++) {
            inventory.reserve("c" + i, reservation("usdc", 1, i % 100));
        }
        for (int i = 0; i < 20_000; i += 2) {
            inventory.release("c" + i);
        }
        // Open at T0 + 50 s: the odd i (not released) whose deadline is after it, offsets 51, 53 … 99:
        // 25 offsets, 200 commands each.
        assertEquals(BigInteger.valueOf(5_000), inventory.reserved("usdc", T0.plusSeconds(50)));
    }

    private static Inventory.Reservation reservation(String asset, long amount, int seconds) {
        return new Inventory.Reservation(asset, BigInteger.valueOf(amount), T0.plusSeconds(seconds));
    }
}
