package io.mgmtbus.contracts.security;

import io.mgmtbus.contracts.config.BusConfig;
import io.mgmtbus.contracts.groups.ConsumerGroups;
import io.mgmtbus.contracts.topics.BusTopics;
import io.mgmtbus.contracts.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The one place the bus's Kafka ACLs are written down, per role. What each role may do is what
 * its code does, nothing more:
 *
 * <ul>
 *   <li><b>operator</b> (the CLI, any requester): write requests and cancels; read every bus topic and describe
 *       the bus's groups (what {@code mgmt dispatch}, {@code nodes}, {@code request} and {@code
 *       audit} read, and whether the streams-app runs), and read through its own consumer groups
 *       ({@link ConsumerGroups#operatorClients}, for clients that cannot read without one); write nothing else.
 *   <li><b>node</b> (one principal per node): read requests and cancels, write responses, hellos and dead
 *       letters, its own consumer group, and only its own transactional id: a node cannot answer
 *       in another node's name through that node's transactions, nor write a request.
 *   <li><b>streams-app</b>: read requests, responses, cancels and hellos; write outcomes, the
 *       request index, dead letters and requests (the waves of a rollout, which it starts); everything under its application ids (internal topics, groups,
 *       transactional ids).
 *   <li><b>agent</b>: read every bus topic (its view, the audit, health), write requests and cancels,
 *       describe the groups whose members tell whether parts run.
 *   <li><b>schema registry</b>: its own schema log topic only (create it, read it, write it in
 *       transactions) and the group its instances elect their writer in; no bus topic.
 * </ul>
 *
 * Every role may also describe the bus topics (existence, partitions, configs), which each
 * component checks on start. Anyone else, an unauthenticated client included, may do nothing (the broker runs with {@code
 * allow.everyone.if.no.acl.found=false}).
 */
public final class BusAcls {

    private final BusTopics topics;

    public BusAcls(BusTopics topics) {
        this.topics = topics;
    }

    /** Creates {@code bindings} as the cluster admin {@code admin} sees the bus, waiting up to 30 s until they hold. */
    public static void grant(BusConfig admin, Collection<AclBinding> bindings) {
        try (Admin client = Admin.create(admin.clientProperties())) {
            grant(client, bindings, Duration.ofSeconds(30));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the bus's ACLs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the bus's ACLs", e);
        }
    }

    /**
     * Creates {@code bindings} and waits until the broker enforces them: ACLs reach the
     * authorizer through the cluster's metadata a moment after they are created, and a client
     * starting in between would be refused.
     */
    public static void grant(Admin admin, Collection<AclBinding> bindings, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        admin.createAcls(bindings).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!admin.describeAcls(AclBindingFilter.ANY)
                .values()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .containsAll(bindings)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the broker did not apply the bus's ACLs within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Every role's ACLs for one deployment: the operator's, the streams-app's and the agent's
     * users, and each node's user by node name.
     */
    public List<AclBinding> forRoles(String operator, String streamsApp, String agent, Map<String, String> nodeUsers) {
        List<AclBinding> bindings = new ArrayList<>();
        bindings.addAll(operator(operator));
        bindings.addAll(streamsApp(streamsApp));
        bindings.addAll(agent(agent));
        nodeUsers.forEach((node, user) -> bindings.addAll(node(user, node)));
        return bindings;
    }

    /** Kafka's name of the principal of a SASL user. */
    public static String principal(String user) {
        return "User:" + user;
    }

    public List<AclBinding> operator(String user) {
        List<AclBinding> acls = readEverything(user);
        acls.add(allow(
                user,
                new ResourcePattern(ResourceType.GROUP, ConsumerGroups.operatorClients(topics), PatternType.PREFIXED),
                AclOperation.READ));
        topic(acls, user, topics.requests().name(), AclOperation.WRITE);
        topic(acls, user, topics.cancels().name(), AclOperation.WRITE);
        return acls;
    }

    public List<AclBinding> node(String user, String nodeName) {
        List<AclBinding> acls = lookAround(user);
        topic(acls, user, topics.requests().name(), AclOperation.READ, AclOperation.DESCRIBE);
        topic(acls, user, topics.cancels().name(), AclOperation.READ, AclOperation.DESCRIBE);
        for (String write : List.of(
                topics.responses().name(),
                topics.hellos().name(),
                topics.deadLetter().name())) {
            topic(acls, user, write, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        String id = ConsumerGroups.node(topics, nodeName); // its group id and its transactional id
        acls.add(allow(user, new ResourcePattern(ResourceType.GROUP, id, PatternType.LITERAL), AclOperation.READ));
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(user, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, id, PatternType.LITERAL), op));
        }
        return acls;
    }

    public List<AclBinding> streamsApp(String user) {
        List<AclBinding> acls = lookAround(user);
        for (String read : List.of(
                topics.requests().name(),
                topics.responses().name(),
                topics.cancels().name(),
                topics.hellos().name())) {
            topic(acls, user, read, AclOperation.READ, AclOperation.DESCRIBE);
        }
        for (String write : List.of(
                topics.requests().name(),
                topics.outcomes().name(),
                topics.requestIndex().name(),
                topics.deadLetter().name())) {
            topic(acls, user, write, AclOperation.WRITE, AclOperation.DESCRIBE);
        }
        // The guard reads the outcomes too (to dead-letter bad ones).
        topic(acls, user, topics.outcomes().name(), AclOperation.READ);
        for (String applicationId : List.of(ConsumerGroups.streamsApp(topics), ConsumerGroups.streamsGuard(topics))) {
            for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
                acls.add(allow(user, new ResourcePattern(type, applicationId, PatternType.PREFIXED), AclOperation.ALL));
            }
        }
        return acls;
    }

    public List<AclBinding> agent(String user) {
        List<AclBinding> acls = readEverything(user);
        topic(acls, user, topics.requests().name(), AclOperation.WRITE);
        topic(acls, user, topics.cancels().name(), AclOperation.WRITE);
        return acls;
    }

    /**
     * The schema registry's: create, read and write its schema log {@code topic}, and elect its
     * writer in group {@code electionGroup}, which is also the writers' transactional id.
     */
    public static List<AclBinding> registry(String user, String topic, String electionGroup) {
        List<AclBinding> acls = new ArrayList<>();
        topic(
                acls,
                user,
                topic,
                AclOperation.CREATE,
                AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS,
                AclOperation.READ,
                AclOperation.WRITE);
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
            acls.add(allow(user, new ResourcePattern(ResourceType.GROUP, electionGroup, PatternType.LITERAL), op));
        }
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(allow(
                    user, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, electionGroup, PatternType.LITERAL), op));
        }
        return acls;
    }

    /** Read every bus topic and describe the bus's groups: the view of the agent and of the CLI. */
    private List<AclBinding> readEverything(String user) {
        List<AclBinding> acls = lookAround(user);
        acls.add(allow(user, family(), AclOperation.READ));
        acls.add(allow(
                user,
                new ResourcePattern(ResourceType.GROUP, ConsumerGroups.prefix(topics), PatternType.PREFIXED),
                AclOperation.DESCRIBE));
        return acls;
    }

    /**
     * What every role may see of the bus's topics: that they exist, their partitions and configs.
     * Every component checks on start that the bus is provisioned as specified.
     */
    private List<AclBinding> lookAround(String user) {
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(user, family(), AclOperation.DESCRIBE));
        acls.add(allow(user, family(), AclOperation.DESCRIBE_CONFIGS));
        return acls;
    }

    private ResourcePattern family() {
        return new ResourcePattern(ResourceType.TOPIC, topics.prefix() + TopicNames.FAMILY, PatternType.PREFIXED);
    }

    private static void topic(List<AclBinding> acls, String user, String topic, AclOperation... operations) {
        for (AclOperation op : operations) {
            acls.add(allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), op));
        }
    }

    private static AclBinding allow(String user, ResourcePattern resource, AclOperation operation) {
        return new AclBinding(
                resource, new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW));
    }
}
