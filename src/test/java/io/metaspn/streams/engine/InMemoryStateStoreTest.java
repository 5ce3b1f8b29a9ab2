package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    @Test
    void saveLoadDeleteClear() {
        InMemoryStateStore<Integer> store = new InMemoryStateStore<>();
        State<Integer> a = State.initial(1, T0);
        State<Integer> b = State.initial(2, T0);

        assertThat(store.load("a")).isEmpty();
        store.save("a", a);
        store.save("b", b);
        assertThat(store.load("a")).containsSame(a);
        assertThat(store.keys()).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> store.keys().clear()).isInstanceOf(UnsupportedOperationException.class);

        store.delete("a");
        assertThat(store.load("a")).isEmpty();
        assertThat(store.keys()).containsExactly("b");
        store.clear();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void defaultClearDeletesEveryKey() {
        EngineTest.MapStateStore<Integer> store = new EngineTest.MapStateStore<>();
        store.save("a", State.initial(1, T0));
        store.save("b", State.initial(2, T0));

        store.clear();

        assertThat(store.keys()).isEmpty();
    }
}
