package io.metaspn.streams.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Masks credentials in text meant for people: the user-info of URLs ({@code http://user:pw@host} →
 * {@code http://****@host}), {@code password=...} pairs (as in a JAAS config), and every secret value
 * it has been told about ({@link #addSecrets(Map)}: the values of settings whose key names a secret,
 * such as {@code sasl.jaas.config}, {@code ssl.keystore.password}, {@code basic.auth.user.info}, and
 * the user-info of configured URLs) wherever they appear.
 *
 * <p>Values shorter than {@value #MIN_SECRET_LENGTH} characters are not masked by value (they would
 * mask ordinary text); their keys' patterns still are. Thread-safe.
 */
public final class Redactor {
    private static final Set<String> KAFKA_PASSWORD_KEYS = passwordKeys();

    /** What a credential is replaced with. */
    public static final String MASK = "****";
    /** The shortest secret value masked wherever it appears. */
    public static final int MIN_SECRET_LENGTH = 4;

    private static final Redactor GLOBAL = new Redactor();
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s\"'<>]*)@");
    private static final Pattern PASSWORD_PAIR = Pattern.compile(
            "((?:password|secret|token)[A-Za-z0-9._-]*\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;}\\]]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern JAAS_PASSWORD = Pattern.compile("password\\s*=\\s*\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);

    /** Longest first, so that a secret containing another is masked whole. */
    private final Set<String> secrets = new ConcurrentSkipListSet<>(
            Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    /** A redactor that knows no secret values yet (it still masks URL user-info and password pairs). */
    public Redactor() {
    }

    /** The redactor of this process, which the command line applies to everything it prints. */
    public static Redactor global() {
        return GLOBAL;
    }

    /** Whether a setting or variable of this name holds a credential ({@code METASPN_X_Y} and {@code x.y} alike). */
    public static boolean isSecretKey(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replace('_', '.').replace('-', '.');
        return normalized.contains("password") || normalized.contains("secret") || normalized.contains("token")
                || normalized.contains("jaas") || normalized.contains("user.info") || normalized.contains("userinfo")
                || normalized.contains("credentials")
                || KAFKA_PASSWORD_KEYS.stream().anyMatch(k -> normalized.equals(k) || normalized.endsWith("." + k));
    }

    /** The settings Kafka's clients and Kafka Streams declare as passwords (e.g. {@code ssl.keystore.key}). */
    private static Set<String> passwordKeys() {
        Set<String> keys = new TreeSet<>();
        for (ConfigDef definition : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            definition.configKeys().forEach((name, key) -> {
                if (key.type() == ConfigDef.Type.PASSWORD) {
                    keys.add(name);
                }
            });
        }
        return Set.copyOf(keys);
    }

    /** Learns the secrets among {@code settings}: values of secret keys, and user-info of URL values. */
    public Redactor addSecrets(Map<?, ?> settings) {
        settings.forEach((key, value) -> {
            if (key != null && value != null) {
                addSetting(key.toString(), value.toString());
            }
        });
        return this;
    }

    /** Learns the secrets of one setting. */
    public Redactor addSetting(String key, String value) {
        if (isSecretKey(key)) {
            addSecret(value);
            Matcher jaas = JAAS_PASSWORD.matcher(value);
            while (jaas.find()) {
                addSecret(jaas.group(1));
            }
            int colon = value.indexOf(':');
            if (key.toLowerCase(Locale.ROOT).replace('_', '.').contains("user.info") && colon >= 0) {
                addSecret(value.substring(colon + 1));
            }
        }
        addUrlSecrets(value);
        return this;
    }

    /** Learns the user-info (and its password part) of every URL in {@code text}. */
    public Redactor addUrlSecrets(String text) {
        Matcher url = URL_USER_INFO.matcher(text);
        while (url.find()) {
            String userInfo = url.group(2);
            addSecret(userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                addSecret(userInfo.substring(colon + 1));
            }
        }
        return this;
    }

    /** Learns one secret value (ignored if shorter than {@value #MIN_SECRET_LENGTH} characters). */
    public Redactor addSecret(String value) {
        if (value != null && value.strip().length() >= MIN_SECRET_LENGTH) {
            secrets.add(value.strip());
        }
        return this;
    }

    /** {@code text} with every known secret, URL user-info and password pair masked; {@code null} stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        masked = URL_USER_INFO.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK + "@"));
        return PASSWORD_PAIR.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
    }
}
