package io.metaspn.streams.it;

import java.time.Duration;
import java.time.Instant;

/** Waits for a condition, polling, until a deadline; the one place the tests poll. */
public final class Await {
    private static final Duration POLL = Duration.ofMillis(50);

    /** A condition to wait for; it may fail the wait by throwing (an assertion on the way, say). */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {
    }

    /** Returns once {@code condition} is met; fails naming {@code what} when {@code timeout} passed first. */
    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.met()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
