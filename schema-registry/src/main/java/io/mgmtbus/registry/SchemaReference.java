package io.mgmtbus.registry;

/**
 * A named Avro type that a schema takes from another subject's version, as in Confluent's
 * {@code "references": [{"name": "com.acme.Address", "subject": "address", "version": 1}]}.
 */
record SchemaReference(String name, String subject, int version) {}
