package io.metaspn.streams.bench;

import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.json.SignalJson;
import io.metaspn.streams.game.GameBinding;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Valid signals for one stage, generated for benchmarks: signal {@code i} is a function of the seed and
 * {@code i} alone (the same seed gives the same signals, in any order of asking), belongs to entity
 * {@code i mod entities} (so {@code n >= entities} signals touch exactly {@code entities} entities, each in
 * turn), has the unique id {@code sig_<stage>_bench_<i>} and the event time {@link #START} plus 7 s per index.
 * Each signal is written in the spec's JSON shape and read back through the stage's decoder, so every one
 * of them is valid for the stage.
 *
 * @param <T> the stage's payload type
 */
public final class SignalGenerator<T> {
    /** The event time of signal 0. */
    public static final Instant START = Instant.parse("2026-02-06T12:00:00Z");
    private static final long STEP_MILLIS = 7_000L;
    private static final String[] PLATFORMS = {"podcast", "x", "youtube"};
    private static final String[] TIERS = {"core", "edge", "new"};
    private static final String[] CHANNELS = {"email", "podcast", "social"};
    private static final String[] TITLES = {"Alpha", "Beta", "Gamma", "Delta", "Omega"};

    private final GameBinding<T, ?> stage;
    private final long seed;
    private final int entities;
    private final SignalJson<T> json;

    private SignalGenerator(GameBinding<T, ?> stage, long seed, int entities) {
        this.stage = Objects.requireNonNull(stage, "stage");
        if (entities < 1) {
            throw new IllegalArgumentException("entities must be at least 1, got " + entities);
        }
        this.seed = seed;
        this.entities = entities;
        this.json = new SignalJson<>(stage::decodePayload);
    }

    /** A generator of {@code stage}'s signals over {@code entities} entities, seeded by {@code seed}. */
    public static <T> SignalGenerator<T> of(GameBinding<T, ?> stage, long seed, int entities) {
        return new SignalGenerator<>(stage, seed, entities);
    }

    /** The stage whose signals this generates. */
    public GameBinding<T, ?> stage() {
        return stage;
    }

    /** The number of distinct entities. */
    public int entities() {
        return entities;
    }

    /** Signal {@code index}, decoded as the stage reads it. */
    public Signal<T> signal(long index) {
        return json.parse(line(index));
    }

    /** The entity key of signal {@code index} (as {@link GameBinding#entityKey} gives it). */
    public String entityKey(long index) {
        return stage.entityKey(signal(index).payload());
    }

    /** Signal {@code index} as one line of JSON in the spec's shape. */
    public String line(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        SplittableRandom random = new SplittableRandom(seed ^ (index * 0x9E3779B97F4A7C15L));
        long entity = index % entities;
        String name = stage.shortName();
        String payload = switch (name) {
            case "m0" -> m0(random, index, entity);
            case "m1" -> m1(random, entity);
            case "m2" -> m2(random, index, entity);
            case "m3" -> m3(random, index, entity);
            case "m4" -> m4(random, entity);
            default -> throw new IllegalArgumentException("no signal generator for stage " + name);
        };
        return "{\"signal_id\": \"sig_" + name + "_bench_" + index + "\", \"timestamp\": \""
                + START.plusMillis(STEP_MILLIS * index) + "\", \"source\": \"bench." + name + "\", \"payload\": "
                + payload + ", \"metadata\": {\"trace_id\": \"tr_" + index + "\"}}";
    }

    private static String m0(SplittableRandom random, long index, long entity) {
        return "{\"platform\": \"" + PLATFORMS[(int) (entity % PLATFORMS.length)] + "\", \"external_id\": \"ext_"
                + index + "\", \"actor_ref\": \"actor_" + entity + "\", \"content_hash\": \""
                + String.format(Locale.ROOT, "%016x", random.nextLong()) + "\"}";
    }

    private static String m1(SplittableRandom random, long entity) {
        return "{\"profile_id\": \"p_" + entity + "\", \"profile_tier\": \"" + pick(random, TIERS)
                + "\", \"quality_score\": " + random.nextDouble() + ", \"intent_score\": " + random.nextDouble()
                + ", \"channel\": \"" + pick(random, CHANNELS) + "\"}";
    }

    private static String m2(SplittableRandom random, long index, long entity) {
        StringBuilder candidates = new StringBuilder();
        int count = 3 + random.nextInt(6);
        for (int c = 0; c < count; c++) {
            candidates.append(c == 0 ? "" : ", ").append("{\"candidate_id\": \"c").append(c)
                    .append("\", \"title\": \"").append(pick(random, TITLES)).append(' ').append(c)
                    .append("\", \"score\": ").append(random.nextDouble());
            if (random.nextBoolean()) {
                candidates.append(", \"context_boost\": ").append(random.nextDouble() / 10);
            }
            candidates.append('}');
        }
        return "{\"audience_id\": \"aud_" + entity + "\", \"prompt\": \"Recommendation " + index
                + "\", \"candidates\": [" + candidates + "]}";
    }

    private static String m3(SplittableRandom random, long index, long entity) {
        return "{\"learner_id\": \"learner_" + entity + "\", \"skill_id\": \"skill_" + random.nextInt(20)
                + "\", \"attempt_id\": \"att_" + index + "\", \"expected_score\": " + random.nextDouble()
                + ", \"observed_score\": " + random.nextDouble() + "}";
    }

    private static String m4(SplittableRandom random, long entity) {
        StringBuilder games = new StringBuilder();
        int gameCount = 1 + random.nextInt(4);
        for (int g = 0; g < gameCount; g++) {
            games.append(g == 0 ? "" : ", ").append("{\"game_id\": \"g").append(g).append("\", \"attention_weight\": ")
                    .append(random.nextDouble() * 100).append(", \"stakers\": [");
            int stakers = random.nextInt(5);
            for (int s = 0; s < stakers; s++) {
                games.append(s == 0 ? "" : ", ").append("{\"staker_id\": \"s").append(s)
                        .append("\", \"stake_weight\": ").append(random.nextDouble() * 100)
                        .append(", \"conviction_days\": ").append(random.nextInt(60)).append('}');
            }
            games.append("]}");
        }
        return "{\"season_id\": \"season_" + entity + "\", \"total_reward_pool\": " + (1000 + random.nextInt(9000))
                + ".0, \"games\": [" + games + "]}";
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
