# The metaspn-streams image: the CLI as entrypoint (`run` by default), non-root, state under a volume.
#
#   docker build -t metaspn/metaspn-streams:0.1.0 .
#   docker run --rm metaspn/metaspn-streams:0.1.0 --help
#
# The same layout can be built without a Docker daemon: mvn -B -Pjib package jib:buildTar (see pom.xml).

# ---- build: the shaded jar, tests skipped (they run in CI, not in the image build) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# dependency layer: re-resolved only when the pom changes
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline -Dmaven.test.skip=true
# sources: the Avro schemas (generated classes), the samples (packaged for `demo`), the main code
COPY schemas ./schemas
COPY examples ./examples
COPY src/main ./src/main
# -Dmaven.test.skip=true: no test compilation, no tests, and (pom profile apicurio-skip-test-skip) no
# tools/apicurio-registry build, which only the integration tests use
RUN mvn -B -ntp -q package -Dmaven.test.skip=true \
    && cp target/metaspn-streams.jar /build/metaspn-streams.jar

# ---- runtime: JRE 17 ----
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="metaspn-streams" \
      org.opencontainers.image.description="The MetaSPN signal-processing engine as a Kafka Streams application" \
      org.opencontainers.image.version="0.1.0"
RUN groupadd --system --gid 10001 metaspn \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/metaspn --no-create-home \
       --shell /usr/sbin/nologin metaspn \
    && mkdir -p /opt/metaspn /var/lib/metaspn/state \
    && chown -R 10001:10001 /var/lib/metaspn
COPY --from=build /build/metaspn-streams.jar /opt/metaspn/metaspn-streams.jar
# the JVM sizes its heap from the container's memory limit; an OutOfMemoryError ends the process
# (the orchestrator restarts it) instead of leaving a half-working application
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    METASPN_STATE_DIR=/var/lib/metaspn/state
WORKDIR /var/lib/metaspn
USER 10001:10001
# RocksDB state (METASPN_STATE_DIR) lives under the volume: a restart keeps it, no full restore
VOLUME /var/lib/metaspn
# HTTP: /health/live, /health/ready, /metrics, /state/{stage}/{entity}, /topology
EXPOSE 8080
# curl ships in eclipse-temurin:17-jre (Ubuntu); no JVM is started per check
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null --max-time 4 "http://127.0.0.1:${METASPN_HTTP_PORT:-8080}/health/live" || exit 1
ENTRYPOINT ["java", "-jar", "/opt/metaspn/metaspn-streams.jar"]
CMD ["run"]
