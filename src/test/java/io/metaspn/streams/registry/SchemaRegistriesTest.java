package io.metaspn.streams.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

    @AfterEach
    void forget() {
        SchemaRegistries.dropScope("registries-test-a");
        SchemaRegistries.dropScope("registries-test-b");
    }

    @Test
    void memUrlsShareOneRegistryPerScope() {
        SchemaRegistryClient a1 = SchemaRegistries.forUrl("mem://registries-test-a", Map.of());
        SchemaRegistryClient a2 = SchemaRegistries.forUrl("mock://registries-test-a/", null);
        SchemaRegistryClient b = SchemaRegistries.forUrl("mem://registries-test-b", Map.of());

        int id = a1.register("users-value", TestSchemas.USER_V1);

        assertThat(a2).isSameAs(a1).isInstanceOf(InMemorySchemaRegistryClient.class);
        assertThat(a2.getSchemaById(id)).isEqualTo(TestSchemas.USER_V1);
        assertThat(b.subjects()).isEmpty();

        SchemaRegistries.dropScope("registries-test-a");
        assertThat(SchemaRegistries.forUrl("mem://registries-test-a", Map.of()).subjects()).isEmpty();
    }

    @Test
    void otherUrlsGiveAnHttpClientWithTheFirstOfSeveralUrlsAndTheSettings() {
        SchemaRegistryClient client = SchemaRegistries.forUrl(" http://one:8081/ , http://two:8081", Map.of(
                "basic.auth.user.info", "u:p",
                "schema.registry.request.timeout.ms", "1500",
                "max.retries", "0",
                "retry.backoff.ms", "10",
                "unrelated.setting", "x"));

        assertThat(client).isInstanceOfSatisfying(HttpSchemaRegistryClient.class, http -> {
            HttpSchemaRegistryClient.Config config = http.config();
            assertThat(config.baseUrl()).isEqualTo("http://one:8081");
            assertThat(config.userInfo()).isEqualTo("u:p");
            assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
            assertThat(config.maxRetries()).isZero();
            assertThat(config.initialBackoff()).isEqualTo(Duration.ofMillis(10));
        });
    }

    @Test
    void takesBasicAuthFromTheUrlUnlessConfigured() {
        SchemaRegistryClient fromUrl = SchemaRegistries.forUrl("http://u%40corp:p%3Aw@one:8081/", Map.of());
        SchemaRegistryClient configured = SchemaRegistries.forUrl("http://u:p@one:8081", Map.of("basic.auth.user.info", "x:y"));

        assertThat(((HttpSchemaRegistryClient) fromUrl).config().userInfo()).isEqualTo("u@corp:p:w");
        assertThat(((HttpSchemaRegistryClient) fromUrl).config().baseUrl()).isEqualTo("http://one:8081");
        assertThat(((HttpSchemaRegistryClient) configured).config().userInfo()).isEqualTo("x:y");
    }

    @Test
    void redactsUrlsToPrintThem() {
        assertThat(SchemaRegistries.redactUrl("http://user:s3cret@host:8081/apis/ccompat/v7"))
                .isEqualTo("http://host:8081/apis/ccompat/v7");
        assertThat(SchemaRegistries.redactUrl("https://u%40x:p@a:1, http://b:2,http://token@c?x=@"))
                .isEqualTo("https://a:1, http://b:2,http://c?x=@");
        assertThat(SchemaRegistries.redactUrl("http://host:8081/path@odd")).isEqualTo("http://host:8081/path@odd");
        assertThat(SchemaRegistries.redactUrl("mem://scope")).isEqualTo("mem://scope");
        assertThat(SchemaRegistries.redactUrl("host:8081")).isEqualTo("host:8081");
        assertThat(SchemaRegistries.redactUrl(null)).isNull();
    }

    @Test
    void refusesEmptyUnsupportedAndMalformed() {
        assertThatThrownBy(() -> SchemaRegistries.forUrl("", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRegistries.forUrl("mem://", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRegistries.forUrl("kafka://x", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaRegistries.forUrl("http://x", Map.of("max.retries", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.retries");
    }

    @Test
    void topicNameStrategyNamesKeyAndValueSubjects() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("metaspn.m0.signals.v1", false))
                .isEqualTo("metaspn.m0.signals.v1-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("metaspn.m0.signals.v1", true))
                .isEqualTo("metaspn.m0.signals.v1-key");
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("t", false, TestSchemas.ORDER)).isEqualTo("test.registry.Order");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("t", false, TestSchemas.ORDER))
                .isEqualTo("t-test.registry.Order");
        assertThatThrownBy(() -> SubjectNameStrategy.TOPIC_NAME.subject("", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
