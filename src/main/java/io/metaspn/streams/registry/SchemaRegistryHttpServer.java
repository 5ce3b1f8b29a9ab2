package io.metaspn.streams.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A small HTTP server on 127.0.0.1 speaking the Confluent Schema Registry REST API over an in-memory
 * registry: what {@code demo} and {@code run --embedded} serve so that other processes ({@code produce},
 * {@code tail}) can read and write the same topics. For development and tests, not production. It
 * can demand basic auth.
 */
public final class SchemaRegistryHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemorySchemaRegistryClient backend;
    private final String contextPath;
    private final String requiredAuthorization;
    private final HttpServer server;

    /**
     * Starts a server on a free port.
     *
     * @param contextPath the API's base path, e.g. "" or "/apis/ccompat/v7"
     * @param requiredAuthorization the Authorization header to demand, or null for none
     */
    public SchemaRegistryHttpServer(InMemorySchemaRegistryClient backend, String contextPath, String requiredAuthorization)
            throws IOException {
        this.backend = backend;
        this.contextPath = contextPath;
        this.requiredAuthorization = requiredAuthorization;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(contextPath.isEmpty() ? "/" : contextPath, this::handle);
        server.start();
    }

    /** The base URL a client should use. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + contextPath;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getRawPath().substring(contextPath.length());
            String query = exchange.getRequestURI().getRawQuery();
            String method = exchange.getRequestMethod();
            if (requiredAuthorization != null
                    && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            try {
                respond(exchange, 200, route(method, path, query, body));
            } catch (SchemaRegistryException e) {
                respond(exchange, e.status(), error(e.errorCode(), e.getMessage()));
            } catch (SchemaParseException e) {
                respond(exchange, 422, error(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage()));
            } catch (IllegalArgumentException e) {
                respond(exchange, 422, error(42203, e.getMessage()));
            } catch (RuntimeException e) {
                respond(exchange, 500, error(50001, e.toString()));
            }
        }
    }

    private Object route(String method, String path, String query, String body) throws IOException {
        List<String> p = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                p.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        String route = method + " " + String.join("/", p.stream().map(s -> "*").toList());
        String first = p.isEmpty() ? "" : p.get(0);
        switch (method + " " + first + " " + p.size()) {
            case "GET subjects 1":
                return backend.subjects();
            case "POST subjects 3": {
                int id = backend.register(p.get(1), schema(body));
                return JSON.createObjectNode().put("id", id);
            }
            case "POST subjects 2": {
                Schema schema = schema(body);
                String subject = p.get(1);
                Optional<RegisteredSchema> found = backend.lookupVersion(subject, schema);
                if (found.isEmpty()) {
                    throw backend.hasSubject(subject) ? new SchemaRegistryException(404,
                            SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found")
                            : SchemaRegistryException.subjectNotFound(subject);
                }
                return registered(found.get());
            }
            case "GET subjects 3":
                return backend.versions(p.get(1));
            case "GET subjects 4": {
                String v = p.get(3);
                return registered("latest".equals(v) ? backend.getLatest(p.get(1))
                        : backend.getVersion(p.get(1), Integer.parseInt(v)));
            }
            case "DELETE subjects 2":
                return backend.deleteSubject(p.get(1));
            case "GET schemas 3":
                return JSON.createObjectNode().put("schema", backend.getSchemaById(Integer.parseInt(p.get(2))).toString());
            case "POST compatibility 5": {
                if (!backend.hasSubject(p.get(2))) {
                    throw SchemaRegistryException.subjectNotFound(p.get(2));
                }
                return JSON.createObjectNode().put("is_compatible", backend.testCompatibility(p.get(2), schema(body)));
            }
            case "GET config 1":
                return JSON.createObjectNode().put("compatibilityLevel", backend.getGlobalCompatibility().name());
            case "GET config 2": {
                Optional<CompatibilityLevel> own = backend.getSubjectCompatibility(p.get(1));
                if (own.isEmpty() && !"defaultToGlobal=true".equals(query)) {
                    throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                            "Subject '" + p.get(1) + "' does not have subject-level compatibility configured");
                }
                return JSON.createObjectNode().put("compatibilityLevel",
                        own.orElse(backend.getGlobalCompatibility()).name());
            }
            case "PUT config 1": {
                CompatibilityLevel level = CompatibilityLevel.parse(JSON.readTree(body).path("compatibility").asText());
                backend.setGlobalCompatibility(level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            case "PUT config 2": {
                CompatibilityLevel level = CompatibilityLevel.parse(JSON.readTree(body).path("compatibility").asText());
                backend.setCompatibility(p.get(1), level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            default:
                throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found: " + route + " " + Arrays.toString(p.toArray()));
        }
    }

    private static Schema schema(String body) throws IOException {
        JsonNode node = JSON.readTree(body);
        if (node.hasNonNull("schemaType") && !"AVRO".equals(node.get("schemaType").asText())) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "only AVRO here");
        }
        return new Schema.Parser().parse(node.path("schema").asText());
    }

    private static ObjectNode registered(RegisteredSchema r) {
        return JSON.createObjectNode().put("subject", r.subject()).put("version", r.version()).put("id", r.id())
                .put("schema", r.schema().toString());
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
