package io.mgmtbus.schemas.registry;

import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * How a client trusts an HTTPS registry: Confluent's {@code schema.registry.ssl.*} settings
 * (the {@code ssl.*} keys of a Kafka client behind that prefix, e.g. {@code
 * schema.registry.ssl.truststore.type=PEM} with {@code
 * schema.registry.ssl.truststore.certificates} or {@code .location}), read by Kafka's own SSL
 * engine factory exactly as Confluent's clients read them.
 */
public final class RegistryTls {

    /** The prefix of the registry client's TLS settings. */
    public static final String PREFIX = "schema.registry.";

    private static final String SSL_PREFIX = PREFIX + "ssl.";

    private RegistryTls() {}

    /** Whether {@code key} is a TLS setting of the registry client, not of a Kafka client. */
    public static boolean isSetting(String key) {
        return key.startsWith(SSL_PREFIX);
    }

    /** The TLS context the settings in {@code configs} describe, or null when they set none (the JVM's defaults). */
    public static SSLContext fromConfigs(Map<String, ?> configs) {
        Map<String, Object> ssl = new HashMap<>();
        configs.forEach((key, value) -> {
            if (isSetting(key) && value != null) {
                ssl.put(key.substring(PREFIX.length()), value.toString());
            }
        });
        if (ssl.isEmpty()) {
            return null;
        }
        try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
            factory.configure(new ConfigDef().withClientSslSupport().parse(ssl));
            return factory.sslContext();
        } catch (KafkaException e) {
            throw new IllegalArgumentException(
                    "the schema registry's TLS settings (" + SSL_PREFIX + "*) are invalid: " + e.getMessage(), e);
        }
    }
}
