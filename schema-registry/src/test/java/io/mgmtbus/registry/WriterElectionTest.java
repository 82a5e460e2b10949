package io.mgmtbus.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one schema log: exactly one writes (elected through a consumer group),
 * the others forward writes to it, concurrent registrations through all of them never share an
 * id or lose a version, a writer that stops is replaced, and a writer whose term is over is
 * fenced by Kafka.
 */
@Tag("slow")
class WriterElectionTest {

    @Test
    void concurrentRegistrationsThroughEveryInstanceGetDistinctIdsAndNoLostVersion() throws Exception {
        String topic = TestBroker.newTopic();
        List<RegistryServer> instances = startInstances(topic, 3);
        try {
            assertThat(instances.stream().filter(RegistryServer::isWriter)).hasSize(1);

            String shared = RegistryHttp.subject();
            Map<Integer, String> schemaById = new ConcurrentHashMap<>();
            List<Integer> sharedVersions = Collections.synchronizedList(new ArrayList<>());
            ExecutorService callers = Executors.newFixedThreadPool(6);
            List<Future<?>> calls = new ArrayList<>();
            int rounds = 20;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < instances.size(); i++) {
                    RegistryHttp via = new RegistryHttp(instances.get(i));
                    String name = "R" + round + "I" + i;
                    calls.add(callers.submit(() -> {
                        // A new schema in its own subject, and a new version of one shared subject (NONE below).
                        String own = "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[]}";
                        JsonNode registered = via.register(RegistryHttp.subject(), own);
                        recordOnce(schemaById, registered, name);
                        String version = "{\"type\":\"record\",\"name\":\"V\",\"fields\":[{\"name\":\"" + name
                                + "\",\"type\":\"int\",\"default\":0}]}";
                        sharedVersions.add(
                                via.register(shared, version).get("version").asInt());
                    }));
                }
                if (round == 0) {
                    for (Future<?> call : calls) {
                        call.get();
                    }
                }
            }
            for (Future<?> call : calls) {
                call.get();
            }
            callers.shutdown();

            assertThat(schemaById).hasSize(rounds * instances.size());
            assertThat(sharedVersions).doesNotHaveDuplicates().hasSize(rounds * instances.size());
            for (RegistryServer instance : instances) {
                RegistryHttp http = new RegistryHttp(instance);
                assertThat(http.call("GET", "/subjects/" + shared + "/versions", null, 200))
                        .hasSize(rounds * instances.size());
                assertEveryIdReadsBackItsSchema(http, schemaById);
            }
        } finally {
            instances.forEach(RegistryServer::close);
        }
    }

    @Test
    void aWriterThatStopsIsReplacedAndWritesGoOn() throws Exception {
        String topic = TestBroker.newTopic();
        RegistryServer first = TestBroker.startRegistry(topic);
        RegistryServer second = TestBroker.startRegistry(topic);
        try {
            RegistryServer writer = first.isWriter() ? first : second;
            RegistryServer other = writer == first ? second : first;
            assertThat(other.isWriter()).isFalse();
            RegistryHttp otherHttp = new RegistryHttp(other);
            int before = otherHttp
                    .register(RegistryHttp.subject(), "{\"type\":\"record\",\"name\":\"Before\",\"fields\":[]}")
                    .get("id")
                    .asInt();

            writer.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!other.isWriter() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(other.isWriter()).as("the remaining instance took over").isTrue();
            int after = otherHttp
                    .register(RegistryHttp.subject(), "{\"type\":\"record\",\"name\":\"After\",\"fields\":[]}")
                    .get("id")
                    .asInt();
            assertThat(after).isGreaterThan(before);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void theWriterChangesWhileRegistrationsRunAndNoneIsLostOrGivenASharedId() throws Exception {
        String topic = TestBroker.newTopic();
        List<RegistryServer> instances = startInstances(topic, 3);
        try {
            RegistryServer writer = instances.stream()
                    .filter(RegistryServer::isWriter)
                    .findFirst()
                    .orElseThrow();
            List<RegistryServer> followers =
                    instances.stream().filter(r -> r != writer).toList();
            Map<Integer, String> schemaById = new ConcurrentHashMap<>();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            List<Future<?>> calls = new ArrayList<>();
            for (int n = 0; n < 60; n++) {
                RegistryHttp via = new RegistryHttp(followers.get(n % followers.size()));
                String name = "W" + n;
                calls.add(callers.submit(() -> {
                    JsonNode registered = via.register(
                            RegistryHttp.subject(), "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[]}");
                    recordOnce(schemaById, registered, name);
                }));
                if (n == 20) {
                    writer.close(); // in the middle of it: a follower is elected, writes wait for it
                }
            }
            for (Future<?> call : calls) {
                call.get();
            }
            callers.shutdown();
            assertThat(schemaById).hasSize(60);
            assertThat(followers.stream().filter(RegistryServer::isWriter)).hasSize(1);
            assertEveryIdReadsBackItsSchema(new RegistryHttp(followers.get(0)), schemaById);
        } finally {
            instances.forEach(RegistryServer::close);
        }
    }

    @Test
    void aWriterWhoseTermIsOverCannotWriteAnyMore() throws Exception {
        String topic = TestBroker.newTopic();
        try (RegistryServer registry = TestBroker.startRegistry(topic)) {
            RegistryHttp http = new RegistryHttp(registry);
            http.register(RegistryHttp.subject(), "{\"type\":\"record\",\"name\":\"One\",\"fields\":[]}");

            // A second writer opens (as a newly elected instance would): the registry's writer is fenced.
            Map<String, Object> kafka = new HashMap<>(Map.of("bootstrap.servers", TestBroker.bootstrapServers()));
            try (LogWriter intruder = new LogWriter(kafka, topic, RegistryServer.electionGroup(topic))) {
                // The registry is still the election's choice: it takes the writer back and registers.
                int id = http.register(RegistryHttp.subject(), "{\"type\":\"record\",\"name\":\"Two\",\"fields\":[]}")
                        .get("id")
                        .asInt();
                assertThat(id).isEqualTo(2);
                assertThatThrownBy(() -> intruder.append(List.of(LogRecord.config(null, CompatibilityLevel.NONE))))
                        .isInstanceOf(LogWriter.Deposed.class);
            }
            assertThat(http.call("GET", "/config", null, 200)
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("BACKWARD");
        }
    }

    @Test
    void aFollowerForwardsWritesButNeverForwardsAForwardedOne() throws Exception {
        String topic = TestBroker.newTopic();
        try (RegistryServer writer = TestBroker.startRegistry(topic);
                RegistryServer follower = TestBroker.startRegistry(topic)) {
            assertThat(writer.isWriter()).isTrue();
            RegistryHttp followerHttp = new RegistryHttp(follower);
            assertThat(followerHttp
                            .call("PUT", "/config", "{\"compatibility\":\"FULL\"}", 200)
                            .toString())
                    .isEqualTo("{\"compatibility\":\"FULL\"}");
            // Read your writes through the follower, and the writer has it too.
            assertThat(followerHttp
                            .call("GET", "/config", null, 200)
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");
            assertThat(new RegistryHttp(writer)
                            .call("GET", "/config", null, 200)
                            .get("compatibilityLevel")
                            .asText())
                    .isEqualTo("FULL");

            // The writer's errors come back as it gave them.
            followerHttp.error("DELETE", "/subjects/nothing-here", null, 404, 40401);

            // Two instances that each took the other for the writer must not pass a request back and forth.
            HttpResponse<String> bounced = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(follower.url() + "/config"))
                                    .header("Content-Type", RegistryApi.CONTENT_TYPE)
                                    .header(WriteForwarding.FORWARDED_HEADER, "http://127.0.0.1:1")
                                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"NONE\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(bounced.statusCode()).isEqualTo(500);
            JsonNode error = RegistryHttp.JSON.readTree(bounced.body());
            assertThat(error.get("error_code").asInt()).isEqualTo(50004);
            assertThat(error.get("message").asText())
                    .contains(follower.url())
                    .contains("http://127.0.0.1:1")
                    .contains("not the schema registry writer");
        }
    }

    private static List<RegistryServer> startInstances(String topic, int count) {
        List<RegistryServer> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            instances.add(TestBroker.startRegistry(topic));
        }
        return instances;
    }

    /** Notes the id a registration got, failing if another schema got it before. */
    private static void recordOnce(Map<Integer, String> schemaById, JsonNode registered, String name) {
        assertThat(schemaById.putIfAbsent(registered.get("id").asInt(), name))
                .as("id %s given twice", registered.get("id"))
                .isNull();
    }

    /** {@code http}'s instance decodes every id with the schema registered under it. */
    private static void assertEveryIdReadsBackItsSchema(RegistryHttp http, Map<Integer, String> schemaById) {
        schemaById.forEach((id, name) -> assertThat(http.call("GET", "/schemas/ids/" + id, null, 200)
                        .get("schema")
                        .asText())
                .contains("\"" + name + "\""));
    }
}
