package io.metaspn.streams.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.metaspn.streams.engine.Metadata;
import io.metaspn.streams.engine.Signal;
import io.metaspn.streams.engine.ValidationException;
import io.metaspn.streams.jsonvalue.JsonMappers;
import io.metaspn.streams.jsonvalue.JsonValues;
import java.time.Instant;
import java.util.Map;

/**
 * Reads signals in the spec's JSON shape: {@code {"signal_id", "timestamp", "source",
 * "payload": {...}, "metadata": {...}}} ({@code metadata} optional).
 *
 * @param <T> the payload type
 */
public final class SignalJson<T> {
    private static final ObjectReader TREE_READER = JsonMappers.MAPPER.reader();

    private final PayloadDecoder<T> payloadDecoder;

    public SignalJson(PayloadDecoder<T> payloadDecoder) {
        this.payloadDecoder = payloadDecoder;
    }

    /**
     * The signal on one line of JSON.
     *
     * @throws InvalidSignalException naming the field at fault (and the signal id when readable)
     */
    public Signal<T> parse(String json) {
        JsonNode root;
        try {
            root = TREE_READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSignalException(null, null, "malformed JSON: " + e.getOriginalMessage()
                    + location(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSignalException(null, null, "malformed JSON: no value", null);
        }
        if (!root.isObject()) {
            throw new InvalidSignalException(null, null, "a signal must be a JSON object, got "
                    + Fields.describe(root), null);
        }
        JsonNode idNode = root.get("signal_id");
        String readableId = idNode != null && idNode.isTextual() && !idNode.textValue().isEmpty()
                ? idNode.textValue() : null;
        try {
            return read(root);
        } catch (ValidationException e) {
            throw InvalidSignalException.of(readableId, e);
        }
    }

    private Signal<T> read(JsonNode root) {
        String signalId = Fields.string(root, "signal_id");
        Instant timestamp = Timestamps.parse(Fields.string(root, "timestamp"), "timestamp");
        String source = Fields.string(root, "source");
        JsonNode payloadNode = Fields.object(Fields.required(root, "payload"), "payload");
        Map<String, Object> metadata = metadata(root.get("metadata"));
        T payload;
        try {
            payload = payloadDecoder.decode(payloadNode);
        } catch (ValidationException e) {
            throw e.under("payload");
        }
        return new Signal<>(payload, timestamp, source, signalId, metadata);
    }

    private static Map<String, Object> metadata(JsonNode node) {
        if (node == null || node.isNull()) {
            return Metadata.empty();
        }
        Fields.object(node, "metadata");
        if (node.isEmpty()) {
            return Metadata.empty();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) JsonValues.toValue(node);
        return Metadata.freeze(values);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (at column " + e.getLocation().getColumnNr() + ")";
    }
}
