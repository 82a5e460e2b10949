package io.mgmtbus.contracts.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics and verifies existing ones against their {@link TopicSpec}. Idempotent:
 * safe to run on every start of every component. A topic that exists with the wrong partition
 * count or cleanup policy is an error, not something to paper over: the reqid join and
 * compaction rely on both. New topics get the {@link Replication} of the cluster; an existing
 * topic with fewer copies or a lower {@code min.insync.replicas} is reported with a warning (a
 * broker loss could lose its records), not changed: raising replication moves data, which is
 * the cluster operator's call.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 30;

    /** What provisioning did. */
    public record Report(List<String> created, List<String> verified) {}

    private final Admin admin;
    private Replication replication;

    /** Provisions with the replication the cluster's size calls for ({@link Replication#forBrokers}). */
    public TopicProvisioner(Admin admin) {
        this(admin, null);
    }

    /** Provisions with {@code replication} (null: the one the cluster's size calls for). */
    public TopicProvisioner(Admin admin, Replication replication) {
        this.admin = admin;
        this.replication = replication;
    }

    /** The replication new topics get. */
    public Replication replication() {
        if (replication == null) {
            replication = Replication.of(admin, 0);
        }
        return replication;
    }

    public Report ensure(Collection<TopicSpec> specs) {
        List<String> created = new ArrayList<>();
        List<String> verified = new ArrayList<>();
        try {
            var existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    verify(spec);
                    verified.add(spec.name());
                } else if (create(spec)) {
                    created.add(spec.name());
                } else {
                    verify(spec);
                    verified.add(spec.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: " + rootMessage(e), e);
        }
        if (!created.isEmpty()) {
            log.info("created topics {}", created);
        }
        log.debug("verified topics {}", verified);
        return new Report(List.copyOf(created), List.copyOf(verified));
    }

    private boolean create(TopicSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> configs = new HashMap<>(spec.configs());
        configs.putIfAbsent(
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(replication().minInsyncReplicas()));
        NewTopic topic = new NewTopic(
                        spec.name(),
                        Optional.of(spec.partitions()),
                        Optional.of(replication().factor()))
                .configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false; // another component created it meanwhile
            }
            throw e;
        }
    }

    /**
     * Checks an existing topic. One another component created a moment ago may not be known to
     * every broker yet (every role provisions at start, so in docker compose they race): such a
     * topic is asked about again for a few seconds before the error counts.
     */
    private void verify(TopicSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                verifyNow(spec);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private void verifyNow(TopicSpec spec) throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(spec.name()))
                .allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(spec.name());
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            throw new IllegalStateException(
                    "topic " + spec.name() + " has " + partitions + " partitions but the bus needs "
                            + spec.partitions()
                            + (spec.partitions() == BusTopics.DISPATCH_PARTITIONS
                                    ? " (a request's responses and outcome go to its partition number on their topics)"
                                    : ""));
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String policy =
                configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.equals(spec.cleanupPolicy())) {
            throw new IllegalStateException("topic " + spec.name() + " has cleanup.policy=" + policy
                    + " but the bus needs " + spec.cleanupPolicy());
        }
        int copies = description.partitions().get(0).replicas().size();
        int minIsr = Integer.parseInt(configs.get(resource)
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                .value());
        if (copies < replication().factor() || minIsr < replication().minInsyncReplicas()) {
            log.warn(
                    "topic {} keeps {} copies with min.insync.replicas={}, weaker than the bus's {} for this"
                            + " cluster: losing a broker may lose acknowledged records. Raise them with"
                            + " kafka-reassign-partitions.sh and kafka-configs.sh (the bus does not move data).",
                    spec.name(),
                    copies,
                    minIsr,
                    replication());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Names of the given specs, for log lines. */
    public static String names(Collection<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).collect(Collectors.joining(", "));
    }
}
