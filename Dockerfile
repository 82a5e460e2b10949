# One image for every role of the bus: the container runs `mgmt <role> [options]`, e.g.
#   docker run --rm mgmt-bus:dev dispatch ping --bootstrap-servers kafka:19092 ...
# docker-compose.yml runs the whole bus from it: broker, registry, streams-app, agent, three nodes.
#
# The jars come from Maven on the build machine, not from a build inside the image:
#   mvn -q -DskipTests package      (then: docker build -t mgmt-bus:dev .)
# so the image holds the runtime class path only: no Maven, no test or harness libraries.
# BASE_IMAGE is any image with a Java 17 runtime, bash, groupadd, useradd and uid/gid 1000 free; without a registry
# (this project's CI), `bin/containers base-image` makes one from Debian's packages.
ARG BASE_IMAGE=eclipse-temurin:17-jre-jammy

# --- layout: the roles' class path, plus the broker's own jars (only `mgmt broker` and `mgmt demo` use them) ---
FROM ${BASE_IMAGE} AS layout
LABEL io.mgmtbus.stage=layout
COPY launcher/target/launcher.jar /opt/mgmt/launcher.jar
COPY launcher/target/lib/ /opt/mgmt/lib/
COPY demo/target/demo.jar demo/target/lib/ /opt/mgmt/broker/
RUN cd /opt/mgmt/broker \
    && rm -f launcher-*.jar \
    && for jar in *.jar; do if [ -e "../lib/$jar" ]; then rm "$jar"; fi; done

# --- run: a Java runtime, a non-root user, the launcher ---
FROM ${BASE_IMAGE}
RUN groupadd --system --gid 1000 mgmt \
    && useradd --system --uid 1000 --gid mgmt --home-dir /var/lib/mgmt --create-home mgmt \
    && mkdir -p /var/lib/mgmt/kafka /var/lib/mgmt/streams \
    && chown mgmt:mgmt /var/lib/mgmt/kafka /var/lib/mgmt/streams
COPY --from=layout /opt/mgmt/ /opt/mgmt/
COPY docker/mgmt /opt/mgmt/bin/mgmt
USER mgmt
WORKDIR /var/lib/mgmt
# The agent's HTTP API (8080), the registry (8081), the broker for the host (9092) and for other containers (19092).
EXPOSE 8080 8081 9092 19092
ENTRYPOINT ["/opt/mgmt/bin/mgmt"]
CMD ["--help"]
