package io.mgmtbus.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mgmtbus.events.NodeHello;
import io.mgmtbus.registry.RegistryServer;
import io.mgmtbus.registry.RegistryUsers;
import io.mgmtbus.schemas.wire.AvroWireDeserializer;
import io.mgmtbus.schemas.wire.AvroWireSerializer;
import io.mgmtbus.schemas.wire.WireFormat;
import io.mgmtbus.testcluster.TestCluster;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serdes and the registry client call a secured registry with credentials given the ways
 * Confluent's clients take them ({@code basic.auth.user.info}, or the URL's user-info), and say
 * clearly, without the password, when they have none or wrong ones.
 */
class RegistryCredentialsTest {

    private static final String PASSWORD = "p@ss:word/1";
    private static RegistryServer registry;

    @BeforeAll
    static void start() {
        registry = RegistryServer.start(
                TestCluster.shared().clientProperties(),
                "_schemas_" + UUID.randomUUID(),
                "127.0.0.1",
                0,
                RegistryUsers.of(Map.of("serde", PASSWORD)));
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void serdesConfiguredWithBasicAuthUserInfoRoundTrip() {
        Map<String, String> configs = Map.of(
                WireFormat.SCHEMA_REGISTRY_URL,
                registry.url(),
                WireFormat.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                WireFormat.BASIC_AUTH_USER_INFO,
                "serde:" + PASSWORD);

        assertThat(roundTrip(configs)).isEqualTo(hello());
    }

    @Test
    void theUrlsUserInfoIsUsedPercentDecoded() {
        String url = registry.url().replace("http://", "http://serde:p%40ss%3Aword%2F1@");

        assertThat(roundTrip(Map.of(WireFormat.SCHEMA_REGISTRY_URL, url))).isEqualTo(hello());
        assertThat(RegistryEndpoint.redact(url)).doesNotContain("word").contains("serde:***@");
    }

    @Test
    void withoutCredentialsTheErrorSaysWhatToSet() {
        SchemaRegistryClient anonymous = SchemaRegistryClient.forUrl(registry.url());

        assertThatThrownBy(() -> anonymous.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("401")
                .hasMessageContaining(WireFormat.BASIC_AUTH_USER_INFO);
    }

    @Test
    void aWrongPasswordIsRefusedAndNotRepeatedInTheMessage() {
        SchemaRegistryClient wrong = SchemaRegistryClient.forEndpoint(
                RegistryEndpoint.of(registry.url(), "USER_INFO", "serde:not-" + PASSWORD));

        assertThatThrownBy(() -> wrong.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("as serde")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }

    @Test
    void aPasswordWithAnUnencodedAtSignIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RegistryEndpoint.of("http://serde:se@cret@127.0.0.1:8081"))
                .hasMessageContaining("percent-encode")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cret"));
    }

    @Test
    void anUnsupportedCredentialsSourceIsAClearError() {
        assertThatThrownBy(() -> RegistryEndpoint.of(registry.url(), "SASL_INHERIT", null))
                .hasMessageContaining("SASL_INHERIT")
                .hasMessageContaining("URL or USER_INFO");
        assertThatThrownBy(() -> RegistryEndpoint.of(registry.url(), "USER_INFO", null))
                .hasMessageContaining(WireFormat.BASIC_AUTH_USER_INFO);
    }

    private static NodeHello hello() {
        Instant at = Instant.ofEpochMilli(1_764_000_000_000L);
        return NodeHello.newBuilder()
                .setNode("worker-01")
                .setStartedAt(at)
                .setSentAt(at)
                .build();
    }

    private static NodeHello roundTrip(Map<String, String> configs) {
        String topic = "creds-" + UUID.randomUUID();
        try (AvroWireSerializer<NodeHello> serializer = new AvroWireSerializer<>();
                AvroWireDeserializer<NodeHello> deserializer = new AvroWireDeserializer<>()) {
            serializer.configure(configs, false);
            Map<String, Object> readerConfigs = new HashMap<>(configs);
            readerConfigs.put(WireFormat.SPECIFIC_AVRO_READER, "true");
            deserializer.configure(readerConfigs, false);
            return deserializer.deserialize(topic, serializer.serialize(topic, hello()));
        }
    }
}
