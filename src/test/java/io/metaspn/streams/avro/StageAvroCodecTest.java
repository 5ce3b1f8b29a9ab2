package io.metaspn.streams.avro;

import io.metaspn.streams.game.reference.ReferenceBindings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaspn.streams.reference.Conformance;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.json.EmissionJsonWriter;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.avro.m2.M2Candidate;
import io.metaspn.streams.avro.m2.M2Signal;
import io.metaspn.streams.stages.M2Shortlist;
import io.metaspn.streams.stages.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Signals, emissions and states survive the trip through their Avro records and binary encoding. */
class StageAvroCodecTest {

    static Stream<Conformance.Fixture> fixtures() {
        return Conformance.fixtures();
    }

    @ParameterizedTest(name = "{0} through Avro")
    @MethodSource("fixtures")
    void conformanceHoldsThroughAvroSignalsEmissionsAndStates(Conformance.Fixture fixture) {
        assertThat(Conformance.differences(fixture.expectedLines(), runThroughAvro(fixture.stage(),
                fixture.signalLines()))).isEmpty();
    }

    private static <T, S> List<String> runThroughAvro(Stage<T, S> stage, List<String> lines) {
        StageAvroCodec<T, S> codec = ReferenceBindings.of(stage).avro();
        SignalJson<T> json = new SignalJson<>(ReferenceBindings.of(stage)::decodePayload);
        Engine<T, S> engine = stage.engine();
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Signal<T> original = json.parse(line);
            Signal<T> signal = codec.toSignal(roundTrip(codec.fromSignal(original), codec.signalSchema()));
            assertThat(signal).isEqualTo(original);
            for (Emission<?> emission : engine.process(signal)) {
                Emission<Object> back = codec.toEmission(roundTrip(codec.fromEmission(emission), codec.emissionSchema()));
                assertThat(back).isEqualTo(emission);
                out.add(EmissionJsonWriter.toJson(back));
            }
            String key = stage.entityKey(signal.payload());
            S state = engine.getState(key).value();
            assertThat(codec.toState(roundTrip(codec.fromState(state), codec.stateSchema()))).isEqualTo(state);
        }
        return out;
    }

    @Test
    void invalidAvroSignalIsRejectedNamingTheField() {
        StageAvroCodec<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> codec = ReferenceBindings.of(new M2Shortlist()).avro();
        M2Signal repeated = new M2Signal("sig_1", Instant.parse("2026-02-06T12:00:00Z"), "src",
                new io.metaspn.streams.avro.m2.M2Shortlist("aud", "p", List.of(new M2Candidate("c1", "t", 0.5, 0.0),
                        new M2Candidate("c1", "u", 0.2, 0.0))), Map.of(), 1, List.of(), null);
        M2Signal emptyId = new M2Signal("", Instant.parse("2026-02-06T12:00:00Z"), "src",
                new io.metaspn.streams.avro.m2.M2Shortlist("aud", "p", List.of(new M2Candidate("c1", "t", 0.5, 0.0))),
                Map.of(), 1, List.of(), null);
        M2Signal notFinite = new M2Signal("sig_2", Instant.parse("2026-02-06T12:00:00Z"), "src",
                new io.metaspn.streams.avro.m2.M2Shortlist("aud", "p",
                        List.of(new M2Candidate("c1", "t", Double.NaN, 0.0))), Map.of("k", "not json"), 1, List.of(),
                null);

        assertThatThrownBy(() -> codec.toSignal(repeated)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("payload.candidates[1].candidate_id"));
        assertThatThrownBy(() -> codec.toSignal(emptyId)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("signal_id"));
        assertThatThrownBy(() -> codec.toSignal(notFinite)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("payload.candidates[0].score"));
    }

    @Test
    void signalEnvelopeCarriesTraceAndEntityRefs() {
        StageAvroCodec<M2Shortlist.Shortlist, M2Shortlist.ShortlistState> codec = ReferenceBindings.of(new M2Shortlist()).avro();
        Signal<M2Shortlist.Shortlist> signal = Signal.of(new M2Shortlist.Shortlist("aud_7", "p",
                        List.of(new M2Shortlist.Candidate("c1", "t", 0.5, 0.0))), Instant.parse("2026-02-06T12:00:00Z"),
                "src", "sig_9").withMetadata("trace_id", "tr_9");

        M2Signal envelope = (M2Signal) codec.fromSignal(signal);

        assertThat(envelope.getEntityRefs()).containsExactly("aud_7");
        assertThat(envelope.getTrace().getTraceId()).isEqualTo("tr_9");
        assertThat(envelope.getMetadata()).containsEntry("trace_id", "\"tr_9\"");
        assertThat(envelope.getSchemaVersion()).isEqualTo(StageAvroCodec.SCHEMA_VERSION);
    }

    @SuppressWarnings("unchecked")
    static <R extends GenericRecord> R roundTrip(GenericRecord record, Schema schema) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<Object>(schema).write(record, encoder);
            encoder.flush();
            return (R) new SpecificDatumReader<Object>(schema)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
