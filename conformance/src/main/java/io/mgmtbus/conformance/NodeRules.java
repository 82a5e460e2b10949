package io.mgmtbus.conformance;

import io.mgmtbus.contracts.deadletter.DeadLetter;
import io.mgmtbus.contracts.dispatch.DispatchErrors;
import io.mgmtbus.events.NodeDispatchRequest;
import io.mgmtbus.events.NodeDispatchResponse;
import io.mgmtbus.events.NodeHello;
import io.mgmtbus.events.Rollout;
import io.mgmtbus.node.dispatch.Delivery;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The protocol a node keeps, case by case, each checked on the topics: what the node wrote
 * (answers, hellos, dead letters), where, and how often. The rules are those of
 * docs/writing-a-node.md; each verdict names its rule.
 */
final class NodeRules {

    /** The labels the kit gives the node, which its selectors then pick it by. */
    static final String LABELS = "role=conformance,zone=kit";

    static final String INSTANCE = "conformance";
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    /** How long silence must last before the kit believes it. */
    private static final Duration SILENCE = Duration.ofSeconds(5);

    private final KitBus bus;
    private final NodeProcess node;
    private final String name;
    private final Delivery delivery;
    private final PrintStream progress;
    private final TopicWatch answers;
    private final TopicWatch hellos;
    private final TopicWatch deadLetters;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Verdict> verdicts = new ArrayList<>();
    /** Answers by record (records compare by identity): the checks ask about the same ones over and over. */
    private final Map<ConsumerRecord<byte[], byte[]>, Optional<NodeDispatchResponse>> decoded =
            new java.util.concurrent.ConcurrentHashMap<>();

    NodeRules(KitBus bus, NodeProcess node, String name, Delivery delivery, PrintStream progress) {
        this.bus = bus;
        this.node = node;
        this.name = name;
        this.delivery = delivery;
        this.progress = progress;
        this.answers =
                new TopicWatch(bus.readerProperties(), bus.topics.responses().name());
        this.hellos = new TopicWatch(bus.readerProperties(), bus.topics.hellos().name());
        this.deadLetters =
                new TopicWatch(bus.readerProperties(), bus.topics.deadLetter().name());
    }

    /** Every rule, in an order where each case leaves the node as the next expects it. */
    List<Verdict> check() throws Exception {
        try {
            node.start();
            if (!hello()) {
                return verdicts; // nothing else can be judged about a node that never says hello
            }
            dispatch();
            cancel();
            badRecords();
            restart();
            leave();
            return verdicts;
        } finally {
            answers.close();
            hellos.close();
            deadLetters.close();
        }
    }

    private void verdict(Verdict verdict) {
        verdicts.add(verdict);
        progress.println(verdict.line());
    }

    // --- hello

    private boolean hello() throws InterruptedException {
        List<NodeHello> first = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (first.isEmpty() && node.isAlive() && System.nanoTime() < deadline) {
            first = hellosOf(1, Duration.ofSeconds(1));
        }
        if (first.isEmpty() && !node.isAlive()) {
            verdict(Verdict.fail("hello.on-start", "the process exited before any hello: " + node.exit()));
            return false;
        }
        String undecodable = first.isEmpty() ? undecodableHello() : null;
        if (undecodable != null) {
            verdict(Verdict.fail("hello.on-start", "its hello keyed '" + name + "' does not decode: " + undecodable));
            return false;
        }
        if (first.isEmpty()) {
            verdict(Verdict.fail(
                    "hello.on-start",
                    "no NodeHello keyed '" + name + "' on "
                            + bus.topics.hellos().name() + " within 90 s of start"
                            + (node.isAlive() ? "" : " (the process exited)")));
            return false;
        }
        NodeHello hello = first.get(0);
        verdict(Verdict.pass("hello.on-start", "hello keyed by its name, actions " + hello.getActions()));
        List<String> wrong = new ArrayList<>();
        if (!name.equals(hello.getNode())) {
            wrong.add("node is '" + hello.getNode() + "', not '" + name + "'");
        }
        if (!INSTANCE.equals(hello.getInstance())) {
            wrong.add("instance is '" + hello.getInstance() + "', not MGMT_NODE_INSTANCE '" + INSTANCE + "'");
        }
        if (!"conformance".equals(hello.getLabels().get("role"))
                || !"kit".equals(hello.getLabels().get("zone"))) {
            wrong.add("labels " + hello.getLabels() + " lack MGMT_NODE_LABELS " + LABELS);
        }
        if (!hello.getActions().contains("get_id_value")) {
            wrong.add("actions " + hello.getActions() + " lack get_id_value");
        }
        if (hello.getHeartbeatIntervalMs() <= 0) {
            wrong.add("heartbeat_interval_ms is " + hello.getHeartbeatIntervalMs());
        }
        verdict(Verdict.of(
                "hello.fields",
                wrong.isEmpty(),
                "name, instance, labels, actions, interval",
                String.join("; ", wrong)));

        long interval = Math.max(hello.getHeartbeatIntervalMs(), 1);
        // Capped: a node that declares a long interval despite MGMT_NODE_HEARTBEAT fails rather than stall the kit.
        Duration patience = Duration.ofMillis(Math.min(interval * 5 / 2, 30_000));
        List<NodeHello> beats = hellosOf(2, patience.plusSeconds(1));
        verdict(Verdict.of(
                "hello.heartbeat",
                beats.size() >= 2
                        && beats.get(1).getSentAt().isAfter(beats.get(0).getSentAt()),
                "another hello within " + patience.toMillis() + " ms (2.5 x its interval of " + interval + " ms)",
                "no second hello with a later sent_at within " + patience.toMillis()
                        + " ms (2.5 x heartbeat_interval_ms " + interval + "; the kit asks for MGMT_NODE_HEARTBEAT="
                        + HEARTBEAT.toSeconds() + "s)"));
        return true;
    }

    /** The decodable hellos keyed by its name, once {@code count} are there or {@code within} passed. */
    private List<NodeHello> hellosOf(int count, Duration within) throws InterruptedException {
        return hellos.await(r -> keyIs(r, name) && helloOf(r) != null, count, within).stream()
                .map(this::helloOf)
                .toList();
    }

    private NodeHello helloOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return record.value() == null ? null : bus.topics.hellos().deserializeValue(record.value());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Why the first of its hellos that does not decode fails to, or null. */
    private String undecodableHello() {
        for (ConsumerRecord<byte[], byte[]> record : hellos.records()) {
            if (keyIs(record, name) && record.value() != null) {
                try {
                    bus.topics.hellos().deserializeValue(record.value());
                } catch (RuntimeException e) {
                    return e.getMessage();
                }
            }
        }
        return null;
    }

    // --- dispatch

    private void dispatch() throws InterruptedException {
        Map<String, NodeDispatchRequest> answered = new LinkedHashMap<>();
        Map<String, NodeDispatchRequest> silent = new LinkedHashMap<>();
        answered.put(
                "broadcast", request("broadcast", List.of("ping"), List.of()).build());
        answered.put(
                "named",
                request("named", List.of("get_id_value", "Cluster::node"), List.of(name, "someone-else"))
                        .build());
        answered.put(
                "selector",
                request("selector", List.of("ping"), List.of())
                        .setSelector("role=conformance,zone in (kit)")
                        .build());
        answered.put(
                "unknown-action",
                request("unknown-action", List.of("frobnicate"), List.of()).build());
        answered.put(
                "no-arguments", request("no-arguments", List.of(), List.of()).build());
        answered.put(
                "unknown-id",
                request("unknown-id", List.of("get_id_value", "No::such_id"), List.of(name))
                        .build());
        // A wave as the streams-app writes it: the rollout's reqid and action, the nodes to start now, no plan.
        answered.put(
                "wave",
                request("wave", List.of("ping"), List.of(name)).setWave(1).build());
        silent.put(
                "other-node",
                request("other-node", List.of("ping"), List.of("someone-else")).build());
        silent.put(
                "other-selector",
                request("other-selector", List.of("ping"), List.of())
                        .setSelector("role=elsewhere")
                        .build());
        Instant now = Instant.now();
        silent.put(
                "expired",
                request("expired", List.of("ping"), List.of())
                        .setIssuedAt(now.minusSeconds(120))
                        .setDeadline(now.minusSeconds(60))
                        .build());
        silent.put(
                "rollout-plan",
                request("rollout-plan", List.of("ping"), List.of())
                        .setRollout(new Rollout("1", null))
                        .build());
        silent.values().forEach(bus::request);
        answered.values().forEach(bus::request);

        Map<String, List<NodeDispatchResponse>> got = new LinkedHashMap<>();
        for (var c : answered.entrySet()) {
            got.put(c.getKey(), answersTo(c.getValue().getReqid(), 1, ANSWER_WAIT));
        }
        Thread.sleep(SILENCE.toMillis());

        one(
                "dispatch.broadcast",
                got.get("broadcast"),
                r -> r.getResult().getSuccess(),
                "answers a request with no nodes");
        one(
                "dispatch.named",
                got.get("named"),
                r -> r.getResult().getSuccess(),
                "answers a request naming it among others");
        one(
                "action.get_id_value",
                got.get("named"),
                r -> ("\"" + name + "\"").equals(r.getResult().getData()),
                "get_id_value Cluster::node is its name as JSON");
        one(
                "action.get_id_value-unknown",
                got.get("unknown-id"),
                r -> !r.getResult().getSuccess()
                        && DispatchErrors.UNKNOWN_ID.equals(r.getResult().getError()),
                "an unknown id is the error '" + DispatchErrors.UNKNOWN_ID + "'");
        one("selector.match", got.get("selector"), r -> true, "answers when its labels match the selector");
        one(
                "action.unknown",
                got.get("unknown-action"),
                r -> !r.getResult().getSuccess()
                        && DispatchErrors.unknownAction("frobnicate")
                                .equals(r.getResult().getError()),
                "an unknown action is the error '" + DispatchErrors.unknownAction("frobnicate") + "'");
        one(
                "action.no-arguments",
                got.get("no-arguments"),
                r -> !r.getResult().getSuccess()
                        && DispatchErrors.NO_ARGUMENTS.equals(r.getResult().getError()),
                "an empty action vector is the error '" + DispatchErrors.NO_ARGUMENTS + "'");
        one("rollout.wave", got.get("wave"), r -> r.getResult().getSuccess(), "runs a wave naming it");
        silentOn(
                "dispatch.filters-itself",
                silent.get("other-node"),
                "stays silent on a request naming only other nodes");
        silentOn(
                "selector.no-match",
                silent.get("other-selector"),
                "stays silent when its labels do not match the selector");
        silentOn("deadline.expired", silent.get("expired"), "does not run a request whose deadline passed");
        silentOn(
                "rollout.plan-not-run",
                silent.get("rollout-plan"),
                "does not run a rollout plan itself (waits for a wave)");
        Map<String, NodeDispatchRequest> all = new LinkedHashMap<>(answered);
        all.putAll(silent);
        placement(all);
        once(answered, "answer.once", "no request of the dispatch cases answered twice");
    }

    private NodeDispatchRequest.Builder request(String kind, List<String> action, List<String> nodes) {
        Instant now = Instant.now();
        return NodeDispatchRequest.newBuilder()
                .setReqid("conformance-" + run + "-" + kind)
                .setAction(action)
                .setNodes(nodes)
                .setIssuedAt(now)
                .setDeadline(now.plusSeconds(120))
                .setRequester("conformance");
    }

    private interface Check {
        boolean test(NodeDispatchResponse response);
    }

    /** Rule {@code rule}: exactly one answer came, from this node, and it passes {@code check}. */
    private void one(String rule, List<NodeDispatchResponse> got, Check check, String what) {
        if (got.isEmpty()) {
            verdict(Verdict.fail(rule, "no answer within " + ANSWER_WAIT.toSeconds() + " s (expected: " + what + ")"));
            return;
        }
        NodeDispatchResponse first = got.get(0);
        if (!name.equals(first.getResult().getNode())) {
            verdict(Verdict.fail(rule, "result.node is '" + first.getResult().getNode() + "', not '" + name + "'"));
            return;
        }
        verdict(Verdict.of(rule, check.test(first), what, "expected: " + what + "; got " + first.getResult()));
    }

    private void silentOn(String rule, NodeDispatchRequest request, String what) {
        List<ConsumerRecord<byte[], byte[]>> got = answersTo(request.getReqid());
        verdict(Verdict.of(
                rule, got.isEmpty(), what, got.size() + " answer(s) to a request it must not run (" + what + ")"));
    }

    /** Rules answer.key and answer.partition over every answer to {@code requests}. */
    private void placement(Map<String, NodeDispatchRequest> requests) {
        List<String> wrongPartition = new ArrayList<>();
        List<String> wrongKey = new ArrayList<>();
        for (NodeDispatchRequest request : requests.values()) {
            int expected = bus.partitionFor(request.getReqid());
            for (ConsumerRecord<byte[], byte[]> record : answers.records()) {
                NodeDispatchResponse response = decode(record);
                if (response == null || !response.getReqid().equals(request.getReqid())) {
                    continue;
                }
                if (!keyIs(record, request.getReqid())) {
                    wrongKey.add(request.getReqid() + " keyed '" + key(record) + "'");
                }
                if (record.partition() != expected) {
                    wrongPartition.add(request.getReqid() + " on partition " + record.partition() + ", its request on "
                            + expected);
                }
            }
        }
        verdict(Verdict.of(
                "answer.key",
                wrongKey.isEmpty(),
                "every answer keyed by its reqid",
                "answers keyed otherwise: " + wrongKey));
        verdict(Verdict.of(
                "answer.partition",
                wrongPartition.isEmpty(),
                "every answer on its request's partition number (the kit never uses the key's hash partition)",
                "answers not on the request's partition number: " + wrongPartition));
    }

    private void once(Map<String, NodeDispatchRequest> requests, String rule, String what) {
        List<String> twice = new ArrayList<>();
        for (NodeDispatchRequest request : requests.values()) {
            int count = answersTo(request.getReqid()).size();
            if (count > 1) {
                twice.add(request.getReqid() + " x" + count);
            }
        }
        verdict(Verdict.of(rule, twice.isEmpty(), what, "answered more than once: " + twice));
    }

    // --- cancel

    private void cancel() throws InterruptedException {
        NodeDispatchRequest cancelled =
                request("cancelled", List.of("ping"), List.of()).build();
        NodeDispatchRequest control =
                request("after-cancel", List.of("ping"), List.of()).build();
        bus.cancel(cancelled.getReqid());
        Thread.sleep(SILENCE.toMillis()); // the node reads cancels as it likes: give it time to see this one
        bus.request(cancelled);
        bus.request(control);
        answersTo(control.getReqid(), 1, ANSWER_WAIT);
        Thread.sleep(SILENCE.toMillis());
        silentOn("cancel.before-run", cancelled, "skips a request cancelled before it ran");
    }

    // --- bad records

    private void badRecords() throws InterruptedException {
        NodeDispatchRequest after =
                request("after-garbage", List.of("ping"), List.of()).build();
        NodeDispatchRequest cancelledAfter =
                request("cancelled-after-garbage", List.of("ping"), List.of()).build();
        // Each bad record just before a good one on the same partition: a reader stuck on it shows.
        bus.garbage(
                bus.topics.requests().name(), bus.partitionFor(after.getReqid()), "conformance-" + run + "-garbage");
        bus.garbage(
                bus.topics.cancels().name(),
                bus.partitionFor(cancelledAfter.getReqid()),
                "conformance-" + run + "-garbage");
        bus.cancel(cancelledAfter.getReqid());
        Thread.sleep(SILENCE.toMillis());
        bus.request(after);
        bus.request(cancelledAfter);
        boolean answering = !answersTo(after.getReqid(), 1, ANSWER_WAIT).isEmpty();
        Thread.sleep(SILENCE.toMillis());
        boolean readsCancels = answersTo(cancelledAfter.getReqid()).isEmpty();
        boolean serving = answering && readsCancels && node.isAlive();
        boolean deadLettered = !deadLetters
                .await(
                        r -> bus.topics
                                .requests()
                                .name()
                                .equals(DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC)),
                        1,
                        SILENCE)
                .isEmpty();
        verdict(Verdict.of(
                "bad-record.keeps-serving",
                serving,
                "after undecodable records on the requests and cancels topics it still answers ("
                        + (deadLettered ? "the bad request was dead-lettered" : "the bad request was skipped") + ")",
                !node.isAlive()
                        ? "the process exited after undecodable records"
                        : !answering
                                ? "no answer to a good request after an undecodable one on its partition"
                                : "ran a request cancelled after an undecodable cancel (its cancel reader stopped)"));
    }

    // --- crash and restart

    private void restart() throws Exception {
        List<NodeDispatchRequest> before = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            before.add(request("before-kill-" + i, List.of("ping"), List.of()).build());
        }
        before.forEach(bus::request);
        for (NodeDispatchRequest request : before) {
            answersTo(request.getReqid(), 1, ANSWER_WAIT);
        }
        Instant killedAt = Instant.now();
        node.kill();
        List<NodeDispatchRequest> during = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            during.add(request("while-down-" + i, List.of("ping"), List.of()).build());
        }
        during.forEach(bus::request);
        node.start();
        List<ConsumerRecord<byte[], byte[]>> rehello = hellos.await(
                r -> keyIs(r, name)
                        && r.value() != null
                        && bus.topics
                                .hellos()
                                .deserializeValue(r.value())
                                .getStartedAt()
                                .isAfter(killedAt.minusSeconds(1)),
                1,
                Duration.ofSeconds(90));
        verdict(Verdict.of(
                "hello.after-restart",
                !rehello.isEmpty(),
                "a new hello with a later started_at after a restart",
                "no hello with a started_at after the kill within 90 s of the restart"));
        List<String> missing = new ArrayList<>();
        for (NodeDispatchRequest request : during) {
            if (answersTo(request.getReqid(), 1, Duration.ofSeconds(60)).isEmpty()) {
                missing.add(request.getReqid());
            }
        }
        Thread.sleep(SILENCE.toMillis());
        List<String> counts = new ArrayList<>();
        int duplicates = 0;
        for (NodeDispatchRequest request : concat(before, during)) {
            int count = answersTo(request.getReqid()).size();
            if (count > 1) {
                duplicates++;
                counts.add(request.getReqid() + " x" + count);
            }
        }
        String rule = "delivery.after-kill";
        if (!missing.isEmpty()) {
            verdict(Verdict.fail(rule, "requests sent while it was down never answered after its restart: " + missing));
        } else if (delivery == Delivery.EXACTLY_ONCE) {
            verdict(Verdict.of(
                    rule,
                    duplicates == 0,
                    "exactly one answer each to 8 requests around a kill -9 (declared EXACTLY_ONCE)",
                    "declared EXACTLY_ONCE but answered twice after a kill -9: " + counts));
        } else {
            verdict(Verdict.pass(
                    rule,
                    "every request around a kill -9 answered at least once (declared AT_LEAST_ONCE; " + duplicates
                            + " answered again after the restart)"));
        }
    }

    private static List<NodeDispatchRequest> concat(List<NodeDispatchRequest> a, List<NodeDispatchRequest> b) {
        List<NodeDispatchRequest> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // --- leave

    private void leave() throws InterruptedException {
        int before = tombstones(Duration.ZERO, 0);
        boolean exited = node.terminate(Duration.ofSeconds(30));
        boolean left = tombstones(Duration.ofSeconds(10), before + 1) > before;
        verdict(Verdict.of(
                "hello.leave-on-stop",
                left && exited,
                "a null hello (tombstone) keyed by its name on SIGTERM, then exited",
                (left ? "" : "no tombstone keyed '" + name + "' after SIGTERM")
                        + (exited ? "" : (left ? "" : "; ") + "it did not exit within 30 s of SIGTERM")));
    }

    private int tombstones(Duration within, int count) throws InterruptedException {
        return hellos.await(r -> keyIs(r, name) && r.value() == null, count, within)
                .size();
    }

    // --- reading

    /** The answers so far to {@code reqid}, by key or by the reqid inside (a wrongly keyed one counts too). */
    private List<ConsumerRecord<byte[], byte[]>> answersTo(String reqid) {
        return answers.records().stream()
                .filter(r -> keyIs(r, reqid) || reqidOf(r).equals(reqid))
                .toList();
    }

    private List<NodeDispatchResponse> answersTo(String reqid, int count, Duration within) throws InterruptedException {
        return answers.await(r -> keyIs(r, reqid) || reqidOf(r).equals(reqid), count, within).stream()
                .map(this::decode)
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private String reqidOf(ConsumerRecord<byte[], byte[]> record) {
        NodeDispatchResponse response = decode(record);
        return response == null ? "" : response.getReqid();
    }

    /** The answer in {@code record}, or null if it does not decode; each record decoded once, however often asked. */
    private NodeDispatchResponse decode(ConsumerRecord<byte[], byte[]> record) {
        return decoded.computeIfAbsent(record, r -> {
                    try {
                        return Optional.of(bus.topics.responses().deserializeValue(r.value()));
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                })
                .orElse(null);
    }

    private static boolean keyIs(ConsumerRecord<byte[], byte[]> record, String key) {
        return key.equals(key(record));
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }
}
