package io.mgmtbus.testcluster;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the tests' broker comes from, decided in this one place from the environment:
 *
 * <ul>
 *   <li>{@link #EXTERNAL}: {@value TestCluster#BOOTSTRAP_ENV} names a running cluster;
 *   <li>{@link #CONTAINERS}: {@value #DOCKER_ENV}{@code =true} and a Docker engine answers, so
 *       Kafka ({@code apache/kafka}) and Confluent's schema registry run as Testcontainers;
 *   <li>{@link #EMBEDDED_CLUSTER}: {@value TestCluster#BROKERS_ENV} above 1, a real multi-broker
 *       cluster from Maven artifacts;
 *   <li>{@link #EMBEDDED}: otherwise (the default, and the only path where no Docker engine runs,
 *       as on CI here), one real broker from Maven artifacts.
 * </ul>
 *
 * Asking for Docker where none answers falls back to the embedded broker, with a warning.
 */
public enum ClusterSource {
    EXTERNAL,
    CONTAINERS,
    EMBEDDED_CLUSTER,
    EMBEDDED;

    /** Set to {@code true} to run the tests against containers when a Docker engine is available. */
    public static final String DOCKER_ENV = "MGMT_TEST_DOCKER";

    /**
     * @param dockerAvailable asked only when {@value #DOCKER_ENV} is true (probing Docker takes time)
     */
    public static ClusterSource choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        if (!blank(env.get(TestCluster.BOOTSTRAP_ENV))) {
            return EXTERNAL;
        }
        if ("true".equalsIgnoreCase(env.getOrDefault(DOCKER_ENV, "").trim()) && dockerAvailable.getAsBoolean()) {
            return CONTAINERS;
        }
        return brokers(env) > 1 ? EMBEDDED_CLUSTER : EMBEDDED;
    }

    /** How many brokers {@value TestCluster#BROKERS_ENV} asks for (default 1). */
    static int brokers(Map<String, String> env) {
        String setting = env.getOrDefault(TestCluster.BROKERS_ENV, "");
        return blank(setting) ? 1 : Integer.parseInt(setting.trim());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
