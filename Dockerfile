# syntax=docker/dockerfile:1
# Images for docker-compose.yml, built from this repository:
#   target "processor": the ticketflow processor (java -jar ticketflow.jar run --config ...)
#   target "connect":   Kafka Connect (Confluent's image, which ships Confluent's AvroConverter)
#                       with ticketflow's connectors jar and its dependencies as a plugin (the
#                       sinks' connector, built on Debezium's JDBC sink, and their transform).

ARG JDK_IMAGE=maven:3.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17-jre
ARG CONNECT_IMAGE=confluentinc/cp-kafka-connect:8.0.0

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl cli -am package -DskipTests \
 && mkdir -p /out/app \
 && cp cli/target/ticketflow.jar /out/app/ \
 && cp -r cli/target/lib /out/app/lib
# ticketflow's connectors jar as one Connect plugin: the sinks' connector (Debezium's JDBC sink
# task wrapped to dead-letter rows the database refuses) and NUL-replacing transform, with their
# runtime dependencies (Debezium's JDBC sink, Hibernate, the PostgreSQL driver); Kafka's own
# classes come from the worker.
RUN --mount=type=cache,target=/root/.m2 \
    mkdir -p /out/plugins/ticketflow-connectors \
 && cp connectors/target/ticketflow-connectors-*.jar /out/plugins/ticketflow-connectors/ \
 && mvn -B -q -pl connectors dependency:copy-dependencies -DincludeScope=runtime \
      -DexcludeGroupIds=org.apache.kafka -DoutputDirectory=/out/plugins/ticketflow-connectors

FROM ${CONNECT_IMAGE} AS connect
COPY --from=build /out/plugins/ /usr/share/confluent-hub-components/

FROM ${JRE_IMAGE} AS processor
RUN useradd --system --uid 10001 ticketflow
WORKDIR /app
COPY --from=build /out/app/ /app/
USER ticketflow
ENTRYPOINT ["java", "-jar", "/app/ticketflow.jar"]
CMD ["run", "--config", "/config/processor.properties"]
