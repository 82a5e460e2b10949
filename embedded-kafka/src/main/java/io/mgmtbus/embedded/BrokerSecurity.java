package io.mgmtbus.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 authentication and ACL authorization for the embedded broker. Every user's
 * SCRAM credential is written into the storage when it is formatted (so no unauthenticated
 * client is ever needed to create them), the admin is the only super user, and a client
 * without an ACL may do nothing. The controller listener (loopback, used by the broker itself)
 * authenticates with SASL/PLAIN as the admin.
 *
 * @param adminUser the super user (also the broker's own identity)
 * @param adminPassword its password
 * @param users every other user and its password
 */
public record BrokerSecurity(String adminUser, String adminPassword, Map<String, String> users) {

    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    public BrokerSecurity {
        users = Map.copyOf(users);
    }

    /** Names the users, not their passwords: a configuration gets logged. */
    @Override
    public String toString() {
        return "BrokerSecurity[admin=" + adminUser + ", users=" + new java.util.TreeSet<>(users.keySet()) + "]";
    }

    /** The Kafka client settings of {@code user} (the admin or one of the users). */
    public Map<String, String> clientProperties(String user) {
        String password = user.equals(adminUser) ? adminPassword : users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        return Map.of(
                "security.protocol", PROTOCOL,
                "sasl.mechanism", MECHANISM,
                "sasl.jaas.config", scramLogin(user, password));
    }

    /** The broker settings of a SASL listener on {@code port} and a controller on {@code controllerPort}. */
    Map<String, String> brokerProperties(String host, int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", PROTOCOL + "://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", PROTOCOL + "://" + host + ":" + port);
        p.put("listener.security.protocol.map", PROTOCOL + ":" + PROTOCOL + ",CONTROLLER:" + PROTOCOL);
        p.put("inter.broker.listener.name", PROTOCOL);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", scramLogin(adminUser, adminPassword));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + adminUser
                        + "\" password=\"" + adminPassword + "\" user_" + adminUser + "=\"" + adminPassword + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + adminUser);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** One line per user for the storage tool's {@code --add-scram}. */
    public List<String> scramCredentials() {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(adminUser, adminPassword);
        return all.entrySet().stream()
                .map(e -> MECHANISM + "=[name=" + e.getKey() + ",password=" + e.getValue() + "]")
                .toList();
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }
}
