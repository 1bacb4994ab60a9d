package dev.unrip.mapping.reactor;

import dev.unrip.mapping.Mapped;

/** A strategy's verdict on one demand: a command, or the reason there is none ({@code stale_book}, ...). */
public record Decision(Mapped command, String skipReason) {

    public static Decision skip(String reason) {
        return new Decision(null, reason);
    }
}
