package io.mgmtbus.registry;

/** One version of one subject, as the registry stores and returns it. */
public record RegisteredSchema(String subject, int version, int id, String schema) {}
