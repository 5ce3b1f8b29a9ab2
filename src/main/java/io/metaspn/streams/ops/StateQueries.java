package io.metaspn.streams.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.metaspn.streams.avro.StageAvroCodec;
import io.metaspn.streams.game.GameBinding;
import io.metaspn.streams.json.Timestamps;
import io.metaspn.streams.jsonvalue.JsonMappers;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code /state/{stage}/{entity}}: the entity's state by interactive query, as JSON
 * {@code {"stage", "entity", "version", "created_at", "updated_at", "value": {...}}} (the value with the stage
 * state's fields in snake_case, times in UTC; the times are null for a state last written before they existed) (IQv2, a key query on the stage's state
 * store, active and running partitions only). Kafka Streams' metadata names the instance that owns the key: this
 * one answers from its store; another one (its {@code application.server}) gets the request forwarded, once (a
 * forwarded request is marked and never forwarded again). While the key's partition is moving or restoring the
 * answer is 503 with {@code Retry-After}.
 */
final class StateQueries {
    /** Marks a forwarded request, with the forwarding instance's {@code application.server}. */
    static final String FORWARDED_BY = "X-Metaspn-Forwarded-By";
    /** Names the instance ({@code application.server}) whose store answered. */
    static final String SERVED_BY = "X-Metaspn-Served-By";
    /** How long a forwarded request may take. */
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How many forwarded requests may wait on other instances at once: the rest are answered 503 at once, so that
     * slow peers never take every HTTP thread from the health probes and the scrapes.
     */
    static final int MAX_CONCURRENT_FORWARDS = 2;
    /** How long a client should wait before asking again while partitions move or restore. */
    static final int RETRY_AFTER_SECONDS = 2;
    private static final Serializer<String> KEYS = Serdes.String().serializer();
    private static final System.Logger LOG = System.getLogger(StateQueries.class.getName());

    private final MetaspnStreamsApp app;
    private final HttpClient client;
    private final Optional<HostInfo> self;
    private final Map<String, GameBinding<?, ?>> stages = new LinkedHashMap<>();
    private final Semaphore forwards = new Semaphore(MAX_CONCURRENT_FORWARDS);

    StateQueries(MetaspnStreamsApp app, HttpClient client) {
        this.app = app;
        this.client = client;
        this.self = app.applicationServer();
        app.settings().stages().forEach(stage -> stages.put(stage.shortName(), stage));
    }

    /** The answer to {@code route}; {@code authorization} is passed on when forwarding. */
    Reply query(Route.State route, String authorization, boolean forwarded) {
        GameBinding<?, ?> stage = stages.get(route.stage());
        if (stage == null) {
            ObjectNode body = Reply.errorBody("unknown stage '" + route.stage() + "'");
            ArrayNode known = body.putArray("stages");
            stages.keySet().forEach(known::add);
            return Reply.json(404, body);
        }
        KafkaStreams.State state = app.state();
        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            return Reply.unavailable("the application is " + state, RETRY_AFTER_SECONDS);
        }
        String store = app.settings().topics(stage).stateStore();
        if (self.isEmpty()) {
            // no application.server: no metadata about other instances; answer from the local partitions
            return local(stage, store, route.entity(), null);
        }
        KeyQueryMetadata owner;
        try {
            owner = app.streams().queryMetadataForKey(store, route.entity(), KEYS);
        } catch (IllegalStateException | StreamsException e) {
            return Reply.unavailable("the application is not running: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.partition() < 0) {
            return Reply.unavailable("the instances are rebalancing; the key's owner is not known yet",
                    RETRY_AFTER_SECONDS);
        }
        if (owner.activeHost().equals(self.get())) {
            return local(stage, store, route.entity(), owner.partition());
        }
        if (forwarded) {
            return Reply.unavailable("the key is moving between instances (this one does not own it)",
                    RETRY_AFTER_SECONDS);
        }
        if (!forwards.tryAcquire()) {
            return Reply.unavailable("too many state queries are waiting on other instances", RETRY_AFTER_SECONDS);
        }
        try {
            return forward(owner.activeHost(), route, authorization);
        } finally {
            forwards.release();
        }
    }

    private <T, S> Reply local(GameBinding<T, S> stage, String store, String entity, Integer partition) {
        StateQueryRequest<GenericRecord> request = StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, GenericRecord>withKey(entity)).requireActive();
        if (partition != null) {
            request = request.withPartitions(Set.of(partition));
        }
        StateQueryResult<GenericRecord> result;
        try {
            result = app.streams().query(request);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return Reply.unavailable("the state store cannot be queried now: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        boolean unavailable = false;
        for (Map.Entry<Integer, QueryResult<GenericRecord>> entry : result.getPartitionResults().entrySet()) {
            QueryResult<GenericRecord> partitionResult = entry.getValue();
            if (partitionResult.isSuccess()) {
                if (partitionResult.getResult() != null) {
                    return found(stage, entity, partitionResult.getResult());
                }
            } else if (isTransient(partitionResult.getFailureReason())) {
                unavailable = true;
            } else {
                LOG.log(System.Logger.Level.WARNING, "state query on " + store + " partition " + entry.getKey()
                        + " failed: " + partitionResult.getFailureReason() + " " + partitionResult.getFailureMessage());
                return Reply.error(500, "the state query failed (" + partitionResult.getFailureReason() + ")");
            }
        }
        if (unavailable || (partition != null && result.getPartitionResults().isEmpty())) {
            return Reply.unavailable("the key's partition is being restored or moved to this instance",
                    RETRY_AFTER_SECONDS);
        }
        ObjectNode body = Reply.errorBody("no state for entity '" + entity + "' in stage " + stage.shortName());
        body.put("stage", stage.shortName()).put("entity", entity);
        return served(Reply.json(404, body));
    }

    private static boolean isTransient(FailureReason reason) {
        return reason == FailureReason.NOT_ACTIVE || reason == FailureReason.NOT_PRESENT
                || reason == FailureReason.NOT_UP_TO_BOUND;
    }

    private <T, S> Reply found(GameBinding<T, S> stage, String entity, GenericRecord record) {
        StageAvroCodec<T, S> codec = stage.avro();
        S value = codec.toState(record);
        StageAvroCodec.StateStamp stamp = StageAvroCodec.stampOf(record);
        ObjectNode body = Reply.MAPPER.createObjectNode().put("stage", stage.shortName()).put("entity", entity)
                .put("version", stamp.version());
        body.put("created_at", stamp.createdAt() == null ? null : Timestamps.format(stamp.createdAt()));
        body.put("updated_at", stamp.updatedAt() == null ? null : Timestamps.format(stamp.updatedAt()));
        body.set("value", JsonMappers.MAPPER.valueToTree(value)); // as the JSON boundary writes records
        return served(Reply.json(200, body));
    }

    private Reply served(Reply reply) {
        return self.map(host -> reply.with(SERVED_BY, host.host() + ":" + host.port())).orElse(reply);
    }

    private Reply forward(HostInfo owner, Route.State route, String authorization) {
        String host = owner.host().contains(":") ? "[" + owner.host() + "]" : owner.host();
        URI uri = URI.create("http://" + host + ":" + owner.port() + route.path());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(FORWARD_TIMEOUT)
                .header(FORWARDED_BY, self.map(h -> h.host() + ":" + h.port()).orElse("unknown"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "the instance at " + owner.host() + ":" + owner.port()
                    + " that owns a queried key did not answer: " + e);
            return Reply.unavailable("the instance that owns the key (" + owner.host() + ":" + owner.port()
                    + ") did not answer", RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unavailable("interrupted while asking the instance that owns the key", RETRY_AFTER_SECONDS);
        }
        Reply reply = new Reply(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(Reply.JSON), response.body(), Map.of());
        for (String header : new String[] {"Retry-After", SERVED_BY, "WWW-Authenticate"}) {
            Optional<String> value = response.headers().firstValue(header);
            if (value.isPresent()) {
                reply = reply.with(header, value.get());
            }
        }
        return reply;
    }
}
