package io.metaspn.streams.registry;

import org.apache.avro.Schema;

/** Names the registry subject under which a topic's key or value schema is registered. */
@FunctionalInterface
public interface SubjectNameStrategy {

    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
    SubjectNameStrategy TOPIC_NAME = (topic, isKey, schema) -> requireTopic(topic) + (isKey ? "-key" : "-value");

    /** The record's full name: one lineage per record type, shared by topics. */
    SubjectNameStrategy RECORD_NAME = (topic, isKey, schema) -> schema.getFullName();

    /** {@code <topic>-<record full name>}: one lineage per record type and topic. */
    SubjectNameStrategy TOPIC_RECORD_NAME = (topic, isKey, schema) -> requireTopic(topic) + "-" + schema.getFullName();

    /** The subject for the topic's key ({@code isKey}) or value with the given schema. */
    String subject(String topic, boolean isKey, Schema schema);

    /** The subject for the topic's key or value, for strategies that ignore the schema. */
    default String subject(String topic, boolean isKey) {
        return subject(topic, isKey, null);
    }

    private static String requireTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("topic is required");
        }
        return topic;
    }
}
