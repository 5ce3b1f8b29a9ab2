package io.metaspn.streams.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SignalTest {
    private static final Instant T0 = Instant.parse("2026-02-06T12:00:00Z");

    @Test
    void ofWithIdKeepsAllFields() {
        Signal<String> signal = Signal.of("hello", T0, "src", "sig-1");

        assertThat(signal.payload()).isEqualTo("hello");
        assertThat(signal.timestamp()).isEqualTo(T0);
        assertThat(signal.source()).isEqualTo("src");
        assertThat(signal.signalId()).isEqualTo("sig-1");
        assertThat(signal.metadata()).isEmpty();
    }

    @Test
    void randomUuidOnlyWhenNoIdIsGiven() {
        Signal<String> first = Signal.of("x", T0, "src");
        Signal<String> second = Signal.of("x", T0, "src");

        assertThat(first.signalId()).isNotEqualTo(second.signalId());
        assertThat(UUID.fromString(first.signalId()).toString()).isEqualTo(first.signalId());
        assertThat(Signal.of("x", T0, "src", "mine").signalId()).isEqualTo("mine");
        assertThat(Signal.of("x", T0, "src", "mine")).isEqualTo(Signal.of("x", T0, "src", "mine"));
    }

    @Test
    void emptySignalIdIsRejectedNamingTheFieldAndAMissingOneIsGenerated() {
        assertThatThrownBy(() -> Signal.of("x", T0, "src", ""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("signal_id"));
        String generated = Signal.of("x", T0, "src", null).signalId();
        assertThat(UUID.fromString(generated).toString()).isEqualTo(generated);
    }

    @Test
    void emptyOrMissingSourceIsRejectedNamingTheField() {
        assertThatThrownBy(() -> Signal.of("x", T0, "", "id"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("source"));
        assertThatThrownBy(() -> Signal.of("x", T0, null, "id"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("source"));
    }

    @Test
    void payloadAndTimestampAreRequired() {
        assertThatThrownBy(() -> Signal.of(null, T0, "src", "id")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Signal.of("x", null, "src", "id")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void metadataIsDeepFrozenCopy() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> meta = new HashMap<>();
        meta.put("tags", tags);
        meta.put("nested", nested);
        Signal<String> signal = new Signal<>("x", T0, "src", "id", meta);

        tags.add("b");
        nested.put("k2", "v2");
        meta.put("late", 1);

        assertThat(signal.metadata()).containsOnlyKeys("tags", "nested");
        assertThat(signal.metadata().get("tags")).isEqualTo(List.of("a"));
        assertThat(signal.metadata().get("nested")).isEqualTo(Map.of("k", "v"));
        assertThatThrownBy(() -> signal.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> frozenTags = (List<Object>) signal.metadata().get("tags");
        assertThatThrownBy(() -> frozenTags.add("c")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenNested = (Map<String, Object>) signal.metadata().get("nested");
        assertThatThrownBy(() -> frozenNested.put("c", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullMetadataBecomesEmpty() {
        assertThat(new Signal<>("x", T0, "src", "id", null).metadata()).isEmpty();
    }

    @Test
    void withMetadataReturnsNewSignalAndLeavesOriginal() {
        Signal<String> original = Signal.of("x", T0, "src", "id").withMetadata("a", 1);
        Signal<String> more = original.withMetadata("b", 2);
        Signal<String> replaced = more.withMetadata(Map.of("c", 3));

        assertThat(original.metadata()).containsExactly(Map.entry("a", 1));
        assertThat(more.metadata()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThat(replaced.metadata()).containsExactly(Map.entry("c", 3));
        assertThat(replaced.signalId()).isEqualTo("id");
        assertThat(replaced.payload()).isEqualTo("x");
        assertThat(replaced.timestamp()).isEqualTo(T0);
        assertThat(replaced.source()).isEqualTo("src");
        assertThatThrownBy(() -> more.metadata().put("z", 0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withPayloadKeepsIdentity() {
        Signal<String> signal = Signal.of("x", T0, "src", "id").withMetadata("a", 1);
        Signal<Integer> other = signal.withPayload(42);

        assertThat(other.payload()).isEqualTo(42);
        assertThat(other.signalId()).isEqualTo("id");
        assertThat(other.metadata()).isEqualTo(signal.metadata());
        assertThat(signal.payload()).isEqualTo("x");
    }

    @Test
    void emissionIdIsSignalIdAndSuffix() {
        assertThat(Signal.of("x", T0, "src", "sig-9").emissionId("route")).isEqualTo("sig-9:route");
    }

    @Test
    void nullMetadataKeyIsRejected() {
        Map<String, Object> meta = new HashMap<>();
        meta.put(null, 1);
        assertThatThrownBy(() -> new Signal<>("x", T0, "src", "id", meta))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("metadata"));
    }
}
