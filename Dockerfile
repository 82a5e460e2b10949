# One image for every role of the bus: the container runs `mgmt <role> [options]`, e.g.
#   docker run --rm mgmt-bus:dev dispatch ping --bootstrap-servers kafka:19092 ...
# docker-compose.yml runs the streams-app, the agent-service and three nodes from it.

# --- build: the launcher and its dependencies, with Maven (tests run in CI, not here) ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
RUN mvn -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true -pl launcher -am package

# --- run: a slim JRE, a non-root user, no build tools ---
FROM eclipse-temurin:17-jre-jammy
RUN groupadd --system --gid 1000 mgmt \
    && useradd --system --uid 1000 --gid mgmt --home-dir /var/lib/mgmt --create-home mgmt
COPY --from=build /build/launcher/target/launcher.jar /opt/mgmt/launcher.jar
COPY --from=build /build/launcher/target/lib/ /opt/mgmt/lib/
USER mgmt
WORKDIR /var/lib/mgmt
# The agent-service's HTTP API (mgmt agent --port); other roles listen on nothing.
EXPOSE 8080
ENTRYPOINT ["java", "-cp", "/opt/mgmt/launcher.jar:/opt/mgmt/lib/*", "io.mgmtbus.launcher.Mgmt"]
CMD ["--help"]
