package io.metaspn.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The probes' answers from the client's state, restoration and the thread replacement budget. */
class HealthTest {

    @ParameterizedTest
    @EnumSource(State.class)
    void liveWhileCreatedRebalancingOrRunningReadyOnlyWhenRunningAndRestored(State state) {
        boolean alive = state == State.CREATED || state == State.REBALANCING || state == State.RUNNING;

        assertThat(new Health(state, 0, false).live()).isEqualTo(alive);
        assertThat(new Health(state, 0, false).ready()).isEqualTo(state == State.RUNNING);
        assertThat(new Health(state, 2, false).live()).isEqualTo(alive);
        assertThat(new Health(state, 2, false).ready()).as("running while partitions restore").isFalse();
        assertThat(new Health(state, 0, true).live()).as("threads died beyond the budget").isFalse();
        assertThat(new Health(state, 0, true).ready()).isFalse();
    }

    @Test
    void startingUpIsAliveButNotReady() {
        Health starting = new Health(null, 0, false);

        assertThat(starting.live()).isTrue();
        assertThat(starting.ready()).isFalse();
        assertThat(starting.body(false).toString()).isEqualTo("{\"status\":\"DOWN\",\"state\":\"STARTING\","
                + "\"restoring_partitions\":0,\"replacement_budget_exhausted\":false}");
    }
}
