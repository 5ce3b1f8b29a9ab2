package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmissionTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");
    private static final Signal<String> SIGNAL = Signal.of("in", T0, "src", "sig-1").withMetadata("trace", "t1");

    @Test
    void ofFollowsTheConvention() {
        Emission<Integer> emission = Emission.of(SIGNAL, "score", "m.score", 7);

        assertThat(emission.payload()).isEqualTo(7);
        assertThat(emission.causedBy()).isEqualTo("sig-1");
        assertThat(emission.emissionType()).isEqualTo("m.score");
        assertThat(emission.emissionId()).isEqualTo("sig-1:score");
        assertThat(emission.timestamp()).isEqualTo(T0);
        assertThat(emission.metadata()).isEmpty();
    }

    @Test
    void withMethodsReturnCopiesChangingOneField() {
        Emission<Integer> base = Emission.of(SIGNAL, "score", "m.score", 7);
        Instant later = T0.plusSeconds(5);

        Emission<Integer> withId = base.withEmissionId("other");
        Emission<Integer> withTime = base.withTimestamp(later);
        Emission<Integer> withMeta = base.withMetadata("a", 1).withMetadata("b", 2);
        Emission<Integer> replacedMeta = withMeta.withMetadata(Map.of("c", 3));

        assertThat(withId).isEqualTo(new Emission<>(7, "sig-1", "m.score", "other", T0, Map.of()));
        assertThat(withTime).isEqualTo(new Emission<>(7, "sig-1", "m.score", "sig-1:score", later, Map.of()));
        assertThat(withMeta.metadata()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(replacedMeta.metadata()).containsExactly(Map.entry("c", 3));
        assertThat(base.emissionId()).isEqualTo("sig-1:score");
        assertThat(base.timestamp()).isEqualTo(T0);
        assertThat(base.metadata()).isEmpty();
    }

    @Test
    void metadataIsCopiedAndFrozen() {
        Map<String, Object> meta = new HashMap<>(Map.of("a", 1));
        Emission<Integer> emission = new Emission<>(1, "c", "t", "id", T0, meta);
        meta.put("b", 2);

        assertThat(emission.metadata()).containsOnlyKeys("a");
        assertThatThrownBy(() -> emission.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void requiredFieldsAreChecked() {
        assertThatThrownBy(() -> new Emission<>(null, "c", "t", "id", T0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Emission<>(1, null, "t", "id", T0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Emission<>(1, "c", null, "id", T0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Emission<>(1, "c", "t", null, T0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Emission<>(1, "c", "t", "id", null, null)).isInstanceOf(NullPointerException.class);
    }
}
