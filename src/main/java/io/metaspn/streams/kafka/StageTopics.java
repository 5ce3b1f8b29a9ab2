package io.metaspn.streams.kafka;

import java.util.Objects;

/**
 * The names of one stage's topics, stores and topology nodes: {@code <prefix>.<stage>.signals.<version>}
 * in, {@code <prefix>.<stage>.emissions.<version>} out, {@code <prefix>.<stage>.dlq.<version>} for dead
 * letters; every internal resource named explicitly after the stage.
 *
 * @param stage   the stage's short name ({@code m0} … {@code m4})
 * @param prefix  the topic prefix ({@code metaspn})
 * @param version the topic version ({@code v1})
 */
public record StageTopics(String stage, String prefix, String version) {

    public StageTopics {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(version, "version");
    }

    /** The input topic. */
    public String signals() {
        return prefix + "." + stage + ".signals." + version;
    }

    /** The output topic. */
    public String emissions() {
        return prefix + "." + stage + ".emissions." + version;
    }

    /** The dead-letter topic. */
    public String deadLetters() {
        return prefix + "." + stage + ".dlq." + version;
    }

    /** The name of the re-keying repartition (the topic is {@code <application.id>-<this>-repartition}). */
    public String repartition() {
        return stage + "-by-entity";
    }

    /** The per-entity state store (its changelog is {@code <application.id>-<this>-changelog}). */
    public String stateStore() {
        return stage + "-state";
    }

    /**
     * The store of processed signal ids: a segmented window store (named anew when it stopped being a
     * key-value store, so that its changelog is never read in the old format).
     */
    public String processedStore() {
        return stage + "-processed-signals";
    }

    /** A topology node of this stage, {@code <stage>-<role>}; dead-letter handling finds the stage by this prefix. */
    public String node(String role) {
        return stage + "-" + role;
    }

    /** The stage short name of a node named by {@link #node}. */
    public static String stageOfNode(String nodeName) {
        int dash = nodeName.indexOf('-');
        return dash < 0 ? nodeName : nodeName.substring(0, dash);
    }
}
