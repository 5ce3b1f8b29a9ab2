package io.metaspn.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Request paths to routes: exact paths, percent-decoded state segments, 404 for the rest, 400 for bad encodings. */
class RouteTest {

    @Test
    void theServedPaths() throws Exception {
        assertThat(Route.parse("/health/live")).isInstanceOf(Route.Live.class);
        assertThat(Route.parse("/health/ready")).isInstanceOf(Route.Ready.class);
        assertThat(Route.parse("/metrics")).isInstanceOf(Route.Metrics.class);
        assertThat(Route.parse("/topology")).isInstanceOf(Route.Topology.class);
        assertThat(Route.parse("/state/m1/p-1")).isEqualTo(new Route.State("m1", "p-1"));
    }

    @Test
    void stateSegmentsArePercentDecodedAsUtf8AndAPlusStaysAPlus() throws Exception {
        assertThat(Route.parse("/state/m0/twitter:alice")).isEqualTo(new Route.State("m0", "twitter:alice"));
        assertThat(Route.parse("/state/m0/a%2Fb%20c+d")).isEqualTo(new Route.State("m0", "a/b c+d"));
        assertThat(Route.parse("/state/m1/caf%C3%A9")).isEqualTo(new Route.State("m1", "café"));
    }

    @Test
    void everythingElseIsNotFound() throws Exception {
        for (String path : new String[] {"/", "/health", "/health/live/", "/metrics/x", "/state", "/state/m1",
            "/state/m1/", "/state//e", "/state/m1/e/x", "/STATE/m1/e", "/topology/"}) {
            assertThat(Route.parse(path)).as(path).isInstanceOf(Route.NotFound.class);
        }
    }

    @Test
    void badEncodingsAreMalformed() {
        for (String path : new String[] {"/state/m1/%", "/state/m1/%4", "/state/m1/%zz", "/state/m1/%C3", "x",
            "/state/m1/%FF%FE"}) {
            assertThatThrownBy(() -> Route.parse(path)).as(path).isInstanceOf(Route.MalformedPathException.class);
        }
        assertThatThrownBy(() -> Route.parse(null)).isInstanceOf(Route.MalformedPathException.class);
    }

    @Test
    void aStatePathIsEncodedBackSoThatItParsesToTheSameQuery() throws Exception {
        Route.State state = new Route.State("m0", "x:y/z é%+ ?#");
        assertThat(state.path()).isEqualTo("/state/m0/x%3Ay%2Fz%20%C3%A9%25%2B%20%3F%23");
        assertThat(Route.parse(state.path())).isEqualTo(state);
    }
}
