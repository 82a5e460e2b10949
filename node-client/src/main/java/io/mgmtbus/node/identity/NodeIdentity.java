package io.mgmtbus.node.identity;

import io.mgmtbus.contracts.targeting.Labels;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who a node is: its cluster-unique name, the host or instance it runs under, when this process
 * started (a new start time in a hello means the node restarted), and the labels selectors pick
 * it by.
 */
public record NodeIdentity(String name, String instance, Instant startedAt, Map<String, String> labels) {

    /** Names become part of Kafka ids (transactional id, group id), so they keep to Kafka's characters. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    public NodeIdentity {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "node name '" + name + "' is invalid: use 1-200 letters, digits, '.', '_' or '-'");
        }
        if (instance == null || instance.isBlank()) {
            instance = defaultInstance();
        }
        labels = Labels.checked(labels == null ? Map.of() : labels);
    }

    public NodeIdentity(String name, String instance, Instant startedAt) {
        this(name, instance, startedAt, Map.of());
    }

    public static String defaultInstance() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
