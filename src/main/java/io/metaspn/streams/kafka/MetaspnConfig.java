package io.metaspn.streams.kafka;

import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.game.GameSettings;
import io.metaspn.streams.game.Games;
import io.metaspn.streams.registry.SchemaRegistries;
import io.metaspn.streams.registry.SchemaRegistryClient;
import io.metaspn.streams.stages.Stage;
import io.metaspn.streams.stages.StageCatalogue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The application's own settings ({@code metaspn.*} keys), parsed once, at the edge, by Kafka's {@link ConfigDef}
 * as {@link org.apache.kafka.streams.StreamsConfig} parses its own: each setting has a type, a default, a validator,
 * an importance and documentation ({@link #CONFIG_DEF}; the README's settings table is generated from it). A bad
 * value is a {@link ConfigException} naming the key and the value.
 *
 * <p>The same configuration also carries Kafka Streams and client settings, which this class leaves alone. A game's
 * own settings live under its namespace, {@code metaspn.<game>.*}, and are not parsed here: {@link #gameSettings}
 * hands them to the game (without the prefix), which parses them with its own {@code ConfigDef}
 * ({@link io.metaspn.streams.game.reference.M4Settings} for the reference stage M4's early-conviction rule).
 *
 * <p>Objects Kafka Streams creates from a class name (the dead-letter handlers, the RocksDB config setter) get the
 * configuration's originals and parse them with this class too.
 */
public final class MetaspnConfig extends AbstractConfig {
    /** The prefix of every key of the application's own settings, and of every game's namespace. */
    public static final String PREFIX = "metaspn.";

    /** Config key: the stages to run, comma-separated short names or stage keys. */
    public static final String STAGES = "metaspn.stages";
    /** Config key: the first part of every public topic's name. */
    public static final String TOPIC_PREFIX = "metaspn.topic.prefix";
    /** Config key: the last part of every public topic's name. */
    public static final String TOPIC_VERSION = "metaspn.topic.version";
    /** Config key: re-key input by entity through a repartition topic. */
    public static final String REPARTITION_BY_ENTITY = "metaspn.repartition.by.entity";
    /** Config key: how long processed signal ids are remembered (ISO-8601 duration such as P7D, or milliseconds). */
    public static final String DEDUP_RETENTION = "metaspn.dedup.retention";
    /** Config key: whether writers register schemas (production registers them ahead). */
    public static final String AUTO_REGISTER_SCHEMAS = "metaspn.schema.registry.auto.register";
    /** Config key: the largest record the application writes, in bytes. */
    public static final String MAX_RECORD_BYTES = "metaspn.max.record.bytes";
    /** Config key: the off-heap memory budget of all RocksDB stores of the process, in bytes. */
    public static final String ROCKSDB_MEMORY_BYTES = "metaspn.rocksdb.memory.bytes";
    /** Config key: the schema registry URL ({@code http(s)://…} or {@code mem://<scope>}). */
    public static final String SCHEMA_REGISTRY_URL = "metaspn.schema.registry.url";
    /**
     * Config key, set by {@link MetaspnStreamsApp} (not a user setting, not in {@link #CONFIG_DEF}): the
     * {@link ProcessingListener} object the dead-letter handlers report to.
     */
    public static final String PROCESSING_LISTENER = "metaspn.internal.processing.listener";

    /** The default of {@value #ROCKSDB_MEMORY_BYTES}: 64 MiB. */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 64L * 1024 * 1024;
    /** The smallest RocksDB budget accepted: 1 MiB. */
    public static final long MIN_ROCKSDB_MEMORY_BYTES = 1024L * 1024;

    /** The definition of every generic setting: type, default, validator, importance, documentation. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(STAGES, Type.LIST, String.join(",", StageCatalogue.SHORT_NAMES), new StageNames(),
                    Importance.HIGH, "The stages to run, each its own sub-topology: short names (m1) or stage keys"
                            + " (m1_route), comma-separated.")
            .define(SCHEMA_REGISTRY_URL, Type.STRING, null, new RegistryUrl(), Importance.HIGH,
                    "The schema registry: a Confluent-API registry (http(s)://host:port, user-info allowed), or"
                            + " mem://<scope> for an in-memory one. Required by the commands that read or write"
                            + " Avro (--schema-registry-url). Its client settings are schema.registry.* and"
                            + " basic.auth.user.info.")
            .define(TOPIC_PREFIX, Type.STRING, StreamsSettings.DEFAULT_TOPIC_PREFIX, new TopicNamePart(),
                    Importance.MEDIUM, "The first part of every public topic's name: <prefix>.<stage>.signals"
                            + ".<version>, .emissions., .dlq.")
            .define(TOPIC_VERSION, Type.STRING, StreamsSettings.DEFAULT_TOPIC_VERSION, new TopicNamePart(),
                    Importance.MEDIUM, "The last part of every public topic's name.")
            .define(REPARTITION_BY_ENTITY, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Re-key input by entity through a repartition topic; producers that key by entity, like"
                            + " produce, can turn it off.")
            .define(DEDUP_RETENTION, Type.STRING, "P7D",
                    new PositiveDuration(), Importance.MEDIUM, "How long processed signal ids are remembered,"
                            + " counted in stream time, i.e. the times the signals were written: ids live in a"
                            + " segmented window store whose segments drop whole as stream time passes the retention,"
                            + " so a duplicate written later than that after the original is processed again.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Whether the application registers the schemas it writes to public topics; off for"
                            + " production, where they are registered ahead (schemas register) and a missing one"
                            + " stops the application at start-up.")
            .define(MAX_RECORD_BYTES, Type.INT, StreamsSettings.DEFAULT_MAX_RECORD_BYTES,
                    Range.atLeast(StreamsSettings.MIN_MAX_RECORD_BYTES), Importance.MEDIUM,
                    "The largest record (key, value, headers and framing) the application writes, in bytes; the"
                            + " default is the producer's max.request.size. For emissions it is lowered to the"
                            + " emissions topics' max.message.bytes, read at start-up and after the broker refused"
                            + " a write. A signal whose emissions or state would be larger is dead-lettered.")
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES,
                    Range.atLeast(MIN_ROCKSDB_MEMORY_BYTES), Importance.LOW,
                    "One off-heap memory budget for all RocksDB stores of the process, in bytes: a block cache"
                            + " shared by every store, index and filter blocks included, a quarter of it counted"
                            + " for memtables.");

    /**
     * The namespaces of the generic settings (the first part of each key after {@value #PREFIX}: {@code stages},
     * {@code topic}, {@code schema}, …, and {@code internal}): no game's settings can live there.
     */
    public static final Set<String> GENERIC_NAMESPACES = genericNamespaces();

    private Games games;
    private List<GameBinding<?, ?>> stages;

    /**
     * Parses {@code config}: the {@code metaspn.*} settings (absent ones keep their defaults); other keys are kept
     * as originals.
     *
     * @throws ConfigException naming the key and the value of a bad setting
     */
    public MetaspnConfig(Map<?, ?> config) {
        super(CONFIG_DEF, config, false);
    }

    /** The settings of the stream application: the stages (built from their games' settings) and the rest. */
    public StreamsSettings settings() {
        return new StreamsSettings(stages(), topicPrefix(), topicVersion(), getBoolean(REPARTITION_BY_ENTITY),
                dedupRetention(), getBoolean(AUTO_REGISTER_SCHEMAS), getInt(MAX_RECORD_BYTES));
    }

    /**
     * The games of {@value #STAGES}, in order, among those on the class path ({@link Games}: the reference stages
     * and every game a {@link io.metaspn.streams.game.GameProvider} provides), each configured by its provider from
     * its own namespace, {@code metaspn.<game>.*}.
     *
     * @throws ConfigException naming {@value #STAGES} for an unknown stage, one named twice or a game named like a
     *     generic namespace, or naming a game's key for a bad game setting
     */
    public synchronized List<GameBinding<?, ?>> stages() {
        if (stages == null) {
            List<String> names = StageNames.of(getList(STAGES));
            String given = String.join(",", names);
            Games games = games();
            List<GameBinding<?, ?>> selected = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                GameBinding<?, ?> game;
                try {
                    game = games.byName(name);
                    gamePrefix(game.shortName());
                } catch (IllegalArgumentException refused) {
                    throw new ConfigException(STAGES, given, refused.getMessage());
                }
                if (!seen.add(game.shortName())) {
                    throw new ConfigException(STAGES, given, "names stage " + game.shortName() + " twice");
                }
                selected.add(game);
            }
            stages = List.copyOf(selected);
        }
        return stages;
    }

    /**
     * Every game on the class path, each configured by its provider from its namespace of this configuration;
     * discovered once.
     */
    public synchronized Games games() {
        if (games == null) {
            games = Games.discover(GameSettings.from(originals()));
        }
        return games;
    }

    /**
     * The game named {@code name} (short name or stage key), configured from this configuration.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public GameBinding<?, ?> game(String name) {
        return games().byName(name);
    }

    /** The names of {@code stage}'s topics and stores under {@value #TOPIC_PREFIX} and {@value #TOPIC_VERSION}. */
    public StageTopics topics(Stage<?, ?> stage) {
        return new StageTopics(stage.shortName(), topicPrefix(), topicVersion());
    }

    /** {@value #TOPIC_PREFIX}. */
    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    /** {@value #TOPIC_VERSION}. */
    public String topicVersion() {
        return getString(TOPIC_VERSION);
    }

    /** {@value #DEDUP_RETENTION}. */
    public Duration dedupRetention() {
        return PositiveDuration.parse(getString(DEDUP_RETENTION));
    }

    /** {@value #ROCKSDB_MEMORY_BYTES}. */
    public long rocksDbMemoryBytes() {
        return getLong(ROCKSDB_MEMORY_BYTES);
    }

    /**
     * The schema registry of {@value #SCHEMA_REGISTRY_URL} with the {@code schema.registry.*} and
     * {@code basic.auth.*} client settings.
     *
     * @throws ConfigException when {@value #SCHEMA_REGISTRY_URL} is not set
     */
    public SchemaRegistryClient schemaRegistry() {
        if (!hasSchemaRegistry()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " (--schema-registry-url) is required");
        }
        String url = getString(SCHEMA_REGISTRY_URL);
        Map<String, String> registryConfig = new LinkedHashMap<>();
        originalsWithPrefix("schema.registry.", false).forEach((key, value) ->
                registryConfig.put(key, String.valueOf(value)));
        originalsWithPrefix("basic.auth.", false).forEach((key, value) ->
                registryConfig.put(key, String.valueOf(value)));
        return SchemaRegistries.forUrl(url, registryConfig);
    }

    /** Whether {@value #SCHEMA_REGISTRY_URL} is set. */
    public boolean hasSchemaRegistry() {
        String url = getString(SCHEMA_REGISTRY_URL);
        return url != null && !url.isBlank();
    }

    /** The {@link ProcessingListener} {@link MetaspnStreamsApp} put under {@value #PROCESSING_LISTENER}, if any. */
    public ProcessingListener processingListener() {
        return originals().get(PROCESSING_LISTENER) instanceof ProcessingListener listener ? listener
                : ProcessingListener.NONE;
    }

    /**
     * The settings of game {@code game}: the keys under {@code metaspn.<game>.} with that prefix stripped
     * ({@code metaspn.m4.early.conviction.multiplier} → {@code early.conviction.multiplier} of game {@code m4}).
     */
    public Map<String, String> gameSettings(String game) {
        gamePrefix(game); // refuses a generic namespace
        return GameSettings.from(originals()).of(game.toLowerCase(Locale.ROOT));
    }

    /**
     * The {@code metaspn.*} keys that no setting reads, worth a warning: one misspelt in a generic namespace (such
     * as {@code metaspn.dedup.retension}) or one in the namespace of no game on the class path (such as
     * {@code metaspn.podcst.episodes}, or a game's key given while its jar is missing). Keys in a game's own
     * namespace are that game's to check.
     */
    public List<String> unknownSettings() {
        Set<String> gameNamespaces = new HashSet<>();
        games().names().forEach(name -> gameNamespaces.add(name.toLowerCase(Locale.ROOT)));
        return originals().keySet().stream()
                .filter(key -> key.startsWith(PREFIX) && !CONFIG_DEF.names().contains(key)
                        && !key.equals(PROCESSING_LISTENER))
                .filter(key -> GENERIC_NAMESPACES.contains(namespaceOf(key))
                        || !gameNamespaces.contains(namespaceOf(key)))
                .sorted().toList();
    }

    /**
     * {@code metaspn.<game>.}: the prefix of game {@code game}'s settings.
     *
     * @throws IllegalArgumentException when {@code game} is a generic namespace ({@link #GENERIC_NAMESPACES})
     */
    public static String gamePrefix(String game) {
        String namespace = game.toLowerCase(Locale.ROOT);
        if (GENERIC_NAMESPACES.contains(namespace)) {
            throw new IllegalArgumentException("a game cannot be named '" + game + "': " + PREFIX + namespace
                    + ".* holds generic settings");
        }
        return PREFIX + namespace + ".";
    }

    /** {@code topic} of {@code metaspn.topic.prefix}. */
    private static String namespaceOf(String key) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private static Set<String> genericNamespaces() {
        Set<String> namespaces = new TreeSet<>();
        CONFIG_DEF.names().forEach(name -> namespaces.add(namespaceOf(name)));
        namespaces.add(namespaceOf(PROCESSING_LISTENER));
        return Collections.unmodifiableSet(namespaces);
    }

    /**
     * {@code settings} of game {@code game} as keys of a configuration: each key under {@code metaspn.<game>.}
     * (the inverse of {@link #gameSettings}).
     */
    public static Map<String, Object> gameKeys(String game, Map<String, ?> settings) {
        Map<String, Object> keys = new LinkedHashMap<>();
        settings.forEach((key, value) -> keys.put(gamePrefix(game) + key, value));
        return keys;
    }

    /** The value of {@value #STAGES}: at least one name (blank ones are skipped), none twice. */
    static final class StageNames implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            List<?> given = value instanceof List<?> list ? list : List.of();
            String text = String.join(",", given.stream().map(String::valueOf).toList());
            List<String> names = of(given);
            if (names.isEmpty()) {
                throw new ConfigException(name, text, "names no stage");
            }
            Set<String> seen = new HashSet<>();
            for (String stageName : names) {
                if (!seen.add(stageName.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(name, text, "names " + stageName + " twice");
                }
            }
        }

        /** The names of {@code value}, trimmed, without the blank ones. */
        static List<String> of(List<?> value) {
            return value.stream().map(String::valueOf).map(String::trim).filter(n -> !n.isEmpty()).toList();
        }

        @Override
        public String toString() {
            return "one or more stage names, none twice";
        }
    }

    /** A part of a topic name: non-empty, of the characters Kafka allows in topic names. */
    static final class TopicNamePart implements ConfigDef.Validator {
        private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !LEGAL.matcher(value.toString()).matches()) {
                throw new ConfigException(name, value, "must be 1 to 200 of the characters a-z A-Z 0-9 . _ -");
            }
        }

        @Override
        public String toString() {
            return "[a-zA-Z0-9._-], 1 to 200 characters";
        }
    }

    /** A URL the registry client takes ({@code http://}, {@code https://}, {@code mem://}), or none (blank). */
    static final class RegistryUrl implements ConfigDef.Validator {
        private static final Pattern LEGAL = Pattern.compile("(?i)(https?|mem|mock)://\\S*");

        @Override
        public void ensureValid(String name, Object value) {
            String first = value == null ? "" : value.toString().split(",", -1)[0].trim();
            if (!first.isEmpty() && !LEGAL.matcher(first).matches()) {
                throw new ConfigException(name, SchemaRegistries.redactUrl(value.toString()),
                        "must be an http://, https:// or mem:// URL");
            }
        }

        @Override
        public String toString() {
            return "http(s)://… or mem://…";
        }
    }

    /** A positive duration: ISO-8601 ({@code P7D}, {@code PT1H}) or whole milliseconds. */
    static final class PositiveDuration implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                parse(value == null ? "" : value.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        /** The duration {@code text} denotes; IllegalArgumentException when it is none, zero or negative. */
        static Duration parse(String text) {
            String trimmed = text.trim();
            Duration duration;
            try {
                duration = !trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)
                        ? Duration.ofMillis(Long.parseLong(trimmed)) : Duration.parse(trimmed);
            } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("must be an ISO-8601 duration (P7D, PT12H) or milliseconds", e);
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException("must be positive");
            }
            return duration;
        }

        @Override
        public String toString() {
            return "a positive ISO-8601 duration (P7D, PT12H) or milliseconds";
        }
    }
}
