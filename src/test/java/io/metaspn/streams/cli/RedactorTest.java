package io.metaspn.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

    @Test
    void masksUrlUserInfoWithoutBeingToldAboutIt() {
        Redactor redactor = new Redactor();

        assertThat(redactor.redact("GET http://user:s3cr3t@registry:8081/subjects failed"))
                .isEqualTo("GET http://****@registry:8081/subjects failed");
        assertThat(redactor.redact("https://token@host and sasl+ssl://a:b@h:9093"))
                .isEqualTo("https://****@host and sasl+ssl://****@h:9093");
        assertThat(redactor.redact("plain http://host:8081/x and mail me@example.org"))
                .isEqualTo("plain http://host:8081/x and mail me@example.org");
    }

    @Test
    void masksPasswordPairsAsInJaasConfigs() {
        Redactor redactor = new Redactor();

        assertThat(redactor.redact("PlainLoginModule required username=\"alice\" password=\"pa ss\";"))
                .isEqualTo("PlainLoginModule required username=\"alice\" password=****;");
        assertThat(redactor.redact("ssl.keystore.password=hunter22, next")).isEqualTo("ssl.keystore.password=****, next");
    }

    @Test
    void masksKnownSecretValuesWhereverTheyAppear() {
        Redactor redactor = new Redactor().addSecrets(Map.of(
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"jaas-pw-1\";",
                "schema.registry.basic.auth.user.info", "bob:registry-pw-2",
                "ssl.truststore.password", "trust-pw-3",
                "METASPN_SCHEMA_REGISTRY_URL", "http://carol:url-pw-4@registry:8081",
                "bootstrap.servers", "broker:9092"));

        String masked = redactor.redact("jaas-pw-1 registry-pw-2 bob:registry-pw-2 trust-pw-3 url-pw-4 broker:9092");

        assertThat(masked).doesNotContain("jaas-pw-1", "registry-pw-2", "trust-pw-3", "url-pw-4")
                .contains("broker:9092");
    }

    @Test
    void everySettingKafkaDeclaresAPasswordIsSecretWithOrWithoutAClientPrefix() {
        assertThat(Redactor.isSecretKey("ssl.keystore.key")).isTrue();
        assertThat(Redactor.isSecretKey("producer.ssl.truststore.certificates")).isTrue();
        assertThat(Redactor.isSecretKey("main.consumer.ssl.keystore.certificate.chain")).isTrue();
        assertThat(Redactor.isSecretKey("bootstrap.servers")).isFalse();
        assertThat(Redactor.isSecretKey("ssl.keystore.location")).isFalse();
    }

    @Test
    void secretKeysAreRecognisedInEitherSpelling() {
        assertThat(Redactor.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(Redactor.isSecretKey("ssl.key.password")).isTrue();
        assertThat(Redactor.isSecretKey("basic.auth.user.info")).isTrue();
        assertThat(Redactor.isSecretKey("METASPN_BASIC_AUTH_USER_INFO")).isTrue();
        assertThat(Redactor.isSecretKey("sasl.oauthbearer.client.credentials.client.secret")).isTrue();
        assertThat(Redactor.isSecretKey("bootstrap.servers")).isFalse();
        assertThat(Redactor.isSecretKey("metaspn.schema.registry.url")).isFalse();
    }

    @Test
    void streamMasksSecretsPrintedInPieces() {
        Redactor redactor = new Redactor().addSecret("piece-wise-secret");
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = RedactingOutputStream.printStream(target, redactor);

        out.print("a piece-wise");
        out.print("-secret here\nsecond line http://u:p4ss@h without end");
        out.close();

        assertThat(target.toString(StandardCharsets.UTF_8))
                .isEqualTo("a **** here\nsecond line http://****@h without end");
    }
}
