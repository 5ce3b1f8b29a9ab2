package io.metaspn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaspn.streams.game.reference.ReferenceBindings;
import io.metaspn.streams.kafka.MetaspnConfig;
import io.metaspn.streams.kafka.MetaspnStreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing on a real broker: a static member ({@code group.instance.id}, as the Helm chart sets from the pod name)
 * stays in its group so that a restart under the same id gets its tasks back without a rebalance; a dynamic
 * member leaves at once, so the others take over (and the application can be reset) without waiting for the
 * session timeout.
 */
class StaticMembershipIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aStaticMemberStaysInItsGroupOnCloseAndADynamicOneLeaves(@TempDir Path dir) throws Exception {
        try (RealCluster cluster = new RealCluster(dir.resolve("kafka")); Admin admin = cluster.admin()) {
            Map<String, Object> dynamic = cluster.appConfig("dynamic-it", dir.resolve("dynamic"), "m1");
            cluster.prepare(ReferenceBindings.byName("m1"), new MetaspnConfig(dynamic).settings(), 2);
            Map<String, Object> fixed = cluster.appConfig("static-it", dir.resolve("static"), "m1");
            fixed.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "metaspn-0");
            fixed.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "60000");

            for (Map<String, Object> config : List.of(dynamic, fixed)) {
                try (MetaspnStreamsApp app = MetaspnStreamsApp.create(config)) {
                    app.start();
                    assertThat(app.awaitRunning(TIMEOUT)).as("running").isTrue();
                    assertThat(app.close(Duration.ofSeconds(30))).as("closed in time").isTrue();
                }
            }

            assertThat(members(admin, "dynamic-it")).as("the dynamic member left on close").isEmpty();
            assertThat(members(admin, "static-it")).as("the static member stays for its session")
                    .extracting(member -> member.groupInstanceId().orElse(""))
                    .singleElement().asString().startsWith("metaspn-0");
        }
    }

    private static Collection<MemberDescription> members(Admin admin, String group)
            throws ExecutionException, InterruptedException {
        return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get().members();
    }
}
