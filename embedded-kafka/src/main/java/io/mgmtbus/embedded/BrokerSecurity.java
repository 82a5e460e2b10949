package io.mgmtbus.embedded;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SASL/SCRAM-SHA-512 authentication, optionally over TLS, and ACL authorization for the embedded broker. Every user's
 * SCRAM credential is written into the storage when it is formatted (so no unauthenticated
 * client is ever needed to create them), the admin is the only super user, and a client
 * without an ACL may do nothing. The controller listener (loopback, used by the broker itself)
 * authenticates with SASL/PLAIN as the admin.
 *
 * @param adminUser the super user (also the broker's own identity)
 * @param adminPassword its password
 * @param users every other user and its password
 * @param tls the client listener's certificate (SASL_SSL), or null for SASL_PLAINTEXT
 */
public record BrokerSecurity(String adminUser, String adminPassword, Map<String, String> users, BrokerTls tls) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    public BrokerSecurity {
        users = Map.copyOf(users);
    }

    /** SASL without TLS: the passwords stay private (SCRAM), the records do not. */
    public BrokerSecurity(String adminUser, String adminPassword, Map<String, String> users) {
        this(adminUser, adminPassword, users, null);
    }

    /** The same users, their listener serving {@code tls}. */
    public BrokerSecurity withTls(BrokerTls tls) {
        return new BrokerSecurity(adminUser, adminPassword, users, tls);
    }

    /** The client listener's security protocol, also its listener name. */
    public String protocol() {
        return tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
    }

    /** Names the users, not their passwords: a configuration gets logged. */
    @Override
    public String toString() {
        return "BrokerSecurity[admin=" + adminUser + ", users=" + new java.util.TreeSet<>(users.keySet()) + ", "
                + protocol() + "]";
    }

    /** The Kafka client settings of {@code user} (the admin or one of the users). */
    public Map<String, String> clientProperties(String user) {
        String password = user.equals(adminUser) ? adminPassword : users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no such user: " + user);
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol());
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", scramLogin(user, password));
        if (tls != null) {
            p.putAll(tls.trustProperties());
        }
        return p;
    }

    /** The JAAS setting of listener {@code listenerName}: the broker's own SCRAM login. */
    String listenerLogin(String listenerName) {
        return "listener.name." + listenerName.toLowerCase(java.util.Locale.ROOT) + ".scram-sha-512.sasl.jaas.config";
    }

    /** The broker settings of a SASL listener on {@code port} and a controller on {@code controllerPort}. */
    Map<String, String> brokerProperties(String host, int port, int controllerPort) {
        String protocol = protocol();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", protocol + "://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", protocol + "://" + host + ":" + port);
        // The controller listener stays on loopback without TLS: only this broker's own process uses it.
        p.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", protocol);
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(listenerLogin(protocol), scramLogin(adminUser, adminPassword));
        if (tls != null) {
            p.putAll(tls.brokerProperties());
        }
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
