package io.metaspn.streams.kafka;

import io.metaspn.streams.stages.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads the settings of the application's public topics that decide whether records survive: a topic
 * that keeps records by the timestamp their producer set ({@code message.timestamp.type=CreateTime})
 * with a time retention deletes a backfill (signals stamped with their event time, months ago) at the
 * broker's next retention check, processed or not; an emissions topic that refuses records smaller than
 * {@value MetaspnConfig#MAX_RECORD_BYTES} would refuse an emission, which under exactly-once aborts
 * every retry. {@code topics create} makes topics without either problem. It also reports what each
 * emissions topic accepts, for {@link OutputLimits}.
 *
 * @param warnings       one line per problem found, naming the topic, the setting and the remedy
 * @param emissionLimits what each existing emissions topic accepts ({@code max.message.bytes}, and the timestamp
 *                       range of a {@code CreateTime} topic)
 */
public record TopicSettingsCheck(List<String> warnings, Map<String, OutputLimits.Limit> emissionLimits) {

    /** The check of {@code settings}' public topics as they are now; missing topics are skipped. */
    public static TopicSettingsCheck of(Admin admin, StreamsSettings settings, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, String> roles = new LinkedHashMap<>();
        for (Stage<?, ?> stage : settings.stages()) {
            StageTopics topics = settings.topics(stage);
            roles.put(new ConfigResource(ConfigResource.Type.TOPIC, topics.signals()), "signals");
            roles.put(new ConfigResource(ConfigResource.Type.TOPIC, topics.emissions()), "emissions");
            roles.put(new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters()), "dead letters");
        }
        List<String> warnings = new ArrayList<>();
        Map<String, OutputLimits.Limit> limits = new LinkedHashMap<>();
        var described = admin.describeConfigs(roles.keySet(),
                new DescribeConfigsOptions().timeoutMs((int) timeout.toMillis())).values();
        for (Map.Entry<ConfigResource, String> topic : roles.entrySet()) {
            Config config;
            try {
                config = described.get(topic.getKey()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    continue;
                }
                throw e;
            }
            String name = topic.getKey().name();
            String timestampType = value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            String retention = value(config, TopicConfig.RETENTION_MS_CONFIG);
            if ("CreateTime".equals(timestampType) && retention != null && !retention.startsWith("-")) {
                warnings.add(name + " (" + topic.getValue() + ") deletes records by the timestamp their producer set "
                        + "(message.timestamp.type=CreateTime, retention.ms=" + retention + "): records stamped with an "
                        + "old event time, a backfill, are deleted at the broker's next retention check, processed or "
                        + "not; set message.timestamp.type=LogAppendTime (as `metaspn-streams topics create` does)");
            }
            String maxMessageBytes = value(config, TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if ("emissions".equals(topic.getValue()) && maxMessageBytes != null) {
                int limit = Integer.parseInt(maxMessageBytes);
                boolean createTime = !"LogAppendTime".equals(timestampType);
                limits.put(name, new OutputLimits.Limit(limit,
                        createTime ? millis(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG) : Long.MAX_VALUE,
                        createTime ? millis(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG) : Long.MAX_VALUE));
                if (limit < settings.maxRecordBytes()) {
                    warnings.add(name + " refuses records over " + limit + " bytes (max.message.bytes), less than "
                            + MetaspnConfig.MAX_RECORD_BYTES + "=" + settings.maxRecordBytes()
                            + ": signals whose emissions are larger are dead-lettered at " + limit + " bytes instead");
                }
            }
        }
        return new TopicSettingsCheck(List.copyOf(warnings), Map.copyOf(limits));
    }

    private static long millis(Config config, String name) {
        String value = value(config, name);
        return value == null ? Long.MAX_VALUE : Long.parseLong(value);
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }
}
