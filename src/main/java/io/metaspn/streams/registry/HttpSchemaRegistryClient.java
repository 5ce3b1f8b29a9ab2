package io.metaspn.streams.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (also served by compatible registries such as
 * Apicurio's {@code /apis/ccompat/v7}), for Avro schemas without references. Schemas by id and ids
 * by subject and schema are cached; connection failures and 5xx/429 responses are retried a bounded
 * number of times with exponential backoff. Registration is idempotent also when racing other
 * clients: a registration refused as a conflict (409) or failing with 5xx returns the schema's id
 * if it is registered under the subject by then. Messages never hold the URL's user-info. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    /** The registry's content type, sent with every request body. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record SubjectSchema(String subject, String schema) {
    }

    /**
     * The client's settings. A base URL with user-info ({@code http://user:password@host:8081},
     * percent-encoded) is kept without it; the user-info is used for HTTP basic auth unless
     * {@code userInfo} is given.
     *
     * @param baseUrl the registry's base URL, e.g. {@code http://host:8081} or
     *     {@code http://host:8080/apis/ccompat/v7}; never holds user-info
     * @param userInfo {@code user:password} for HTTP basic auth, or null for none
     * @param requestTimeout the time limit of one HTTP request
     * @param connectTimeout the time limit to open a connection
     * @param maxRetries how many times a request is retried after a connection failure or a 5xx/429 response
     * @param initialBackoff the wait before the first retry; doubled for each further one
     * @param maxBackoff the longest wait between retries
     */
    public record Config(String baseUrl, String userInfo, Duration requestTimeout, Duration connectTimeout,
                         int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (userInfo == null) {
                userInfo = SchemaRegistries.userInfo(baseUrl.trim());
            }
            baseUrl = stripTrailingSlashes(SchemaRegistries.withoutUserInfo(baseUrl.trim()));
            URI uri;
            try {
                uri = URI.create(baseUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("schema registry URL is not valid: " + e.getMessage());
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("schema registry URL must be http(s): " + baseUrl);
            }
            if (userInfo != null && !userInfo.contains(":")) {
                throw new IllegalArgumentException("basic auth user info must be user:password");
            }
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
            }
        }

        /** Defaults: no auth, 10 s requests, 5 s connect, 3 retries from 200 ms up to 5 s. */
        public static Config of(String baseUrl) {
            return new Config(baseUrl, null, Duration.ofSeconds(10), Duration.ofSeconds(5), 3,
                    Duration.ofMillis(200), Duration.ofSeconds(5));
        }

        /** These settings with basic auth as {@code user:password}. */
        public Config withUserInfo(String userInfo) {
            return new Config(baseUrl, userInfo, requestTimeout, connectTimeout, maxRetries, initialBackoff, maxBackoff);
        }

        /** These settings with another request timeout. */
        public Config withRequestTimeout(Duration requestTimeout) {
            return new Config(baseUrl, userInfo, requestTimeout, connectTimeout, maxRetries, initialBackoff, maxBackoff);
        }

        /** These settings with another retry count and backoff. */
        public Config withRetries(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
            return new Config(baseUrl, userInfo, requestTimeout, connectTimeout, maxRetries, initialBackoff, maxBackoff);
        }

        @Override
        public String toString() {
            return "Config[baseUrl=" + baseUrl + ", userInfo=" + (userInfo == null ? "none" : "****")
                    + ", requestTimeout=" + requestTimeout + ", connectTimeout=" + connectTimeout
                    + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + "]";
        }
    }

    private final Config config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** A client with default settings for the registry at the base URL. */
    public HttpSchemaRegistryClient(String baseUrl) {
        this(Config.of(baseUrl));
    }

    /** A client with the given settings. */
    public HttpSchemaRegistryClient(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    /** The client's settings. */
    public Config config() {
        return config;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode body;
        try {
            body = send("POST", "/subjects/" + segment(subject) + "/versions", schemaBody(schema));
        } catch (SchemaRegistryException e) {
            return registeredMeanwhile(subject, schema, e).orElseThrow(() -> e);
        }
        int id = requiredInt(body, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * After a failed registration that may have lost a race, the schema's id if it is registered under
     * the subject now. A race shows as 409 "already exists" (Apicurio, with error_code 409 or 0, the
     * same as its incompatibility answer) or 5xx (Apicurio's storage conflicts), so every 409 and 5xx
     * is checked; a failing check is added to the failure as suppressed.
     */
    private Optional<Integer> registeredMeanwhile(String subject, Schema schema, SchemaRegistryException failure) {
        if (failure.status() != 409 && failure.status() < 500) {
            return Optional.empty();
        }
        try {
            return lookup(subject, schema);
        } catch (SchemaRegistryException lookupFailure) {
            failure.addSuppressed(lookupFailure);
            return Optional.empty();
        }
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parseSchema(body);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    @Override
    public RegisteredSchema getLatest(String subject) {
        return registered(send("GET", "/subjects/" + segment(subject) + "/versions/latest", null), subject);
    }

    @Override
    public RegisteredSchema getVersion(String subject, int version) {
        return registered(send("GET", "/subjects/" + segment(subject) + "/versions/" + version, null), subject);
    }

    @Override
    public Optional<Integer> lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema.toString());
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode body = send("POST", "/subjects/" + segment(subject), schemaBody(schema));
            int id = requiredInt(body, "id");
            idsBySubjectSchema.put(key, id);
            schemasById.putIfAbsent(id, schema);
            return Optional.of(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        JsonNode body = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        requireArray(body).forEach(n -> subjects.add(n.asText()));
        subjects.sort(null);
        return List.copyOf(subjects);
    }

    @Override
    public List<Integer> versions(String subject) {
        return intList(send("GET", "/subjects/" + segment(subject) + "/versions", null));
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        // Checked version by version: POST .../versions/{v} applies the rule's direction to that one
        // version on every registry, whereas POST .../versions (all versions as the rule says) is missing
        // from older Confluent registries, and Apicurio 2.4 checks all versions there even for BACKWARD.
        try {
            if (!getCompatibility(subject).transitive()) {
                return compatibleWith(subject, "latest", schema);
            }
            for (int version : versions(subject)) {
                if (!compatibleWith(subject, Integer.toString(version), schema)) {
                    return false;
                }
            }
            return true;
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return true; // nothing to be incompatible with
            }
            throw e;
        }
    }

    private boolean compatibleWith(String subject, String version, Schema schema) {
        JsonNode body = send("POST", "/compatibility/subjects/" + segment(subject) + "/versions/" + version,
                schemaBody(schema));
        JsonNode flag = body.get("is_compatible");
        if (flag == null || !flag.isBoolean()) {
            throw malformed("is_compatible", body);
        }
        return flag.booleanValue();
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        try {
            return level(send("GET", "/config/" + segment(subject) + "?defaultToGlobal=true", null));
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return getGlobalCompatibility();
            }
            throw e;
        }
    }

    @Override
    public CompatibilityLevel getGlobalCompatibility() {
        return level(send("GET", "/config", null));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + segment(subject), levelBody(level));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", levelBody(level));
    }

    @Override
    public List<Integer> deleteSubject(String subject) {
        List<Integer> versions = intList(send("DELETE", "/subjects/" + segment(subject), null));
        idsBySubjectSchema.keySet().removeIf(k -> k.subject().equals(subject));
        return versions;
    }

    private JsonNode send(String method, String path, String body) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        Duration backoff = config.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt > config.maxRetries();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                if (last) {
                    throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                            method + " " + uri + " failed to connect after " + attempt + " attempt(s): " + e, e);
                }
                sleep(backoff);
                backoff = next(backoff);
                continue;
            } catch (IOException e) {
                throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                        method + " " + uri + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                        method + " " + uri + " interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parseJson(response.body(), method, uri);
            }
            if ((status >= 500 || status == 429) && !last) {
                sleep(backoff);
                backoff = next(backoff);
                continue;
            }
            throw error(method, uri, status, response.body(), attempt);
        }
    }

    private Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                    "interrupted while waiting to retry", e);
        }
    }

    private static SchemaRegistryException error(String method, URI uri, int status, String body, int attempts) {
        int code = status;
        String message = body;
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                if (node.path("error_code").canConvertToInt() && node.path("error_code").intValue() > 0) {
                    code = node.path("error_code").intValue();
                }
                if (node.hasNonNull("message")) {
                    message = node.get("message").asText();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: keep the raw body as the message
        }
        String retried = attempts > 1 ? " after " + attempts + " attempts" : "";
        return new SchemaRegistryException(status, code, method + " " + uri + retried + ": " + message);
    }

    private static JsonNode parseJson(String body, String method, URI uri) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isEmpty() ? "null" : body);
            return node == null ? JSON.nullNode() : node;
        } catch (IOException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.NO_RESPONSE,
                    method + " " + uri + " returned a body that is not JSON: " + e.getMessage(), e);
        }
    }

    private static String schemaBody(Schema schema) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schema", schema.toString());
        return node.toString();
    }

    private static String levelBody(CompatibilityLevel level) {
        ObjectNode node = JSON.createObjectNode();
        node.put("compatibility", Objects.requireNonNull(level, "level").name());
        return node.toString();
    }

    private static CompatibilityLevel level(JsonNode body) {
        JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw malformed("compatibilityLevel", body);
        }
        return CompatibilityLevel.parse(level.asText());
    }

    private static Schema parseSchema(JsonNode body) {
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "schema type " + type.asText() + " is not supported, only AVRO");
        }
        JsonNode text = body.get("schema");
        if (text == null || !text.isTextual()) {
            throw malformed("schema", body);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, SchemaRegistryException.INVALID_SCHEMA,
                    "registry returned a schema that is not valid Avro: " + e.getMessage(), e);
        }
    }

    private RegisteredSchema registered(JsonNode body, String subject) {
        Schema schema = parseSchema(body);
        int id = requiredInt(body, "id");
        int version = requiredInt(body, "version");
        String actualSubject = body.hasNonNull("subject") ? body.get("subject").asText() : subject;
        Schema known = schemasById.putIfAbsent(id, schema);
        Schema result = known == null ? schema : known;
        idsBySubjectSchema.put(new SubjectSchema(actualSubject, result.toString()), id);
        return new RegisteredSchema(actualSubject, version, id, result);
    }

    private static int requiredInt(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw malformed(field, body);
        }
        return n.intValue();
    }

    private static List<Integer> intList(JsonNode body) {
        List<Integer> values = new ArrayList<>();
        for (JsonNode n : requireArray(body)) {
            if (!n.canConvertToInt()) {
                throw malformed("version", body);
            }
            values.add(n.intValue());
        }
        return List.copyOf(values);
    }

    private static JsonNode requireArray(JsonNode body) {
        if (!body.isArray()) {
            throw malformed("[]", body);
        }
        return body;
    }

    private static SchemaRegistryException malformed(String field, JsonNode body) {
        return new SchemaRegistryException(200, SchemaRegistryException.NO_RESPONSE,
                "unexpected registry response, no valid '" + field + "': " + abbreviate(String.valueOf(body)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static String segment(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject is required");
        }
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripTrailingSlashes(String url) {
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
