package io.metaspn.streams.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response of the endpoint: status, content type, body and extra headers.
 *
 * @param status      the HTTP status
 * @param contentType the body's content type
 * @param body        the body
 * @param headers     further response headers
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper();

    Reply {
        headers = Map.copyOf(headers);
    }

    /** A JSON body. */
    static Reply json(int status, ObjectNode body) {
        try {
            return new Reply(status, JSON, MAPPER.writeValueAsBytes(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    /** A text body. */
    static Reply text(int status, String contentType, String body) {
        return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {@code {"error": message}}. */
    static Reply error(int status, String message) {
        return json(status, errorBody(message));
    }

    /** {@code {"error": message}} as a tree, for more fields. */
    static ObjectNode errorBody(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    /** A 503 telling the client to come back after {@code seconds}. */
    static Reply unavailable(String message, int seconds) {
        return error(503, message).with("Retry-After", Integer.toString(seconds));
    }

    /** This reply with one more header. */
    Reply with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
