package io.metaspn.streams.engine;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.stages.M1Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's own usage examples, as executable checks. */
class SeedExamplesTest {
    private static final String M1_LINE = "{\"signal_id\": \"sig_m1_1_0\", \"timestamp\": \"2026-02-06T12:00:00Z\", "
            + "\"source\": \"ops.m1.worker\", \"payload\": {\"profile_id\": \"p_50\", \"profile_tier\": \"core\", "
            + "\"quality_score\": 0.2, \"intent_score\": 0.38, \"channel\": \"email\"}, "
            + "\"metadata\": {\"trace_id\": \"tr_0\", \"tags\": [\"a\", \"b\"]}}";

    /** A click on a page. */
    record Click(String userId, String page) {
    }

    /** Clicks counted so far. */
    record ClickState(long clicks) {
        ClickState plusOne() {
            return new ClickState(clicks + 1);
        }
    }

    private static Pipeline<Click, ClickState> clickPipeline() {
        return Pipeline.<Click, ClickState>named("clicks")
                .then(Transforms.mapToEmission("click.seen", Click::page))
                .then(Transforms.updateState((state, signal) -> state.plusOne()))
                .then(Transforms.emit("click.count", (signal, state) -> state.clicks()));
    }

    private static List<Object> payloads(List<Emission<?>> emissions) {
        List<Object> payloads = new ArrayList<>();
        emissions.forEach(e -> payloads.add(e.payload()));
        return payloads;
    }

    @Test
    void engineBasicUsage() {
        Engine<Click, ClickState> engine = Engine.builder(clickPipeline(), new ClickState(0)).build();
        Instant at = Instant.parse("2026-03-01T10:00:00Z");

        List<Emission<?>> first = engine.process(Signal.of(new Click("u1", "/home"), at, "web", "c1"));
        List<Emission<?>> second = engine.process(Signal.of(new Click("u2", "/about"), at.plusSeconds(1), "web", "c2"));

        assertThat(payloads(first)).containsExactly("/home", 1L);
        assertThat(payloads(second)).containsExactly("/about", 2L);
        assertThat(second).extracting(Emission::emissionId).containsExactly("c2:click.seen", "c2:click.count");
        assertThat(second).extracting(Emission::causedBy).containsOnly("c2");
        assertThat(engine.getState().value()).isEqualTo(new ClickState(2));
        assertThat(engine.getState().version()).isEqualTo(2);
        assertThat(engine.stats().signalsProcessed()).isEqualTo(2);
        assertThat(engine.stats().emissionsProduced()).isEqualTo(4);
    }

    @Test
    void contractTraceabilitySignalDictRoundTrip() {
        SignalJson<M1Route.Profile> json = new SignalJson<>(ReferenceBindings.of(new M1Route())::decodePayload);

        Signal<M1Route.Profile> signal = json.parse(M1_LINE);

        assertThat(signal.signalId()).isEqualTo("sig_m1_1_0");
        assertThat(signal.timestamp()).isEqualTo(Instant.parse("2026-02-06T12:00:00Z"));
        assertThat(signal.source()).isEqualTo("ops.m1.worker");
        assertThat(signal.payload()).isEqualTo(new M1Route.Profile("p_50", "core", "email", 0.2, 0.38));
        assertThat(signal.metadata()).isEqualTo(Map.of("trace_id", "tr_0", "tags", List.of("a", "b")));

        List<Emission<?>> emissions = new M1Route().engine().process(signal);
        assertThat(emissions).extracting(Emission::causedBy).containsOnly("sig_m1_1_0");
        assertThat(emissions).extracting(Emission::emissionId)
                .containsExactlyElementsOf(new M1Route().expectedEmissionIds("sig_m1_1_0"));
        assertThat(EmissionJsonWriter.toJson(emissions.get(0)))
                .startsWith("{\"emission_id\":\"sig_m1_1_0:profile\",\"caused_by\":\"sig_m1_1_0\","
                        + "\"emission_type\":\"m1.profile.enriched\",\"timestamp\":\"2026-02-06T12:00:00Z\"");

        Signal<M1Route.Profile> again = json.parse(M1_LINE);
        assertThat(again).isEqualTo(signal);
    }

    @Test
    void deterministicEmissionIdsAndTimestamps() {
        Instant eventTime = Instant.parse("2001-09-09T01:46:40Z");
        Signal<Click> signal = Signal.of(new Click("u1", "/home"), eventTime, "web", "fixed-id");

        Engine<Click, ClickState> first = Engine.builder(clickPipeline(), new ClickState(0)).build();
        Engine<Click, ClickState> second = Engine.builder(clickPipeline(), new ClickState(0)).build();
        List<Emission<?>> a = first.process(signal);
        List<Emission<?>> b = second.process(signal);
        first.resetState();
        List<Emission<?>> c = first.process(signal);

        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
        assertThat(a).extracting(Emission::emissionId).containsExactly("fixed-id:click.seen", "fixed-id:click.count");
        assertThat(a).extracting(Emission::timestamp).containsOnly(eventTime);
        assertThat(first.getState().updatedAt()).isEqualTo(eventTime);
        assertThat(first.getState().createdAt()).isEqualTo(eventTime);
    }

    @Test
    void batchOrderIsPreserved() {
        Engine<Click, ClickState> engine = Engine.builder(clickPipeline(), new ClickState(0)).build();
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        List<Signal<Click>> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 9; i >= 0; i--) {
            String id = "sig-" + i;
            batch.add(Signal.of(new Click("u" + i, "/p" + i), at.plusSeconds(i), "web", id));
            expected.add(id + ":click.seen");
            expected.add(id + ":click.count");
        }

        List<Emission<?>> emissions = engine.processBatch(batch);

        assertThat(emissions).extracting(Emission::emissionId).containsExactlyElementsOf(expected);
        List<Object> counts = new ArrayList<>();
        for (int i = 1; i < emissions.size(); i += 2) {
            counts.add(emissions.get(i).payload());
        }
        assertThat(counts).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }
}
