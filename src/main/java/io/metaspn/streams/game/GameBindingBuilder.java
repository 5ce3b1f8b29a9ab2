package io.metaspn.streams.game;

import io.metaspn.streams.avro.derived.GameSchemas;
import io.metaspn.streams.engine.GameProtocol;
import io.metaspn.streams.engine.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Binds a {@link GameProtocol} whose payload, state and emission payloads are Java {@code record}s, with no
 * hand-written codec and no hand-written schema:
 *
 * <pre>{@code
 * GameBinding<Listen, ListenerStats> podcast = GameBinding.builder(new PodcastGame(), Listen.class, ListenerStats.class)
 *         .entityKey(Listen::listenerId)
 *         .emits(MilestoneReached.class)
 *         .build();
 * }</pre>
 *
 * <p>The Avro schemas are derived from the record types ({@link GameSchemas}: signal and emission envelopes like
 * the reference stages', the state with its version and times), registered under the usual subjects
 * ({@code <topic>-value}); commit them under {@code schemas/games/<name>/} and gate them with
 * {@link io.metaspn.streams.avro.derived.DerivedSchemas} (BACKWARD_TRANSITIVE). JSON payloads are read by Jackson
 * into the payload record (snake_case fields; every field present, unknown fields ignored; an error names the
 * field). The game's {@link GameProtocol#validateSignal} is the binding's validation, in process and on Kafka.
 *
 * @param <T> the signal payload type
 * @param <S> the state type
 */
public final class GameBindingBuilder<T extends Record, S extends Record> {
    private final GameProtocol<T, S> game;
    private final Class<T> payloadType;
    private final Class<S> stateType;
    private final List<Class<? extends Record>> emissionTypes = new ArrayList<>();
    private String name;
    private String key;
    private String namespace;
    private Function<? super T, String> entityKey;

    GameBindingBuilder(GameProtocol<T, S> game, Class<T> payloadType, Class<S> stateType) {
        this.game = Objects.requireNonNull(game, "game");
        this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
        this.stateType = Objects.requireNonNull(stateType, "stateType");
        this.name = game.name();
    }

    /**
     * The name on the command line and in topic names (default: the game's {@link GameProtocol#name()}): lower-case
     * letters, digits, {@code _} and {@code -}, starting with a letter.
     */
    public GameBindingBuilder<T, S> name(String newName) {
        this.name = Objects.requireNonNull(newName, "name");
        return this;
    }

    /** The stage key, in emission headers and traces (default: the name). */
    public GameBindingBuilder<T, S> key(String newKey) {
        this.key = Objects.requireNonNull(newKey, "key");
        return this;
    }

    /** The Avro namespace of the derived schemas (default: {@code io.metaspn.streams.games.<name>}). */
    public GameBindingBuilder<T, S> namespace(String newNamespace) {
        this.namespace = Objects.requireNonNull(newNamespace, "namespace");
        return this;
    }

    /**
     * The entity a payload belongs to, whose state it reads and replaces (default: the game's
     * {@link GameProtocol#entityKey}, given a signal that carries only the payload: set this when the game's key
     * reads more than the payload).
     */
    public GameBindingBuilder<T, S> entityKey(Function<? super T, String> key) {
        this.entityKey = Objects.requireNonNull(key, "entityKey");
        return this;
    }

    /**
     * The record types of the game's emission payloads. Their order is the order of the emission schema's union:
     * add new types at the end.
     */
    @SafeVarargs
    public final GameBindingBuilder<T, S> emits(Class<? extends Record>... emissionPayloadTypes) {
        for (Class<? extends Record> type : emissionPayloadTypes) {
            emissionTypes.add(Objects.requireNonNull(type, "emission payload type"));
        }
        return this;
    }

    /**
     * The binding.
     *
     * @throws IllegalArgumentException for a bad name, no emission type, or a record type with no Avro schema
     *     (naming the record and component)
     */
    public GameBinding<T, S> build() {
        Games.requireValidName(name);
        String stageKey = key == null ? name : key;
        Function<? super T, String> keyOf = entityKey != null ? entityKey
                : payload -> game.entityKey(Signal.of(payload, Instant.EPOCH, game.name(), "entity-key"));
        GameSchemas schemas = GameSchemas.derive(name, namespace == null ? GameSchemas.defaultNamespace(name)
                : namespace, payloadType, stateType, emissionTypes);
        return new DerivedBinding<>(game, name, stageKey, payloadType, stateType, keyOf, schemas,
                List.copyOf(emissionTypes));
    }
}
