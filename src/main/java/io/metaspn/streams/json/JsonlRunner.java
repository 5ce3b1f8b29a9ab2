package io.metaspn.streams.json;

import io.metaspn.streams.engine.Emission;
import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.StepFailedException;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.stages.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs JSONL signals through one stage, keeping one state per entity key, and writes the
 * emissions as JSONL in order. A line that cannot be accepted is skipped and reported as one JSON
 * object on the error stream, {@code {"line", "signal_id", "field", "error"}}; it changes no state.
 *
 * <p>Lines are read and parsed on a second thread, in batches handed over in order, while the
 * calling thread runs the engine and writes: parsing is pure, so the output is the same as a
 * single-threaded run, byte for byte.
 *
 * @param <T> the payload type
 * @param <S> the state type
 */
public final class JsonlRunner<T, S> {
    private static final int BATCH = 512;
    private static final int BATCHES_IN_FLIGHT = 8;

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

    /** One parsed line: its number and either its signal or why it was rejected. */
    private record Parsed<T>(long lineNumber, Signal<T> signal, InvalidSignalException rejection) {
    }

    /** Parsed lines in input order; the last batch is marked, and carries the reader's failure if any. */
    private record Batch<T>(List<Parsed<T>> lines, boolean last, IOException failure) {
    }

    private final Stage<T, S> stage;
    private final SignalJson<T> signals;
    private final Engine<T, S> engine;

    /**
     * A runner of {@code stage} (its {@link Stage#engine() engine}: a game binding's validates each signal), reading
     * payloads with {@code payloads}.
     */
    public JsonlRunner(Stage<T, S> stage, PayloadDecoder<T> payloads) {
        this.stage = stage;
        this.signals = new SignalJson<>(payloads);
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
        BlockingQueue<Batch<T>> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
        Thread parser = new Thread(() -> parseAll(input, queue), "metaspn-jsonl-parser");
        parser.setDaemon(true);
        parser.start();
        long lines = 0;
        long accepted = 0;
        long rejected = 0;
        long emitted = 0;
        EmissionJsonWriter writer = new EmissionJsonWriter(output);
        try (RejectionWriter rejections = new RejectionWriter(errors)) {
            while (true) {
                Batch<T> batch = take(queue);
                for (Parsed<T> parsed : batch.lines()) {
                    lines++;
                    List<Emission<?>> emissions;
                    try {
                        if (parsed.rejection() != null) {
                            throw parsed.rejection();
                        }
                        emissions = process(parsed.signal());
                    } catch (InvalidSignalException e) {
                        rejected++;
                        rejections.reject(parsed.lineNumber(), e);
                        continue;
                    }
                    accepted++;
                    for (Emission<?> emission : emissions) {
                        writer.accept(emission);
                    }
                    emitted += emissions.size();
                }
                if (batch.failure() != null) {
                    throw batch.failure();
                }
                if (batch.last()) {
                    break;
                }
            }
            writer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            parser.interrupt();
        }
        return new Summary(lines, accepted, rejected, emitted, engine.keys().size());
    }

    private void parseAll(BufferedReader input, BlockingQueue<Batch<T>> queue) {
        List<Parsed<T>> batch = new ArrayList<>(BATCH);
        long lineNumber = 0;
        try {
            String line;
            while ((line = input.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                batch.add(parse(lineNumber, line));
                if (batch.size() == BATCH) {
                    queue.put(new Batch<>(batch, false, null));
                    batch = new ArrayList<>(BATCH);
                }
            }
            queue.put(new Batch<>(batch, true, null));
        } catch (IOException e) {
            offerLast(queue, new Batch<>(batch, true, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            offerLast(queue, new Batch<>(batch, true, new IOException("reading the input failed: " + e, e)));
        }
    }

    private Parsed<T> parse(long lineNumber, String line) {
        try {
            return new Parsed<>(lineNumber, signals.parse(line), null);
        } catch (InvalidSignalException e) {
            return new Parsed<>(lineNumber, null, e);
        }
    }

    private static <T> void offerLast(BlockingQueue<Batch<T>> queue, Batch<T> last) {
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> Batch<T> take(BlockingQueue<Batch<T>> queue) throws IOException {
        try {
            Batch<T> batch;
            do {
                batch = queue.poll(1, TimeUnit.SECONDS);
            } while (batch == null);
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
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
}
