package io.metaspn.streams.registry;

import static io.metaspn.streams.registry.TestSchemas.ORDER;
import static io.metaspn.streams.registry.TestSchemas.USER_AGE_AS_STRING;
import static io.metaspn.streams.registry.TestSchemas.USER_V1;
import static io.metaspn.streams.registry.TestSchemas.USER_V2;
import static io.metaspn.streams.registry.TestSchemas.USER_V3_AGE_REQUIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metaspn.streams.registry.FaultInjectingProxy.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP client against a real HTTP server speaking the Confluent API, through a
 * {@link FaultInjectingProxy} that records the requests and injects failures.
 */
class HttpSchemaRegistryClientTest {

    private final InMemorySchemaRegistryClient backend = new InMemorySchemaRegistryClient();
    private SchemaRegistryHttpServer server;
    private FaultInjectingProxy proxy;

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void serve(String contextPath, String requiredAuthorization) throws IOException {
        server = new SchemaRegistryHttpServer(backend, contextPath, requiredAuthorization);
        proxy = FaultInjectingProxy.inFrontOf(server.url());
    }

    private HttpSchemaRegistryClient client(String contextPath) throws IOException {
        serve(contextPath, null);
        return new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config.of(proxy.url())
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    @Test
    void registersAndReadsBackThroughTheRestApi() throws IOException {
        HttpSchemaRegistryClient client = client("");

        int id1 = client.register("users-value", USER_V1);
        int id2 = client.register("users-value", USER_V2);
        int orders = client.register("orders-value", ORDER);

        assertThat(backend.getSchemaById(id1)).isEqualTo(USER_V1);
        assertThat(List.of(id1, id2, orders)).doesNotHaveDuplicates();
        assertThat(client.subjects()).containsExactly("orders-value", "users-value");
        assertThat(client.versions("users-value")).containsExactly(1, 2);
        assertThat(client.getLatest("users-value")).isEqualTo(new RegisteredSchema("users-value", 2, id2, USER_V2));
        assertThat(client.getVersion("users-value", 1)).isEqualTo(new RegisteredSchema("users-value", 1, id1, USER_V1));

        Request register = proxy.requests().get(0);
        assertThat(register.method()).isEqualTo("POST");
        assertThat(register.path()).isEqualTo("/subjects/users-value/versions");
        assertThat(register.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(register.accept()).contains("application/vnd.schemaregistry.v1+json", "application/json");
        assertThat(new ObjectMapper().readTree(register.body()).path("schema").asText()).isEqualTo(USER_V1.toString());
        assertThat(register.authorization()).isNull();
    }

    @Test
    void worksUnderABasePath() throws IOException {
        HttpSchemaRegistryClient client = client("/apis/ccompat/v7");

        int id = client.register("users-value", USER_V1);

        assertThat(client.getSchemaById(id)).isEqualTo(USER_V1);
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(1);
    }

    @Test
    void looksUpWithoutRegistering() throws IOException {
        HttpSchemaRegistryClient client = client("");
        int id = backend.register("users-value", USER_V1);

        assertThat(client.lookup("users-value", USER_V1)).contains(id);
        assertThat(client.lookup("users-value", USER_V2)).isEmpty();
        assertThat(client.lookup("nobody-value", USER_V1)).isEmpty();
        assertThat(backend.versions("users-value")).containsExactly(1);
        assertThat(proxy.count("POST", "/subjects/users-value")).isEqualTo(2);
        assertThat(proxy.count("POST", "/subjects/nobody-value")).isEqualTo(1);
    }

    @Test
    void getsSchemasByIdOnceThenFromTheCache() throws IOException {
        HttpSchemaRegistryClient client = client("");
        int id = backend.register("users-value", USER_V2);

        assertThat(client.getSchemaById(id)).isEqualTo(USER_V2);
        assertThat(client.getSchemaById(id)).isEqualTo(USER_V2);

        assertThat(proxy.count("GET", "/schemas/ids/" + id)).isEqualTo(1);
    }

    @Test
    void registeringTheSameSchemaAgainIsServedFromTheCache() throws IOException {
        HttpSchemaRegistryClient client = client("");

        int id = client.register("users-value", USER_V1);
        assertThat(client.register("users-value", USER_V1)).isEqualTo(id);
        assertThat(client.lookup("users-value", USER_V1)).contains(id);
        assertThat(client.getSchemaById(id)).isEqualTo(USER_V1);

        assertThat(proxy.requests()).hasSize(1);
    }

    @Test
    void unknownIdsSubjectsAndVersionsCarryTheConfluentErrorCodes() throws IOException {
        HttpSchemaRegistryClient client = client("");
        backend.register("users-value", USER_V1);

        assertThatThrownBy(() -> client.getSchemaById(42)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        });
        assertThatThrownBy(() -> client.getLatest("nobody-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        assertThatThrownBy(() -> client.getVersion("users-value", 7)).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.VERSION_NOT_FOUND));
        assertThatThrownBy(() -> client.versions("nobody-value")).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
    }

    @Test
    void testsCompatibilityAgainstTheLatestVersion() throws IOException {
        HttpSchemaRegistryClient client = client("");
        client.register("users-value", USER_V1);
        client.register("users-value", USER_V2);

        assertThat(client.testCompatibility("users-value", USER_V3_AGE_REQUIRED)).isTrue();
        assertThat(client.testCompatibility("users-value", USER_AGE_AS_STRING)).isFalse();
        assertThat(client.testCompatibility("new-value", USER_AGE_AS_STRING)).isTrue();
        assertThat(proxy.count("POST", "/compatibility/subjects/users-value/versions/latest")).isEqualTo(2);
    }

    @Test
    void anIncompatibleRegistrationFailsWith409AndIsNotRetried() throws IOException {
        HttpSchemaRegistryClient client = client("");
        client.register("users-value", USER_V1);
        client.register("users-value", USER_V2);

        assertThatThrownBy(() -> client.register("users-value", USER_AGE_AS_STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.getMessage()).contains("incompatible");
                });
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(3);
    }

    @Test
    void anIncompatibleRegistrationIsLookedUpOnceAndStillFails() throws IOException {
        HttpSchemaRegistryClient client = client("");
        client.register("users-value", USER_V1);
        client.register("users-value", USER_V2);

        assertThatThrownBy(() -> client.register("users-value", USER_AGE_AS_STRING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.getMessage()).contains("incompatible");
                    assertThat(e.getSuppressed()).isEmpty();
                });
        assertThat(proxy.count("POST", "/subjects/users-value")).as("lookups").isEqualTo(1);
        assertThat(backend.versions("users-value")).containsExactly(1, 2);
    }

    // What Apicurio 2.4.2 answers a registration that lost a race (see HttpSchemaRegistryClientIT)
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"message\":\"An artifact with ID 'users-value' in group 'null' already exists.\",\"error_code\":409}",
        "{\"message\":\"An artifact version 'null' for artifact ID 'users-value' in group 'null' already exists.\",\"error_code\":0}"})
    void aRegistrationThatLostARaceReturnsTheIdOfTheWinner(String alreadyExists) throws IOException {
        HttpSchemaRegistryClient client = client("");
        int id = backend.register("users-value", USER_V1);
        proxy.answerNext(1, 409, alreadyExists);

        assertThat(client.register("users-value", USER_V1)).isEqualTo(id);
        assertThat(client.register("users-value", USER_V1)).as("cached").isEqualTo(id);
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(1);
        assertThat(proxy.count("POST", "/subjects/users-value")).isEqualTo(1);
    }

    @Test
    void aConflictForASchemaThatIsNotRegisteredIsThrown() throws IOException {
        HttpSchemaRegistryClient client = client("");
        backend.register("users-value", USER_V1);
        proxy.answerNext(1, 409, "{\"message\":\"An artifact with ID 'users-value' in group 'null' already exists.\","
                + "\"error_code\":0}");

        assertThatThrownBy(() -> client.register("users-value", USER_V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("already exists");
                });
        assertThat(backend.versions("users-value")).containsExactly(1);
    }

    @Test
    void a5xxThatOutlastsTheRetriesReturnsTheIdIfTheSchemaIsRegistered() throws IOException {
        HttpSchemaRegistryClient client = client("");
        int id = backend.register("users-value", USER_V1);
        proxy.answerNext(4, 500, "{\"message\":\"RuntimeSqlException: Unique index or primary key violation\","
                + "\"error_code\":0}");

        assertThat(client.register("users-value", USER_V1)).isEqualTo(id);
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(4);
        assertThat(proxy.count("POST", "/subjects/users-value")).isEqualTo(1);
    }

    @Test
    void aFailedLookupAfterAConflictIsAddedToTheConflict() throws IOException {
        HttpSchemaRegistryClient client = client("");
        proxy.answerNext(1, 409, "{\"message\":\"already exists\",\"error_code\":0}");
        proxy.answerNext(1, 401, "{\"message\":\"Unauthorized\",\"error_code\":401}");

        assertThatThrownBy(() -> client.register("users-value", USER_V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.getSuppressed()).singleElement().isInstanceOfSatisfying(SchemaRegistryException.class,
                            lookup -> assertThat(lookup.status()).isEqualTo(401));
                });
    }

    @Test
    void readsAndSetsCompatibilityLevels() throws IOException {
        HttpSchemaRegistryClient client = client("");

        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(client.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.BACKWARD);

        client.setCompatibility("users-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        client.setGlobalCompatibility(CompatibilityLevel.FULL);

        assertThat(backend.getSubjectCompatibility("users-value")).contains(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(client.getCompatibility("users-value")).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(client.getCompatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(client.getGlobalCompatibility()).isEqualTo(CompatibilityLevel.FULL);

        client.register("users-value", USER_V1);
        client.register("users-value", USER_V2);
        assertThat(client.testCompatibility("users-value", USER_V3_AGE_REQUIRED)).isFalse();
        assertThatThrownBy(() -> client.register("users-value", USER_V3_AGE_REQUIRED))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void deletesSubjects() throws IOException {
        HttpSchemaRegistryClient client = client("");
        int id = client.register("users-value", USER_V1);
        client.register("users-value", USER_V2);

        assertThat(client.deleteSubject("users-value")).containsExactly(1, 2);
        assertThat(client.subjects()).isEmpty();
        assertThat(client.lookup("users-value", USER_V1)).isEmpty();
        assertThat(client.getSchemaById(id)).isEqualTo(USER_V1);
    }

    @Test
    void encodesSubjectNamesInThePath() throws IOException {
        HttpSchemaRegistryClient client = client("");

        client.register("odd subject/with:chars", USER_V1);

        assertThat(backend.subjects()).containsExactly("odd subject/with:chars");
        assertThat(client.versions("odd subject/with:chars")).containsExactly(1);
    }

    @Test
    void sendsBasicAuth() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret:x".getBytes(StandardCharsets.UTF_8));
        serve("", expected);
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                HttpSchemaRegistryClient.Config.of(proxy.url()).withUserInfo("alice:s3cret:x"));

        int id = client.register("users-value", USER_V1);

        assertThat(backend.getSchemaById(id)).isEqualTo(USER_V1);
        assertThat(proxy.requests()).extracting(Request::authorization).containsExactly(expected);
        assertThat(client.config().toString()).doesNotContain("s3cret");

        HttpSchemaRegistryClient anonymous = new HttpSchemaRegistryClient(server.url());
        assertThatThrownBy(() -> anonymous.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void basicAuthComesFromTheUrlConfig() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
        serve("", expected);
        SchemaRegistryClient client = SchemaRegistries.forUrl(proxy.url() + "/",
                Map.of("schema.registry.basic.auth.user.info", "bob:pw"));

        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        assertThat(client.subjects()).isEmpty();
        assertThat(proxy.requests()).extracting(Request::authorization).containsExactly(expected);
    }

    @Test
    void retries503ThenSucceeds() throws IOException {
        HttpSchemaRegistryClient client = client("");
        proxy.failNext(2, 503);

        int id = client.register("users-value", USER_V1);

        assertThat(backend.getSchemaById(id)).isEqualTo(USER_V1);
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(3);
    }

    @Test
    void retriesA503OnceAndReturnsTheId() throws IOException {
        HttpSchemaRegistryClient client = client("");
        proxy.failNext(1, 503);

        int id = client.register("users-value", USER_V1);

        assertThat(backend.lookup("users-value", USER_V1)).contains(id);
        assertThat(proxy.count("POST", "/subjects/users-value/versions")).isEqualTo(2);
        assertThat(proxy.count("POST", "/subjects/users-value")).isZero();
    }

    @Test
    void retries429ThenSucceeds() throws IOException {
        HttpSchemaRegistryClient client = client("");
        proxy.failNext(1, 429);

        assertThat(client.subjects()).isEmpty();
        assertThat(proxy.count("GET", "/subjects")).isEqualTo(2);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() throws IOException {
        HttpSchemaRegistryClient client = client("");
        proxy.failNext(10, 500);

        assertThatThrownBy(() -> client.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50003);
            assertThat(e.getMessage()).contains("after 4 attempts", "failing on purpose");
        });
        assertThat(proxy.count("GET", "/subjects")).isEqualTo(4);
    }

    @Test
    void doesNotRetryClientErrors() throws IOException {
        HttpSchemaRegistryClient client = client("");

        assertThatThrownBy(() -> client.getSchemaById(5)).isInstanceOf(SchemaRegistryException.class);
        assertThat(proxy.count("GET", "/schemas/ids/5")).isEqualTo(1);
    }

    @Test
    void retriesConnectionFailuresThenReportsNoResponse() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config
                .of("http://127.0.0.1:" + port).withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2)));

        assertThatThrownBy(() -> client.getSchemaById(1)).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
            assertThat(e.getMessage()).contains("failed to connect after 3 attempt(s)");
        });
    }

    @Test
    void timesOutSlowRequests() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config
                    .of("http://127.0.0.1:" + silent.getLocalPort()).withRequestTimeout(Duration.ofMillis(300)));

            long start = System.nanoTime();
            assertThatThrownBy(() -> client.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.getMessage()).containsIgnoringCase("timed out"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void userInfoInTheUrlIsUsedForBasicAuthAndKeptOutOfTheBaseUrl() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("al ice:p@ss:w+rd".getBytes(StandardCharsets.UTF_8));
        serve("/apis/ccompat/v7", expected);
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(proxy.urlWithUserInfo("al%20ice:p%40ss%3Aw+rd"));

        int id = client.register("users-value", USER_V1);

        assertThat(backend.getSchemaById(id)).isEqualTo(USER_V1);
        assertThat(proxy.requests()).extracting(Request::authorization).containsExactly(expected);
        assertThat(client.config().baseUrl()).isEqualTo(proxy.url());
        assertThat(client.config().userInfo()).isEqualTo("al ice:p@ss:w+rd");
        assertThat(client.config().toString()).doesNotContain("al ice", "al%20ice", "p@ss", "p%40ss", "w+rd");
    }

    @Test
    void explicitUserInfoWinsOverTheUrls() throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
        serve("", expected);

        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                HttpSchemaRegistryClient.Config.of(proxy.urlWithUserInfo("mallory:wrong")).withUserInfo("bob:pw"));
        SchemaRegistryClient configured = SchemaRegistries.forUrl(proxy.urlWithUserInfo("mallory:wrong"),
                Map.of(SchemaRegistries.BASIC_AUTH_USER_INFO, "bob:pw"));

        assertThat(client.subjects()).isEmpty();
        assertThat(configured.subjects()).isEmpty();
        assertThat(proxy.requests()).extracting(Request::authorization).containsExactly(expected, expected);
    }

    @Test
    void messagesNeverHoldTheUrlsUserInfo() throws IOException {
        serve("", "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
        HttpSchemaRegistryClient wrongPassword = new HttpSchemaRegistryClient(proxy.urlWithUserInfo("alice:wr0ng"));
        assertThatThrownBy(() -> wrongPassword.subjects()).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains(proxy.url()).doesNotContain("alice", "wr0ng");
        });

        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(HttpSchemaRegistryClient.Config
                .of("http://alice:s3cret@127.0.0.1:" + port + "/registry/").withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThatThrownBy(() -> unreachable.register("users-value", USER_V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.getMessage()).contains("http://127.0.0.1:" + port + "/registry/subjects")
                            .doesNotContain("alice", "s3cret");
                });
        assertThat(unreachable.config().baseUrl()).isEqualTo("http://127.0.0.1:" + port + "/registry");
        assertThat(unreachable.config().toString()).doesNotContain("alice", "s3cret").contains("userInfo=****");

        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("ftp://alice:s3cret@host"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("alice", "s3cret");
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("http://alice:s3cret@host/a b"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("alice", "s3cret");
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("http://alice:s3%zzcret@host"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("alice", "s3", "zz");
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("http://alice@host"))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("alice");
    }

    @Test
    void refusesNonHttpUrlsAndBadUserInfo() {
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("ftp://host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSchemaRegistryClient.Config.of("http://host").withUserInfo("nocolon"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
