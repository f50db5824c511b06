# Builds provisioning-worker.jar and runs it. Used by docker-compose.yml.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl worker -am package

FROM eclipse-temurin:21-jre
COPY --from=build /src/worker/target/provisioning-worker.jar /opt/provisioning-worker.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/provisioning-worker.jar"]
CMD ["run"]
