package io.mgmtbus.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    @Test
    void startsARealBrokerThatKeepsDataAcrossRestartsAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        long pid;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(data).start()) {
            pid = kafka.pidForTest();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1)))
                        .all()
                        .get();
            }
            try (var producer = new KafkaProducer<>(
                    Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "v")).get();
            }
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("broker JVM gone after close")
                .isFalse();
        assertThat(data).exists();

        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(data).start();
                var consumer = new KafkaConsumer<>(
                        Map.<String, Object>of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ConsumerConfig.GROUP_ID_CONFIG, "g",
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 50 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.records("t"))
                    .extracting(r -> r.key() + "=" + r.value())
                    .containsExactly("k=v");
        }
    }

    @Test
    void aTakenPortIsAClearOneLineError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.LOOPBACK))) {
            assertThatThrownBy(() ->
                            EmbeddedKafka.builder().port(taken.getLocalPort()).start())
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessage("Kafka port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"
                            + " (is another instance running? pick another with --port)");
        }
    }

    @Test
    void anUnwritableDataDirIsAClearOneLineError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThatThrownBy(() -> EmbeddedKafka.builder()
                        .dataDir(file.resolve("kafka"))
                        .startTimeout(Duration.ofSeconds(5))
                        .start())
                .isInstanceOf(BrokerStartException.class)
                .hasMessageStartingWith("data directory " + file.resolve("kafka") + " cannot be created")
                .hasMessageNotContaining("\n");
    }
}
