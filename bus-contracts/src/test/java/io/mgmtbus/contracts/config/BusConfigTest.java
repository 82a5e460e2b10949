package io.mgmtbus.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusConfigTest {

    @Test
    void defaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("bus.properties"),
                "bootstrap.servers=file:9092\nschema.registry.url=http://file:8081\ntopic.prefix=file.\n");
        Map<String, String> env = Map.of("MGMT_SCHEMA_REGISTRY_URL", "http://env:8081", "MGMT_TOPIC_PREFIX", "env.");
        Map<String, String> flags = new HashMap<>();
        flags.put(BusConfig.TOPIC_PREFIX, "flag.");
        flags.put(BusConfig.BOOTSTRAP_SERVERS, null); // an unset flag does not override

        BusConfig config = BusConfig.resolve(file, env, flags);

        assertThat(config).isEqualTo(new BusConfig("file:9092", "http://env:8081", "flag."));
        assertThat(BusConfig.resolve(null, Map.of(), Map.of())).isEqualTo(BusConfig.defaults());
    }

    @Test
    void aRolesFileNamesItsBusUnlessAConfigFileOrTheEnvironmentDoes(@TempDir Path dir) throws Exception {
        Path role = Files.writeString(
                dir.resolve("operator.properties"),
                "bootstrap.servers=10.0.0.1:9092\nschema.registry.url=https://10.0.0.1:8081\nsecurity.protocol=SASL_SSL\n");
        Path config = Files.writeString(dir.resolve("bus.properties"), "schema.registry.url=https://elsewhere:8081\n");

        BusConfig alone = BusConfig.resolve(null, role, Map.of(), Map.of());
        assertThat(alone.bootstrapServers()).isEqualTo("10.0.0.1:9092");
        assertThat(alone.schemaRegistryUrl()).isEqualTo("https://10.0.0.1:8081");
        assertThat(alone.clientProperties()).containsEntry("security.protocol", "SASL_SSL");

        assertThat(BusConfig.resolve(config, role, Map.of(), Map.of()).schemaRegistryUrl())
                .isEqualTo("https://elsewhere:8081");
        assertThat(BusConfig.resolve(null, role, Map.of("MGMT_SCHEMA_REGISTRY_URL", "https://env:8081"), Map.of())
                        .schemaRegistryUrl())
                .isEqualTo("https://env:8081");
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) {
        assertThatThrownBy(() -> BusConfig.resolve(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageStartingWith("cannot read configuration file " + dir.resolve("missing.properties"));
        assertThatThrownBy(() -> new BusConfig("k:9092", "http://r", "bad prefix!"))
                .hasMessageContaining("topic.prefix 'bad prefix!' may hold only");
        assertThatThrownBy(() -> new BusConfig(" ", "http://r", "")).hasMessage("bootstrap.servers must not be empty");
    }

    @Test
    void clientSettingsFromACommandConfigReachEveryClientButNotWhereTheBusIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("operator.properties");
        Files.writeString(
                file,
                "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nbootstrap.servers=elsewhere:1\n");
        BusConfig config = new BusConfig("k:9092", "http://r", "").withClientSettings(file);

        assertThat(config.clientProperties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "k:9092");
        assertThat(config.historyReaderProperties("reader")).containsEntry("security.protocol", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> config.withClientSettings(dir.resolve("missing.properties")))
                .hasMessageContaining("cannot read configuration file");
    }
}
