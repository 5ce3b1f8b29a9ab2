package io.metaspn.streams.embedded;

import org.apache.kafka.common.utils.Exit;

/**
 * While an embedded broker runs, turns Kafka's requests to exit or halt the JVM (a fatal broker or
 * controller fault calls {@code Exit.halt}) into an {@link EmbeddedBrokerException} thrown in the
 * faulting thread, so a broken broker fails its caller instead of killing the application or the
 * test JVM hosting it. Kafka's default procedures come back when the last embedded broker stops.
 */
final class KafkaExitGuard {

    private static int running;

    private KafkaExitGuard() {
    }

    static synchronized void acquire() {
        if (running++ == 0) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    static synchronized void release() {
        if (running > 0 && --running == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static void refuse(String what, int status, String message) {
        throw new EmbeddedBrokerException("the embedded Kafka broker hit a fatal fault and asked to " + what
                + " the JVM (status " + status + (message == null ? "" : ", " + message)
                + "); the JVM keeps running, the broker is unusable: stop it and start it again");
    }
}
