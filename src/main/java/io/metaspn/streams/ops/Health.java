package io.metaspn.streams.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the probes answer, from the Kafka Streams client's state, whether its local state is all restored, and
 * whether its stream threads failed beyond the replacement budget.
 *
 * @param state               the client's state, or null before the application exists (starting up)
 * @param restoringPartitions store partitions being restored now
 * @param budgetExhausted     whether stream threads failed beyond the replacement budget
 */
record Health(KafkaStreams.State state, int restoringPartitions, boolean budgetExhausted) {

    /**
     * Alive: the client is being created, rebalancing or running (or the application is still starting), and no
     * thread died beyond the replacement budget. ERROR, PENDING_ERROR, PENDING_SHUTDOWN and NOT_RUNNING are not.
     */
    boolean live() {
        if (budgetExhausted) {
            return false;
        }
        return state == null || state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.RUNNING;
    }

    /** Ready: RUNNING with every local store partition restored (and alive). */
    boolean ready() {
        return live() && state == KafkaStreams.State.RUNNING && restoringPartitions == 0;
    }

    /** The body of a probe's answer. */
    ObjectNode body(boolean up) {
        return Reply.MAPPER.createObjectNode().put("status", up ? "UP" : "DOWN")
                .put("state", state == null ? "STARTING" : state.name())
                .put("restoring_partitions", restoringPartitions)
                .put("replacement_budget_exhausted", budgetExhausted);
    }
}
