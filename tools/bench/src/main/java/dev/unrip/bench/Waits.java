package dev.unrip.bench;

/** Polling a condition every 250 ms within a bound; a condition that throws counts as not holding yet. */
final class Waits {

    private Waits() {}

    interface Check {
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds or the cap passes, whichever is first; never fails. */
    static void awaitOrCap(int seconds, Check condition) throws InterruptedException {
        poll(seconds, condition);
    }

    /** Waits until the condition holds; fails when it does not within the given seconds. */
    static void await(String what, int seconds, Check condition) throws InterruptedException {
        if (!poll(seconds, condition)) {
            throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
        }
    }

    /** @return whether the condition held before the time was up. */
    private static boolean poll(int seconds, Check condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition.holds()) {
                    return true;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(250);
        }
        return false;
    }
}
