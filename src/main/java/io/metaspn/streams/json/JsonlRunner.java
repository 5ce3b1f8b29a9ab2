package io.metaspn.streams.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.stages.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs JSONL signals through one stage, keeping one state per entity key, and writes the
 * emissions as JSONL in order. A line that cannot be accepted is skipped and reported as one JSON
 * object on the error stream, {@code {"line", "signal_id", "field", "error"}}; it changes no state.
 *
 * @param <T> the payload type
 * @param <S> the state type
 */
public final class JsonlRunner<T, S> {

    /**
     * What a run did.
     *
     * @param lines     non-blank input lines read
     * @param accepted  signals processed
     * @param rejected  lines rejected
     * @param emissions emissions written
     * @param entities  distinct entity keys with a state
     */
    public record Summary(long lines, long accepted, long rejected, long emissions, long entities) {
    }

    private final Stage<T, S> stage;
    private final SignalJson<T> signals;
    private final Engine<T, S> engine;

    public JsonlRunner(Stage<T, S> stage) {
        this.stage = stage;
        this.signals = new SignalJson<>(StagePayloads.decoderFor(stage));
        this.engine = stage.engine();
    }

    /** The engine holding the per-entity states (for inspection after a run). */
    public Engine<T, S> engine() {
        return engine;
    }

    /**
     * Processes every line of {@code input}; emissions go to {@code output}, rejections to {@code errors}.
     * Both outputs are flushed, not closed.
     */
    public Summary run(BufferedReader input, OutputStream output, OutputStream errors) throws IOException {
        long lineNumber = 0;
        long lines = 0;
        long accepted = 0;
        long rejected = 0;
        long emitted = 0;
        EmissionJsonWriter writer = new EmissionJsonWriter(output);
        try (JsonGenerator errorOut = JsonMappers.MAPPER.getFactory().createGenerator(errors, JsonEncoding.UTF8)) {
            errorOut.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            errorOut.setRootValueSeparator(null);
            String line;
            while ((line = input.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                List<Emission<?>> emissions;
                try {
                    Signal<T> signal = signals.parse(line);
                    emissions = process(signal);
                } catch (InvalidSignalException e) {
                    rejected++;
                    reject(errorOut, lineNumber, e);
                    continue;
                }
                accepted++;
                for (Emission<?> emission : emissions) {
                    writer.accept(emission);
                }
                emitted += emissions.size();
            }
            writer.flush();
            errorOut.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Summary(lines, accepted, rejected, emitted, engine.keys().size());
    }

    private List<Emission<?>> process(Signal<T> signal) {
        try {
            return engine.process(signal);
        } catch (ValidationException e) {
            throw InvalidSignalException.of(signal.signalId(), e);
        } catch (StepFailedException e) {
            Throwable cause = e.getCause();
            String field = cause instanceof ValidationException v && v.field() != null ? "payload." + v.field() : null;
            throw new InvalidSignalException(signal.signalId(), field,
                    "step '" + e.step() + "' of " + stage.pipelineName() + " failed: " + cause, e);
        }
    }

    private static void reject(JsonGenerator out, long lineNumber, InvalidSignalException e) throws IOException {
        out.writeStartObject();
        out.writeNumberField("line", lineNumber);
        out.writeStringField("signal_id", e.signalId());
        out.writeStringField("field", e.field());
        out.writeStringField("error", e.getMessage());
        out.writeEndObject();
        out.writeRaw('\n');
        out.flush();
    }
}
