#!/usr/bin/env python3
"""A managed node of mgmt-bus in Python: the reference for nodes that are not Java.

It keeps the rules of docs/writing-a-node.md, and `bin/mgmt conformance` checks them:

- reads every request (all partitions of mgmt.dispatch.requests, by assign(), no group
  membership) and filters itself: by name (empty `nodes` = every node), by `selector` against its
  labels, never a rollout plan (a request with `rollout` and no `wave`);
- skips a request whose deadline passed (none given: 30 s after `issued_at`), or that was
  cancelled on mgmt.dispatch.cancels before it ran;
- answers each request it runs once, with a Result, keyed by the reqid, **on the request's
  partition number**, in Avro through the schema registry (Confluent's wire format);
- delivery AT_LEAST_ONCE: answers are flushed before the offsets are committed (group
  mgmt-node-<name>), so a crash may answer a request again, never lose it;
- says hello (NodeHello keyed by its name on mgmt.node.hellos) at start and every heartbeat,
  and a tombstone on SIGTERM or Ctrl-C;
- sends what it cannot read to mgmt.deadletter, with the original bytes and the
  mgmt.dlq.* headers, and goes on.

Built-in actions: get_id_value NAME (Cluster::node is its name), ping, list_actions. More:

    from mgmt_node import ManagedNode, ActionError
    node = ManagedNode.from_environment()

    @node.action("disk_free")
    def disk_free(args):
        if not args:
            raise ActionError("disk_free expects a path")   # -> an error Result, this message
        return shutil.disk_usage(args[0]).free                # -> Result.data, as JSON

    node.run()

Run as a program, it reads the environment `bin/mgmt node` reads: MGMT_BOOTSTRAP_SERVERS,
MGMT_SCHEMA_REGISTRY_URL, MGMT_TOPIC_PREFIX, MGMT_NODE_NAME (required), MGMT_NODE_INSTANCE,
MGMT_NODE_LABELS (role=worker,rack=3), MGMT_NODE_HEARTBEAT (10s), MGMT_NODE_DELIVERY
(AT_LEAST_ONCE, the only mode it offers).

Needs Debian's python3-confluent-kafka (librdkafka) and python3-avro. On a bus secured with
SCRAM, librdkafka must be 2.6.1 or later (docs/security.md).
"""
import datetime
import fnmatch
import io
import json
import logging
import os
import re
import signal
import socket
import struct
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient

log = logging.getLogger("mgmt_node")

# Zeek's exact error strings, as every node of the bus answers them.
NO_ARGUMENTS = "no dispatch arguments provided"
GET_ID_VALUE_NEEDS_NAME = "get_id_value expects name of global identifier"
UNKNOWN_ID = "unknown id"

REQUEST_TIME_TO_LIVE = 30.0  # seconds after issued_at, for a request without a deadline
CATCH_UP_WINDOW = 3600.0  # a node with no committed position starts this far back
MAGIC = 0


class ActionError(Exception):
    """Raised by an action: its message becomes the error Result, as is."""


class InvalidSelector(ValueError):
    pass


def selector_matches(selector, name, labels):
    """Kubernetes label-selector syntax plus globs, as the bus's Selector: all requirements hold."""
    if selector is None:
        return True
    values = dict(labels, name=name)
    for term in _terms(selector):
        term = term.strip()
        match = re.fullmatch(r"([\w.\-/]+)\s+(in|notin)\s+\((.*)\)", term)
        if match:
            key, op, options = match.group(1), match.group(2), [o.strip() for o in match.group(3).split(",")]
            hit = key in values and any(fnmatch.fnmatchcase(values[key], o) for o in options)
            if hit != (op == "in"):
                return False
            continue
        match = re.fullmatch(r"([\w.\-/]+)\s*(==|=|!=)\s*([\w.*?\-]*)", term)
        if match:
            key, op, value = match.groups()
            hit = key in values and fnmatch.fnmatchcase(values[key], value)
            if hit != (op != "!="):
                return False
            continue
        match = re.fullmatch(r"(!?)([\w.\-/]+)", term)
        if match:
            if (match.group(2) in values) == (match.group(1) == "!"):
                return False
            continue
        raise InvalidSelector("cannot read selector requirement '%s'" % term)
    return True


def _terms(selector):
    depth, start = 0, 0
    for i, c in enumerate(selector):
        depth += c == "("
        depth -= c == ")"
        if c == "," and depth == 0:
            yield selector[start:i]
            start = i + 1
    yield selector[start:]


def _duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", text.strip())
    if not match:
        raise ValueError("not a duration: %r (e.g. 10s, 500ms)" % text)
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number / 1000 if unit == "ms" else number * 60 if unit == "m" else number


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


class WireFormat:
    """Avro in Confluent's wire format: magic byte 0, the schema's 4-byte registry id, the body."""

    def __init__(self, registry):
        self.registry = registry
        self.readers = {}
        self.writers = {}

    def decode(self, data):
        if data is None or len(data) < 5 or data[0] != MAGIC:
            raise ValueError("not Confluent's wire format (no magic byte 0)")
        schema_id = struct.unpack(">I", data[1:5])[0]
        if schema_id not in self.readers:
            schema = self.registry.get_schema(schema_id)
            self.readers[schema_id] = avro.io.DatumReader(avro.schema.parse(schema.schema_str))
        return self.readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))

    def encode(self, subject, record):
        if subject not in self.writers:
            latest = self.registry.get_latest_version(subject)
            self.writers[subject] = (latest.schema_id, avro.io.DatumWriter(avro.schema.parse(latest.schema.schema_str)))
        schema_id, writer = self.writers[subject]
        out = io.BytesIO()
        out.write(struct.pack(">bI", MAGIC, schema_id))
        writer.write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()


class ManagedNode:
    def __init__(self, name, bootstrap_servers, registry_url, topic_prefix="", instance=None, labels=None,
                 heartbeat=10.0, kafka_settings=None):
        if not name:
            raise ValueError("a node needs a name (MGMT_NODE_NAME)")
        self.name = name
        self.instance = instance or socket.gethostname()
        self.labels = dict(labels or {})
        self.heartbeat = heartbeat
        self.started_at = _now()
        self.topics = {t: topic_prefix + "mgmt." + t for t in
                       ("dispatch.requests", "dispatch.responses", "dispatch.cancels", "node.hellos", "deadletter")}
        kafka = dict(kafka_settings or {}, **{"bootstrap.servers": bootstrap_servers})
        self.wire = WireFormat(SchemaRegistryClient({"url": registry_url}))
        self.producer = Producer(dict(kafka, **{"enable.idempotence": True, "acks": "all", "linger.ms": 5}))
        self.consumer = Consumer(dict(kafka, **{
            "group.id": topic_prefix + "mgmt-node-" + name,  # stores its offsets only: it reads by assign()
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
            "auto.offset.reset": "earliest",
        }))
        self.actions = {"get_id_value": self._get_id_value, "ping": self._ping, "list_actions": self._list_actions}
        self.identifiers = {"Cluster::node": lambda: self.name}
        self.cancelled = {}
        self.stopping = False

    @classmethod
    def from_environment(cls, env=os.environ):
        labels = {}
        for pair in filter(None, (p.strip() for p in env.get("MGMT_NODE_LABELS", "").split(","))):
            key, _, value = pair.partition("=")
            labels[key.strip()] = value.strip()
        delivery = env.get("MGMT_NODE_DELIVERY", "AT_LEAST_ONCE").upper()
        if delivery != "AT_LEAST_ONCE":
            raise SystemExit("mgmt_node.py: MGMT_NODE_DELIVERY=%s is not offered: this node answers AT_LEAST_ONCE"
                             " (a request answered just before a crash may be answered again)" % delivery)
        return cls(
            env.get("MGMT_NODE_NAME"),
            env.get("MGMT_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
            env.get("MGMT_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"),
            env.get("MGMT_TOPIC_PREFIX", ""),
            env.get("MGMT_NODE_INSTANCE"),
            labels,
            _duration(env.get("MGMT_NODE_HEARTBEAT", "10s")))

    def action(self, name):
        """Registers the decorated function(args) -> JSON-able value as action `name`."""
        def register(function):
            self.actions[name] = function
            return function
        return register

    # --- built-in actions

    def _get_id_value(self, args):
        if not args:
            raise ActionError(GET_ID_VALUE_NEEDS_NAME)
        if args[0] not in self.identifiers:
            raise ActionError(UNKNOWN_ID)
        return self.identifiers[args[0]]()

    def _ping(self, args):
        return {"node": self.name, "instance": self.instance, "started_at": self.started_at.isoformat(),
                "uptime_ms": int((_now() - self.started_at).total_seconds() * 1000)}

    def _list_actions(self, args):
        return sorted(self.actions)

    # --- the loop

    def run(self):
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self._assign()
        self._hello()
        next_hello = time.monotonic() + self.heartbeat
        log.info("node %s reading %s (%d labels), hello every %.1f s", self.name, self.topics["dispatch.requests"],
                 len(self.labels), self.heartbeat)
        while not self.stopping:
            batch = self.consumer.consume(num_messages=100, timeout=0.5)
            for message in batch:
                if message.error():
                    if message.error().code() != KafkaError._PARTITION_EOF:
                        log.warning("read error: %s", message.error())
                    continue
                self._handle(message)
            if batch:
                self.producer.flush(30)  # every answer acknowledged before the offsets move on
                self.consumer.commit(asynchronous=False)
            if time.monotonic() >= next_hello:
                self._hello()
                next_hello = time.monotonic() + self.heartbeat
        self.producer.produce(self.topics["node.hellos"], key=self.name, value=None)  # left cleanly
        self.producer.flush(10)
        self.consumer.close()
        log.info("node %s left", self.name)

    def _stop(self, signum, frame):
        self.stopping = True

    def _assign(self):
        """Every partition of requests and cancels; from the committed offset, or an hour back."""
        partitions = []
        for topic in (self.topics["dispatch.requests"], self.topics["dispatch.cancels"]):
            metadata = self.consumer.list_topics(topic, timeout=30).topics[topic]
            if metadata.error is not None:
                raise SystemExit("mgmt_node.py: topic %s: %s" % (topic, metadata.error))
            partitions += [TopicPartition(topic, p) for p in metadata.partitions]
        committed = self.consumer.committed(partitions, timeout=30)
        back = int((time.time() - CATCH_UP_WINDOW) * 1000)
        by_time = self.consumer.offsets_for_times(
            [TopicPartition(p.topic, p.partition, back) for p in committed if p.offset < 0], timeout=30)
        starts = {(p.topic, p.partition): p.offset for p in by_time}
        self.consumer.assign([p if p.offset >= 0 else TopicPartition(p.topic, p.partition,
                                                                      max(starts[(p.topic, p.partition)], 0))
                              for p in committed])

    def _hello(self):
        hello = {"node": self.name, "instance": self.instance, "actions": sorted(self.actions),
                 "started_at": self.started_at, "sent_at": _now(),
                 "heartbeat_interval_ms": int(self.heartbeat * 1000), "labels": self.labels}
        topic = self.topics["node.hellos"]
        self.producer.produce(topic, key=self.name, value=self.wire.encode(topic + "-value", hello))
        self.producer.poll(0)

    def _handle(self, message):
        topic = message.topic()
        try:
            record = self.wire.decode(message.value())
        except Exception as e:  # noqa: BLE001 - anything unreadable is dead-lettered, whatever the cause
            return self._dead_letter(message, "undecodable: %s" % e)
        key = message.key().decode("utf-8", "replace") if message.key() is not None else None
        if key != record.get("reqid"):
            return self._dead_letter(message, "key %r is not the reqid %r" % (key, record.get("reqid")))
        if topic == self.topics["dispatch.cancels"]:
            self.cancelled[record["reqid"]] = time.monotonic()
            if len(self.cancelled) > 100000:
                self.cancelled.pop(next(iter(self.cancelled)))
            return None
        return self._request(message, record)

    def _request(self, message, request):
        reqid = request["reqid"]
        if request.get("rollout") is not None and request.get("wave") is None:
            return None  # a rollout's plan: the streams-app names the nodes in waves
        if request.get("nodes") and self.name not in request["nodes"]:
            return None
        try:
            if not selector_matches(request.get("selector"), self.name, self.labels):
                return None
        except InvalidSelector:
            return None  # no node runs it; the streams-app closes it with the error
        if reqid in self.cancelled:
            log.info("skipped cancelled request %s", reqid)
            return None
        deadline = request.get("deadline") or request["issued_at"] + datetime.timedelta(seconds=REQUEST_TIME_TO_LIVE)
        if _now() > deadline:
            log.info("skipped expired request %s (deadline %s passed)", reqid, deadline.isoformat())
            return None
        result = self._run(reqid, list(request["action"]))
        topic = self.topics["dispatch.responses"]
        response = {"reqid": reqid, "result": result, "responded_at": _now()}
        # The request's partition number, whatever partitioner its requester used: never the key's hash.
        self.producer.produce(topic, key=reqid, value=self.wire.encode(topic + "-value", response),
                              partition=message.partition())
        self.producer.poll(0)
        return None

    def _run(self, reqid, action):
        result = {"reqid": reqid, "node": self.name, "instance": self.instance, "success": True,
                  "data": None, "error": None}
        if not action:
            return dict(result, success=False, error=NO_ARGUMENTS)
        function = self.actions.get(action[0])
        if function is None:
            return dict(result, success=False, error="dispatch %s unknown" % action[0])
        try:
            return dict(result, data=json.dumps(function(action[1:])))
        except ActionError as e:
            return dict(result, success=False, error=str(e))
        except Exception as e:  # noqa: BLE001 - an action's failure is its Result, the node goes on
            return dict(result, success=False, error="action %s failed: %r" % (action[0], e))

    def _dead_letter(self, message, reason):
        log.warning("%s-%d@%d goes to the dead-letter topic: %s", message.topic(), message.partition(),
                    message.offset(), reason)
        headers = [("mgmt.dlq.source.topic", message.topic()), ("mgmt.dlq.source.partition", str(message.partition())),
                   ("mgmt.dlq.source.offset", str(message.offset())), ("mgmt.dlq.reason", reason),
                   ("mgmt.dlq.component", "node " + self.name), ("mgmt.dlq.failed.at", _now().isoformat())]
        self.producer.produce(self.topics["deadletter"], key=message.key(), value=message.value(), headers=headers)
        self.producer.poll(0)


def main():
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    try:
        node = ManagedNode.from_environment()
    except ValueError as e:
        print("mgmt_node.py: %s" % e, file=sys.stderr)
        return 2
    node.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
