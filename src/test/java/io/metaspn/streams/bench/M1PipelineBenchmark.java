package io.metaspn.streams.bench;

import io.metaspn.streams.engine.Engine;
import io.metaspn.streams.engine.Pipeline;
import io.metaspn.streams.engine.PipelineResult;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.stages.M1Route;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the M1 stage on one thread, in signals per second: {@link #engine} through
 * {@link Engine#process} (keying, state lookup and store, stats), {@link #pipelineOnly} through
 * {@link Pipeline#run} with the per-profile states kept in an array.
 *
 * <p>Run: {@code mvn -B -o -Pbench -DskipTests verify -Djmh.args="M1PipelineBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class M1PipelineBenchmark {
    /** Signals per benchmark invocation. */
    static final int SIGNALS = 1024;
    /** Distinct profile ids (entities). */
    static final int PROFILES = 100;

    private final String[] tiers = {"bronze", "silver", "gold"};
    private final String[] channels = {"email", "web", "partner", "event"};

    private Signal<M1Route.Profile>[] signals;
    private int[] profileIndex;
    private Engine<M1Route.Profile, M1Route.RouteState> engine;
    private Pipeline<M1Route.Profile, M1Route.RouteState> pipeline;
    private M1Route.RouteState[] states;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        Instant start = Instant.parse("2026-02-06T12:00:00Z");
        signals = new Signal[SIGNALS];
        profileIndex = new int[SIGNALS];
        for (int i = 0; i < SIGNALS; i++) {
            int profile = random.nextInt(PROFILES);
            profileIndex[i] = profile;
            M1Route.Profile payload = new M1Route.Profile("profile_" + profile, tiers[profile % tiers.length],
                    channels[random.nextInt(channels.length)], round3(random.nextDouble()), round3(random.nextDouble()));
            signals[i] = Signal.of(payload, start.plusMillis(i * 250L), "bench.m1", "sig_m1_" + i);
        }
        M1Route stage = new M1Route();
        engine = stage.engine();
        pipeline = stage.pipeline();
        states = new M1Route.RouteState[PROFILES];
        java.util.Arrays.fill(states, stage.initialState());
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** Every signal through the keyed engine; one score per signal. */
    @Benchmark
    @OperationsPerInvocation(SIGNALS)
    public void engine(Blackhole blackhole) {
        Engine<M1Route.Profile, M1Route.RouteState> e = engine;
        for (Signal<M1Route.Profile> signal : signals) {
            blackhole.consume(e.process(signal));
        }
    }

    /** Every signal through the pipeline alone, per-profile states in an array; one score per signal. */
    @Benchmark
    @OperationsPerInvocation(SIGNALS)
    public void pipelineOnly(Blackhole blackhole) {
        Pipeline<M1Route.Profile, M1Route.RouteState> p = pipeline;
        M1Route.RouteState[] s = states;
        for (int i = 0; i < SIGNALS; i++) {
            int profile = profileIndex[i];
            PipelineResult<M1Route.RouteState> result = p.run(signals[i], s[profile]);
            s[profile] = result.state();
            blackhole.consume(result.emissions());
        }
    }
}
