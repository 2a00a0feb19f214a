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

# Run stage: the JRE and the one jar.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 billing
WORKDIR /app
COPY --from=build /src/server/target/billing-ledger-server.jar /app/billing-ledger-server.jar
COPY --from=build /src/cli/target/billing-cli.jar /app/billing-cli.jar
USER billing
ENV PORT=3000 AXONIQ_UPDATE_CHECKER_DISABLED=true
EXPOSE 3000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/billing-ledger-server.jar"]
