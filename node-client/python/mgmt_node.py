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

Run as a program, it reads these of the variables `bin/mgmt node` reads: MGMT_BOOTSTRAP_SERVERS,
MGMT_SCHEMA_REGISTRY_URL, MGMT_TOPIC_PREFIX, MGMT_NODE_NAME (required), MGMT_NODE_INSTANCE,
MGMT_NODE_LABELS (role=worker,rack=3), MGMT_NODE_HEARTBEAT (10s, 500ms, PT10S), MGMT_NODE_DELIVERY
(AT_LEAST_ONCE, the only mode it offers). Not MGMT_COMMAND_CONFIG: its Java properties mean
nothing to librdkafka. On a secured bus, pass librdkafka's settings and the registry client's
from your own program: ManagedNode(..., kafka_settings={"security.protocol": "SSL",
"ssl.ca.location": "ca.crt", "ssl.certificate.location": "node-x.crt", "ssl.key.location":
"node-x.key"}, registry_settings={"ssl.ca.location": "ca.crt", "basic.auth.user.info": "node-x:..."})
(a client certificate works with any librdkafka; SCRAM needs 2.6.1 or later: docs/security.md).

Needs Debian's python3-confluent-kafka (librdkafka) and python3-avro, under /usr/bin/python3.
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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as ActionTimeout

import avro.io
import avro.schema
from confluent_kafka import OFFSET_END, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

log = logging.getLogger("mgmt_node")

# Zeek's exact error strings, as every node of the bus answers them.
NO_ARGUMENTS = "no dispatch arguments provided"
GET_ID_VALUE_NEEDS_NAME = "get_id_value expects name of global identifier"
UNKNOWN_ID = "unknown id"

REQUEST_TIME_TO_LIVE = 30.0  # seconds after issued_at, for a request without a deadline
CATCH_UP_WINDOW = 3600.0  # a node with no committed position starts this far back
ACTION_TIME_LIMIT = 5.0  # seconds one action may run
MAGIC = 0
# What the bus refuses in a request (RecordRules, RequestLimits): such a request is dead-lettered.
MAX_REQID_LENGTH = 256
MAX_ACTION_ARGUMENTS = 64
MAX_ARGUMENT_LENGTH = 8192
MAX_TARGET_NAMES = 2000
MAX_NAME_LENGTH = 200


class ActionError(Exception):
    """Raised by an action: its message becomes the error Result, as is."""


class RetryLater(Exception):
    """Something outside the record failed (the registry or Kafka): read the batch again, later."""


class InvalidSelector(ValueError):
    pass


SELECTOR_MAX_LENGTH = 4096
LABEL_MAX_LENGTH = 63
_KEY = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?\Z")
_VALUE = re.compile(r"[A-Za-z0-9._*?-]*\Z")


class Selector:
    """The bus's label selector, as io.mgmtbus.contracts.targeting.Selector parses and matches it:
    requirements separated by commas, all of which must hold: role=worker (also ==), role!=manager,
    rack in (3,4), rack notin (1,2), canary, !canary; the key 'name' is the node's name; '*' and
    '?' glob in values. Spaces only (no tabs) between tokens."""

    def __init__(self, text):
        if text is None or not text.strip():
            raise InvalidSelector("the selector is empty")
        if len(text) > SELECTOR_MAX_LENGTH:
            raise InvalidSelector("it has %d characters; at most %d are allowed" % (len(text), SELECTOR_MAX_LENGTH))
        self.text, self.at, self.requirements = text, 0, []
        while True:
            self.requirements.append(self._requirement())
            self._spaces()
            if not self._take(","):
                break
        if self.at < len(text):
            raise self._fail("expected ',' or the end")

    def matches(self, name, labels):
        for key, op, values in self.requirements:
            actual = name if key == "name" else labels.get(key)
            hit = actual is not None and any(_glob(v, actual) for v in values)
            if not {"exists": actual is not None, "absent": actual is None, "=": hit, "in": hit,
                    "!=": not hit, "notin": not hit}[op]:
                return False
        return True

    def _requirement(self):
        self._spaces()
        if self._take("!"):
            self._spaces()
            return self._key(), "absent", []
        key = self._key()
        self._spaces()
        if self._take("==") or self._take("="):
            return key, "=", [self._value()]
        if self._take("!="):
            return key, "!=", [self._value()]
        for word in ("notin", "in"):
            end = self.at + len(word)
            if self.text.startswith(word, self.at) and end < len(self.text) and self.text[end] in " (":
                self.at = end
                return key, word, self._value_set()
        return key, "exists", []

    def _key(self):
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in "=!,() ":
            self.at += 1
        key = self.text[start:self.at]
        if not key or len(key) > LABEL_MAX_LENGTH or not _KEY.match(key):
            self.at = start
            raise self._fail("expected a label key")
        return key

    def _value(self):
        self._spaces()
        start = self.at
        while self.at < len(self.text) and self.text[self.at] not in ",() ":
            self.at += 1
        value = self.text[start:self.at]
        if len(value) > LABEL_MAX_LENGTH or not _VALUE.match(value):
            self.at = start
            raise self._fail("'%s' is not a label value" % value)
        return value

    def _value_set(self):
        self._spaces()
        if not self._take("("):
            raise self._fail("expected '(' to open the value set")
        values = []
        while True:
            values.append(self._value())
            self._spaces()
            if not self._take(","):
                break
        if not self._take(")"):
            raise self._fail("expected ',' or ')' in the value set")
        return values

    def _take(self, token):
        if self.text.startswith(token, self.at):
            self.at += len(token)
            return True
        return False

    def _spaces(self):
        while self.at < len(self.text) and self.text[self.at] == " ":
            self.at += 1

    def _fail(self, why):
        return InvalidSelector("invalid selector '%s': %s at position %d" % (self.text.strip(), why, self.at + 1))


def _glob(glob, text):
    """'*' any run, '?' one character, the rest literal (no brackets: not fnmatch)."""
    return re.fullmatch("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob), text,
                        re.DOTALL) is not None


def selector_matches(selector, name, labels):
    """Whether a request's selector picks this node; no selector (or a blank one) picks every node."""
    if selector is None or not selector.strip():
        return True
    return Selector(selector).matches(name, labels)


def _duration(text):
    """Seconds in a duration as the Java node takes it: 10s, 500ms, 2m, 1h, or ISO-8601 PT10S."""
    text = text.strip()
    iso = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", text.upper())
    if iso and any(iso.groups()):
        hours, minutes, seconds = (float(g or 0) for g in iso.groups())
        return hours * 3600 + minutes * 60 + seconds
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", text)
    if not match:
        raise ValueError("not a duration: %r (e.g. 10s, 500ms, 2m, PT10S)" % text)
    number, unit = float(match.group(1)), match.group(2) or "s"
    return number * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


class WireFormat:
    """Avro in Confluent's wire format: magic byte 0, the schema's 4-byte registry id, the body."""

    def __init__(self, registry):
        self.registry = registry
        self.readers = {}
        self.writers = {}

    def decode(self, data):
        """The record, or ValueError when the bytes are not one (dead-letter them), or RetryLater."""
        if data is None or len(data) < 5 or data[0] != MAGIC:
            raise ValueError("not Confluent's wire format (no magic byte 0)")
        schema_id = struct.unpack(">I", data[1:5])[0]
        if schema_id not in self.readers:
            try:
                schema = self.registry.get_schema(schema_id)
            except SchemaRegistryError as e:
                if e.http_status_code == 404:
                    raise ValueError("unknown schema id %d: the registry has no such schema" % schema_id)
                raise RetryLater("the registry answered %s" % e)
            except Exception as e:  # noqa: BLE001 - unreachable registry: the record may be fine
                raise RetryLater("the registry is unreachable: %s" % e)
            self.readers[schema_id] = avro.io.DatumReader(avro.schema.parse(schema.schema_str))
        try:
            return self.readers[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
        except Exception as e:  # noqa: BLE001 - any failure to read the body: the bytes are bad
            raise ValueError("not a valid Avro body for schema id %d: %s" % (schema_id, e))

    def encode(self, subject, record):
        if subject not in self.writers:
            try:
                latest = self.registry.get_latest_version(subject)
            except Exception as e:  # noqa: BLE001 - no schema to write with yet: try again later
                raise RetryLater("cannot fetch the schema of %s: %s" % (subject, e))
            self.writers[subject] = (latest.schema_id, avro.io.DatumWriter(avro.schema.parse(latest.schema.schema_str)))
        schema_id, writer = self.writers[subject]
        out = io.BytesIO()
        out.write(struct.pack(">bI", MAGIC, schema_id))
        writer.write(record, avro.io.BinaryEncoder(out))
        return out.getvalue()


def refused(key, request):
    """Why the bus refuses this request (io.mgmtbus.contracts.records.RecordRules), or None."""
    reqid = request.get("reqid")
    if not reqid or not reqid.strip():
        return "request has no reqid"
    if len(reqid) > MAX_REQID_LENGTH:
        return "reqid is longer than %d characters" % MAX_REQID_LENGTH
    if request.get("wave") is not None and (not request.get("nodes") or request.get("selector") is not None
                                            or request.get("rollout") is not None):
        return "wave %s of %s must name its nodes and carry no selector or rollout (waves are the streams-app's)" % (
            request["wave"], reqid)
    action, nodes = request.get("action") or [], request.get("nodes") or []
    if len(action) > MAX_ACTION_ARGUMENTS or any(len(a) > MAX_ARGUMENT_LENGTH for a in action):
        return "request %s is too big: its action exceeds %d arguments of %d characters" % (
            reqid, MAX_ACTION_ARGUMENTS, MAX_ARGUMENT_LENGTH)
    if len(nodes) > MAX_TARGET_NAMES or any(len(n) > MAX_NAME_LENGTH for n in nodes):
        return "request %s is too big: it names over %d nodes or a name over %d characters" % (
            reqid, MAX_TARGET_NAMES, MAX_NAME_LENGTH)
    if key != reqid:
        return "key %r is not the reqid %r" % (key, reqid)
    return None


class ManagedNode:
    def __init__(self, name, bootstrap_servers, registry_url, topic_prefix="", instance=None, labels=None,
                 heartbeat=10.0, kafka_settings=None, registry_settings=None):
        if not name:
            raise ValueError("a node needs a name (MGMT_NODE_NAME)")
        self.name = name
        self.instance = instance or socket.gethostname()
        self.labels = dict(labels or {})
        self.heartbeat = heartbeat
        self.started_at = _now()
        self.topics = {t: topic_prefix + "mgmt." + t for t in
                       ("dispatch.requests", "dispatch.responses", "dispatch.cancels", "node.hellos", "deadletter")}
        self.kafka = dict(kafka_settings or {}, **{"bootstrap.servers": bootstrap_servers})
        self.group = topic_prefix + "mgmt-node-" + name  # stores its request offsets only: it reads by assign()
        self.wire = WireFormat(SchemaRegistryClient(dict(registry_settings or {}, url=registry_url)))
        self.producer = Producer(dict(self.kafka, **{"enable.idempotence": True, "acks": "all", "linger.ms": 5}))
        self.consumer = self._consumer(self.group)
        self.actions = {"get_id_value": self._get_id_value, "ping": self._ping, "list_actions": self._list_actions}
        self.builtins = set(self.actions)
        self.identifiers = {"Cluster::node": lambda: self.name}
        self.cancelled = {}
        self.undelivered = []
        self.stopping = threading.Event()
        self.runner = ThreadPoolExecutor(max_workers=4, thread_name_prefix="action")

    def _consumer(self, group):
        return Consumer(dict(self.kafka, **{
            "group.id": group,
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
            "auto.offset.reset": "earliest",
        }))

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
        if name in self.builtins:
            raise ValueError("%s is a built-in action" % name)

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
        requests, cancels = self.topics["dispatch.requests"], self.topics["dispatch.cancels"]
        cancel_ends = self._read_cancels()
        self.consumer.assign(self._request_starts() + cancel_ends)
        self._hello()
        beat = threading.Thread(target=self._heartbeat, name="hello", daemon=True)
        beat.start()
        log.info("node %s reading %s and %s, hello every %.1f s", self.name, requests, cancels, self.heartbeat)
        while not self.stopping.is_set():
            batch = [m for m in self.consumer.consume(num_messages=100, timeout=0.5) if not self._error(m)]
            if batch:
                self._answer(batch)
        beat.join(5)
        self.producer.produce(self.topics["node.hellos"], key=self.name, value=None)  # left cleanly
        self.producer.flush(10)
        self.consumer.close()
        self.runner.shutdown(wait=False)
        log.info("node %s left", self.name)

    def _answer(self, batch):
        """Handles a batch; commits the request offsets once every answer is acknowledged, else reads it again."""
        firsts, nexts = {}, {}
        for message in batch:
            firsts.setdefault((message.topic(), message.partition()), message.offset())
            nexts[(message.topic(), message.partition())] = message.offset() + 1
        try:
            self.undelivered = []
            for message in batch:
                self._handle(message)
            if self.producer.flush(30) > 0 or self.undelivered:
                raise RetryLater("answers not acknowledged: %s" % (self.undelivered[:3] or "flush timed out"))
            # Cancels are never committed: each start reads the last hour of them again.
            offsets = [TopicPartition(t, p, o) for (t, p), o in nexts.items() if t == self.topics["dispatch.requests"]]
            if offsets:
                self.consumer.commit(offsets=offsets, asynchronous=False)
        except RetryLater as e:
            log.warning("reading the batch again in 1 s: %s", e)
            for (topic, partition), offset in firsts.items():
                self.consumer.seek(TopicPartition(topic, partition, offset))
            self.stopping.wait(1)

    def _error(self, message):
        if message.error() is None:
            return False
        if message.error().code() != KafkaError._PARTITION_EOF:
            log.warning("read error: %s", message.error())
        return True

    def _stop(self, signum, frame):
        self.stopping.set()

    def _heartbeat(self):
        while not self.stopping.wait(self.heartbeat):
            try:
                self._hello()
            except RetryLater as e:
                log.warning("no hello this time: %s", e)

    def _partitions(self, topic):
        metadata = self.consumer.list_topics(topic, timeout=30).topics[topic]
        if metadata.error is not None:
            raise SystemExit("mgmt_node.py: topic %s: %s" % (topic, metadata.error))
        return [TopicPartition(topic, p) for p in metadata.partitions]

    def _hour_back(self, partitions):
        """Each partition's first offset of the last hour; the end where the hour wrote nothing."""
        if not partitions:
            return []
        back = int((time.time() - CATCH_UP_WINDOW) * 1000)
        found = self.consumer.offsets_for_times([TopicPartition(p.topic, p.partition, back) for p in partitions],
                                                timeout=30)
        return [TopicPartition(p.topic, p.partition, p.offset if p.offset >= 0 else OFFSET_END) for p in found]

    def _request_starts(self):
        """Every request partition, from the committed offset, or an hour back."""
        committed = self.consumer.committed(self._partitions(self.topics["dispatch.requests"]), timeout=30)
        fresh = self._hour_back([p for p in committed if p.offset < 0])
        return [p for p in committed if p.offset >= 0] + fresh

    def _read_cancels(self):
        """Reads the last hour of cancels before any request, so none it names runs; returns where to go on."""
        cancels = self._partitions(self.topics["dispatch.cancels"])
        reader = self._consumer(self.group + "-cancels")
        ends = []
        for p in cancels:
            low, high = reader.get_watermark_offsets(p, timeout=30)
            ends.append(TopicPartition(p.topic, p.partition, high))
        starts = self._hour_back(cancels)
        pending = {(e.topic, e.partition): e.offset for e, s in zip(ends, starts) if s.offset != OFFSET_END
                   and s.offset < e.offset}
        if pending:
            reader.assign([s for s in starts if (s.topic, s.partition) in pending])
            deadline = time.monotonic() + 30
            while pending and time.monotonic() < deadline:
                for message in reader.consume(num_messages=500, timeout=0.5):
                    if not self._error(message):
                        self._cancel(message)
                # By position, not by the last record: transaction markers take offsets too.
                for tp in reader.position([TopicPartition(t, p) for (t, p) in pending]):
                    if tp.offset >= pending[(tp.topic, tp.partition)]:
                        pending.pop((tp.topic, tp.partition))
        reader.close()
        return ends

    def _hello(self):
        hello = {"node": self.name, "instance": self.instance, "actions": sorted(self.actions),
                 "started_at": self.started_at, "sent_at": _now(),
                 "heartbeat_interval_ms": int(self.heartbeat * 1000), "labels": self.labels}
        topic = self.topics["node.hellos"]
        self.producer.produce(topic, key=self.name, value=self.wire.encode(topic + "-value", hello))
        self.producer.poll(0)

    def _handle(self, message):
        if message.topic() == self.topics["dispatch.cancels"]:
            return self._cancel(message)
        try:
            request = self.wire.decode(message.value())
        except ValueError as e:
            return self._dead_letter(message, "undecodable NodeDispatchRequest: %s" % e)
        key = message.key().decode("utf-8", "replace") if message.key() is not None else None
        reason = refused(key, request)
        if reason is not None:
            return self._dead_letter(message, reason)
        return self._request(message, request)

    def _cancel(self, message):
        """Remembers a cancel; one it cannot read is skipped (the streams-app dead-letters it)."""
        try:
            cancel = self.wire.decode(message.value())
        except ValueError as e:
            log.warning("skipped an unreadable cancel at %s-%d@%d: %s", message.topic(), message.partition(),
                        message.offset(), e)
            return
        self.cancelled[cancel["reqid"]] = time.monotonic()
        if len(self.cancelled) > 100000:
            self.cancelled.pop(next(iter(self.cancelled)))

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
        self._produce(topic, reqid, self.wire.encode(topic + "-value", response), partition=message.partition())
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
            return dict(result, data=json.dumps(self.runner.submit(function, action[1:]).result(ACTION_TIME_LIMIT)))
        except ActionTimeout:
            return dict(result, success=False, error="action %s exceeded its time limit of %gs" % (
                action[0], ACTION_TIME_LIMIT))
        except ActionError as e:
            return dict(result, success=False, error=str(e))
        except Exception as e:  # noqa: BLE001 - an action's failure is its Result, the node goes on
            return dict(result, success=False, error="action %s failed: %r" % (action[0], e))

    def _produce(self, topic, key, value, **kwargs):
        self.producer.produce(topic, key=key, value=value, on_delivery=self._delivered, **kwargs)
        self.producer.poll(0)

    def _delivered(self, error, message):
        if error is not None:
            self.undelivered.append(str(error))

    def _dead_letter(self, message, reason):
        log.warning("%s-%d@%d goes to the dead-letter topic: %s", message.topic(), message.partition(),
                    message.offset(), reason)
        headers = [("mgmt.dlq.source.topic", message.topic()), ("mgmt.dlq.source.partition", str(message.partition())),
                   ("mgmt.dlq.source.offset", str(message.offset())), ("mgmt.dlq.reason", reason),
                   ("mgmt.dlq.component", "node-client/" + self.name), ("mgmt.dlq.failed.at", _now().isoformat())]
        self._produce(self.topics["deadletter"], message.key(), message.value(), headers=headers)


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
