package io.metaspn.streams.registry;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens schema registry clients by URL: {@code mem://<scope>} (or Confluent's {@code mock://<scope>})
 * gives the in-memory registry of that scope, shared by everyone in the JVM who opens the same
 * scope; any other URL gives an {@link HttpSchemaRegistryClient}. Credentials in the URL
 * ({@code http://user:password@host:8081}, percent-encoded) are used for HTTP basic auth unless
 * {@link #BASIC_AUTH_USER_INFO} is set; print such URLs with {@link #redactUrl(String)}.
 */
public final class SchemaRegistries {

    /** Config key: {@code user:password} for HTTP basic auth (Confluent's name). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Config key: the HTTP request timeout in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    /** Config key: the connect timeout in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    /** Config key: how many times a failed request is retried. */
    public static final String MAX_RETRIES = "max.retries";
    /** Config key: the wait before the first retry in milliseconds; doubled for each further one. */
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    /** Config key: the longest wait between retries in milliseconds. */
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    /** Optional prefix of every config key, as in Kafka client configs. */
    public static final String PREFIX = "schema.registry.";

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    /**
     * The client for the URL. A comma-separated list of URLs is accepted; the first one is used.
     * Config keys are the constants of this class, with or without the {@link #PREFIX}; unknown
     * keys are ignored.
     *
     * @throws IllegalArgumentException for an empty or unsupported URL or a malformed setting
     */
    public static SchemaRegistryClient forUrl(String url, Map<String, String> config) {
        Objects.requireNonNull(url, "url");
        Map<String, String> settings = config == null ? Map.of() : config;
        String first = url.split(",", -1)[0].trim();
        if (first.isEmpty()) {
            throw new IllegalArgumentException("schema registry URL is empty");
        }
        String scope = memoryScope(first);
        if (scope != null) {
            return inMemory(scope);
        }
        HttpSchemaRegistryClient.Config defaults = HttpSchemaRegistryClient.Config.of(first);
        return new HttpSchemaRegistryClient(new HttpSchemaRegistryClient.Config(
                first,
                setting(settings, BASIC_AUTH_USER_INFO),
                millis(settings, REQUEST_TIMEOUT_MS, defaults.requestTimeout()),
                millis(settings, CONNECT_TIMEOUT_MS, defaults.connectTimeout()),
                integer(settings, MAX_RETRIES, defaults.maxRetries()),
                millis(settings, RETRY_BACKOFF_MS, defaults.initialBackoff()),
                millis(settings, RETRY_BACKOFF_MAX_MS, defaults.maxBackoff())));
    }

    /**
     * The URL without its user-info ({@code user:password@}), safe to print or log; each URL of a
     * comma-separated list likewise. Null stays null.
     */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        return String.join(",", Arrays.stream(url.split(",", -1)).map(SchemaRegistries::withoutUserInfo).toList());
    }

    /** The URL without its user-info. */
    static String withoutUserInfo(String url) {
        int[] span = userInfoSpan(url);
        return span == null ? url : url.substring(0, span[0]) + url.substring(span[1] + 1);
    }

    /**
     * The URL's user-info, percent-decoded, or null when it has none.
     *
     * @throws IllegalArgumentException when it is not validly percent-encoded (the message does not hold it)
     */
    static String userInfo(String url) {
        int[] span = userInfoSpan(url);
        if (span == null) {
            return null;
        }
        try {
            // '+' is a plain character in a URL's user-info, not a space as in form encoding
            return URLDecoder.decode(url.substring(span[0], span[1]).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the user-info of schema registry URL " + withoutUserInfo(url)
                    + " is not validly percent-encoded");
        }
    }

    /** Start (inclusive) and end (the '@') of the user-info in the URL's authority, or null. */
    private static int[] userInfoSpan(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        int start = schemeEnd + 3;
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, start);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? null : new int[] {start, at};
    }

    /** The in-memory registry of the scope, created empty on first use. */
    public static InMemorySchemaRegistryClient inMemory(String scope) {
        if (scope == null || scope.isEmpty()) {
            throw new IllegalArgumentException("in-memory registry scope is required, e.g. mem://my-app");
        }
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient());
    }

    /** Forgets the in-memory registry of the scope, so the next use starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    private static String memoryScope(String url) {
        for (String scheme : new String[] {"mem://", "mock://"}) {
            if (url.regionMatches(true, 0, scheme, 0, scheme.length())) {
                String scope = url.substring(scheme.length());
                while (scope.endsWith("/")) {
                    scope = scope.substring(0, scope.length() - 1);
                }
                return scope;
            }
        }
        return null;
    }

    private static String setting(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null) {
            value = config.get(PREFIX + key);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(Map<String, String> config, String key, int fallback) {
        String value = setting(config, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer: " + value, e);
        }
    }

    private static Duration millis(Map<String, String> config, String key, Duration fallback) {
        String value = setting(config, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of milliseconds: " + value, e);
        }
    }
}
