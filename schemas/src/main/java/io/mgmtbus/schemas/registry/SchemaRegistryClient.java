package io.mgmtbus.schemas.registry;

import org.apache.avro.Schema;

/**
 * What the serdes need from a schema registry: the documented calls of the Confluent Schema
 * Registry REST API, so the serdes work against ours or against Confluent's own.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (a no-op if already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** Returns the id of {@code schema} if it is already registered under {@code subject}, without registering it. */
    int lookup(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. */
    Schema schemaById(int id);

    /**
     * Creates the client for a {@code schema.registry.url}: {@code http(s)://...} talks REST
     * (HTTP basic with the URL's user-info, if any); {@code mock://scope} gives an in-memory
     * registry shared by everyone naming the same scope, for topology unit tests that run
     * without a broker.
     */
    static SchemaRegistryClient forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(InMemorySchemaRegistryClient.SCHEME)) {
            return InMemorySchemaRegistryClient.scope(url.substring(InMemorySchemaRegistryClient.SCHEME.length()));
        }
        return forEndpoint(RegistryEndpoint.of(url));
    }

    /** Creates the REST client for {@code endpoint}. */
    static SchemaRegistryClient forEndpoint(RegistryEndpoint endpoint) {
        if (endpoint.url().startsWith(InMemorySchemaRegistryClient.SCHEME)) {
            return forUrl(endpoint.url());
        }
        return new CachedSchemaRegistryClient(new RestSchemaRegistryClient(endpoint));
    }

    /**
     * Creates the client serde settings name ({@code schema.registry.url} and, as Confluent's,
     * {@code basic.auth.credentials.source} and {@code basic.auth.user.info}), or null when they
     * name no registry.
     */
    static SchemaRegistryClient forConfigs(java.util.Map<String, ?> configs) {
        RegistryEndpoint endpoint = RegistryEndpoint.fromConfigs(configs);
        return endpoint == null ? null : forEndpoint(endpoint);
    }
}
