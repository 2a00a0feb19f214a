# syntax=docker/dockerfile:1
# Build stage: compile and package the server with the committed Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY shared-events/pom.xml shared-events/
COPY command-side/pom.xml command-side/
COPY projections/pom.xml projections/
COPY query-side/pom.xml query-side/
COPY sagas/pom.xml sagas/
COPY server/pom.xml server/
COPY cli/pom.xml cli/
COPY bench/pom.xml bench/
RUN ./mvnw -q -B dependency:go-offline -DskipTests || true
COPY . .
RUN ./mvnw -q -B -DskipTests package

# Run stage: the JRE and the one jar, as a user without privileges.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin billing
WORKDIR /app
COPY --from=build /src/server/target/billing-ledger-server.jar /app/billing-ledger-server.jar
COPY --from=build /src/cli/target/billing-cli.jar /app/billing-cli.jar
USER billing
ENV PORT=3000 AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 3000
# Ready: the database answers and no projection lags or holds dead letters (docs/scaling.md).
# Plain bash, no curl: the check needs nothing the JRE image may lack.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# exec form: java is PID 1 and receives SIGTERM itself, so the graceful shutdown runs
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/billing-ledger-server.jar"]
