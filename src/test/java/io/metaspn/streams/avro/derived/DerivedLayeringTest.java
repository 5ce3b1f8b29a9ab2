package io.metaspn.streams.avro.derived;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Schema derivation sits on Avro, the engine and the JSON value codec only: no Kafka, no JSON boundary, no CLI. */
@AnalyzeClasses(packages = "io.metaspn.streams", importOptions = ImportOption.DoNotIncludeTests.class)
class DerivedLayeringTest {

    @ArchTest
    static final ArchRule derivationDependsOnAvroTheEngineAndJsonValuesOnly = classes()
            .that().resideInAPackage("io.metaspn.streams.avro.derived..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.apache.avro..",
                    "io.metaspn.streams.engine..", "io.metaspn.streams.jsonvalue..", "io.metaspn.streams.avro.derived..")
            .because("a game's schemas and codec derive from its records alone, so games and tools can share them");
}
