package io.metaspn.streams.avro.derived;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Record types for the derivation tests: one of each mapped type, and some that have no schema. */
final class SampleTypes {
    private SampleTypes() {
    }

    enum Color { RED, GREEN, BLUE }

    record Inner(String name, Color color, Optional<Instant> seen) {
    }

    /** Every mapped type (Inner and Color appear several times: defined once, referred to after). */
    record Everything(String text, boolean flag, int count, long total, float ratio, double score,
                      Boolean maybeFlag, Integer maybeCount, Long maybeTotal, Float maybeRatio, Double maybeScore,
                      Instant at, Color color, List<String> tags, Map<String, Long> counters, Inner inner,
                      Optional<String> note, Optional<Inner> extra, List<Inner> inners, Map<String, Inner> byName,
                      List<Integer> maybeNumbers, Optional<Integer> optionalCount, List<List<Color>> palette) {
    }

    /** Component names in several camel-case shapes. */
    record NameCases(String listenerId, String httpURL, String aB, String value2X, String already_snake,
                     String xMLHttpRequest, String x) {
    }

    record WithObject(String id, Object anything) {
    }

    record WithRawList(String id, @SuppressWarnings("rawtypes") List items) {
    }

    record WithWildcard(String id, List<?> items) {
    }

    record WithIntegerKeys(String id, Map<Integer, String> byNumber) {
    }

    record WithByte(String id, byte small) {
    }

    record WithArray(String id, String[] items) {
    }

    record WithNestedOptional(String id, Optional<Optional<String>> twice) {
    }

    record Recursive(String id, List<Recursive> children) {
    }

    record Clashing(String fooBar, String foo_bar) {
    }

    record Generic<T>(T value) {
    }

    record WithGeneric(String id, Generic<String> wrapped) {
    }

    /** Two types with the same simple name in one schema. */
    static final class Other {
        private Other() {
        }

        record Inner(long value) {
        }
    }

    record WithTwoInners(Inner first, Other.Inner second) {
    }
}
