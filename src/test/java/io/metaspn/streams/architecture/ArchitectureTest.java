package io.metaspn.streams.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: the engine needs only the JDK, the stages only the engine. */
@AnalyzeClasses(packages = "io.metaspn.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule engineImportsOnlyTheJdk = classes()
            .that().resideInAPackage("io.metaspn.streams.engine..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.metaspn.streams.engine..")
            .because("the engine core is pure: no Kafka, no Jackson, nothing but the JDK");

    @ArchTest
    static final ArchRule stagesImportOnlyTheEngineAndTheJdk = classes()
            .that().resideInAPackage("io.metaspn.streams.stages..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.metaspn.streams.engine..", "io.metaspn.streams.stages..")
            .because("the reference stages are pure pipelines, free of Kafka and serialization");

    @ArchTest
    static final ArchRule nothingDependsOnTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("io.metaspn.streams.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.metaspn.streams.cli..")
            .because("the CLI is the outermost layer");

    @ArchTest
    static final ArchRule onlyTheCommandLineUsesTheOpsEndpoint = noClasses()
            .that().resideOutsideOfPackages("io.metaspn.streams.cli..", "io.metaspn.streams.ops..")
            .should().dependOnClassesThat().resideInAPackage("io.metaspn.streams.ops..")
            .because("the HTTP endpoint, metrics and health sit on top of the stream application, next to the CLI");

    @ArchTest
    static final ArchRule theOpsEndpointStaysOffTheToolsAndTheEmbeddedBroker = noClasses()
            .that().resideInAPackage("io.metaspn.streams.ops..")
            .should().dependOnClassesThat().resideInAnyPackage("io.metaspn.streams.embedded..",
                    "io.metaspn.streams.bench..", "io.metaspn.streams.examples..")
            .because("the endpoint serves a running application, wherever its cluster is");

    @ArchTest
    static final ArchRule theStreamApplicationKnowsNoMetricsLibraryNorHttp = noClasses()
            .that().resideInAnyPackage("io.metaspn.streams.kafka..", "io.metaspn.streams.engine..",
                    "io.metaspn.streams.stages..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..",
                    "com.sun.net.httpserver..")
            .because("the application reports through ProcessingListener; Micrometer and HTTP live in ops");

    @ArchTest
    static final ArchRule examplesUseOnlyTheEngine = classes()
            .that().resideInAPackage("io.metaspn.streams.examples")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.metaspn.streams.engine..", "io.metaspn.streams.examples..")
            .allowEmptyShould(true)
            .because("the examples show how to build a game on the engine alone");

    @ArchTest
    static final ArchRule theExamplesOnKafkaUseOnlyTheGameBinding = classes()
            .that().resideInAPackage("io.metaspn.streams.examples.kafka..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.metaspn.streams.engine..", "io.metaspn.streams.examples..",
                    "io.metaspn.streams.game")
            .because("a game goes on Kafka through the public binding alone, as a game outside this project would");

    @ArchTest
    static final ArchRule onlyTheEmbeddedBrokerTouchesKafkaInternals = noClasses()
            .that().resideOutsideOfPackage("io.metaspn.streams.embedded..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "kafka..", "scala..", "org.apache.kafka.server..", "org.apache.kafka.raft..",
                    "org.apache.kafka.metadata..", "org.apache.kafka.storage..")
            .because("the broker's classes are Kafka internals, wrapped once in EmbeddedKafkaBroker");

    @ArchTest
    static final ArchRule theWireFormatsStayOffTheJsonBoundary = noClasses()
            .that().resideInAnyPackage("io.metaspn.streams.avro..", "io.metaspn.streams.kafka..",
                    "io.metaspn.streams.registry..")
            .should().dependOnClassesThat().resideInAPackage("io.metaspn.streams.json..")
            .because("Avro and Kafka carry metadata as JSON texts through the leaf package jsonvalue,"
                    + " not through the JSONL boundary of process/produce/tail");

    @ArchTest
    static final ArchRule jsonValuesIsALeaf = classes()
            .that().resideInAPackage("io.metaspn.streams.jsonvalue..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..",
                    "io.metaspn.streams.engine..", "io.metaspn.streams.jsonvalue..")
            .because("the JSON value codec is shared by the wire formats and the JSON boundary");

    @ArchTest
    static final ArchRule productionCodeHoldsNoDocumentationGenerator = noClasses()
            .should().haveSimpleName("TopologyDocs")
            .because("the topology docs are generated by a test (TopologyDocsTest), not by the product");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices()
            .matching("io.metaspn.streams.(*)..")
            .should().beFreeOfCycles();
}
