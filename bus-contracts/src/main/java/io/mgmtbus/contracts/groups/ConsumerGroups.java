package io.mgmtbus.contracts.groups;

import io.mgmtbus.contracts.topics.BusTopics;

/**
 * The consumer group (and application) ids of the bus's components, prefixed like the topics so
 * several buses share a cluster. Other components read them too: the agent judges whether the
 * streams-app is running from its groups.
 */
public final class ConsumerGroups {

    private ConsumerGroups() {}

    /** What every group id of the bus starts with. */
    public static String prefix(BusTopics topics) {
        return topics.prefix() + "mgmt-";
    }

    /** The Kafka Streams application id of the dispatch topology. */
    public static String streamsApp(BusTopics topics) {
        return prefix(topics) + "streams";
    }

    /** The Kafka Streams application id of the guard that dead-letters bad hellos and outcomes. */
    public static String streamsGuard(BusTopics topics) {
        return prefix(topics) + "streams-guard";
    }

    /** A node's group id (it stores only committed offsets: the node reads by assign()) and transactional id. */
    public static String node(BusTopics topics, String nodeName) {
        return prefix(topics) + "node-" + nodeName;
    }

    /**
     * The prefix of the consumer groups an operator's own Kafka clients may use: most clients but
     * Java's (kafkajs, for one) can only read a topic through a group.
     */
    public static String operatorClients(BusTopics topics) {
        return prefix(topics) + "operator-";
    }
}
