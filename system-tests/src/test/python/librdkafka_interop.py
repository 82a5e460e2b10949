#!/usr/bin/python3
"""Drives a running mgmt-bus from librdkafka (Debian's python3-confluent-kafka) as a user would.

It ships no .avsc: it fetches the request schema from the registry, produces requests with
librdkafka's *default* partitioner (consistent_random: CRC32 of the key, not Java's murmur2),
reads each outcome with isolation.level=read_committed from the partition its request's
delivery report named, decodes it with the writer schema fetched by id, and checks it.

Prints one JSON line per outcome (for the Java test to check again) and exits 1 on any
mismatch. Environment: MGMT_BOOTSTRAP_SERVERS, MGMT_SCHEMA_REGISTRY_URL, MGMT_TOPIC_PREFIX.
"""
import io
import json
import os
import struct
import sys
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

import avro.io
import avro.schema
from confluent_kafka import Consumer, Producer, TopicPartition

BOOTSTRAP = os.environ.get("MGMT_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
REGISTRY = os.environ.get("MGMT_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081")
PREFIX = os.environ.get("MGMT_TOPIC_PREFIX", "")
REQUESTS, OUTCOMES = PREFIX + "mgmt.dispatch.requests", PREFIX + "mgmt.dispatch.outcomes"
NODES = ["manager", "worker-01", "worker-02"]


def registry(path):
    with urllib.request.urlopen(REGISTRY + path, timeout=10) as answer:
        return json.load(answer)


def encode(schema_id, schema, datum):
    out = io.BytesIO()
    out.write(struct.pack(">bI", 0, schema_id))  # Confluent wire format: magic byte 0, schema id
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(data, schemas):
    magic, schema_id = struct.unpack(">bI", data[:5])
    assert magic == 0, "not the Confluent wire format"
    if schema_id not in schemas:
        schemas[schema_id] = avro.schema.parse(registry("/schemas/ids/%d" % schema_id)["schema"])
    return avro.io.DatumReader(schemas[schema_id]).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))


def expected(kind):
    """(targeted nodes, {node: (success, data or error)}) for each kind of request sent."""
    name = lambda n: (True, '"%s"' % n)
    return {
        "all": (NODES, {n: name(n) for n in NODES}),
        "some": (["worker-01", "worker-02"], {n: name(n) for n in ["worker-01", "worker-02"]}),
        "unknown-node": ([], {"nope": (False, "unknown cluster node")}),
        "unknown-action": (NODES, {n: (False, "dispatch frobnicate unknown") for n in NODES}),
    }[kind]


REQUESTS_TO_SEND = [
    ("all", ["get_id_value", "Cluster::node"], []),
    ("some", ["get_id_value", "Cluster::node"], ["worker-01", "worker-02"]),
    ("unknown-node", ["get_id_value", "Cluster::node"], ["nope"]),
    ("unknown-action", ["frobnicate"], []),
]


def main():
    latest = registry("/subjects/%s-value/versions/latest" % REQUESTS)
    request_schema = avro.schema.parse(latest["schema"])
    producer = Producer({"bootstrap.servers": BOOTSTRAP})  # librdkafka's defaults: consistent_random partitioner
    placed = {}  # reqid -> (kind, partition of the request)

    def delivered(err, msg):
        if err is not None:
            sys.exit("produce failed: %s" % err)
        placed[msg.key().decode()] = (kind_of[msg.key().decode()], msg.partition())

    kind_of = {}
    now = datetime.now(timezone.utc)
    for round_ in range(2):
        for kind, action, nodes in REQUESTS_TO_SEND:
            reqid = "py-%s-%d-%s" % (kind, round_, uuid.uuid4())
            kind_of[reqid] = kind
            request = {"reqid": reqid, "action": action, "nodes": nodes, "issued_at": now,
                       "deadline": now + timedelta(seconds=30), "requester": "librdkafka"}
            producer.produce(REQUESTS, key=reqid.encode(), value=encode(latest["id"], request_schema, request),
                             on_delivery=delivered)
    producer.flush(30)

    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "py-interop-" + str(uuid.uuid4()),
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    consumer.assign([TopicPartition(OUTCOMES, p, 0) for p in sorted({p for _, p in placed.values()})])
    schemas, outcomes = {}, {}
    deadline = time.time() + 60
    while len(outcomes) < len(placed) and time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error() or msg.key() is None:
            continue
        reqid = msg.key().decode()
        if reqid in placed:
            outcomes[reqid] = (msg.partition(), decode(msg.value(), schemas))
    consumer.close()

    failures = []
    for reqid, (kind, request_partition) in sorted(placed.items()):
        if reqid not in outcomes:
            failures.append("%s: no outcome within 60s" % reqid)
            continue
        partition, outcome = outcomes[reqid]
        targeted, results = expected(kind)
        got = {r["node"]: (r["success"], r["data"] if r["success"] else r["error"]) for r in outcome["results"]}
        checks = [
            ("reqid", outcome["reqid"], reqid),
            ("state", outcome["state"], "COMPLETE"),
            ("action", outcome["action"], dict((k, a) for k, a, _ in REQUESTS_TO_SEND)[kind]),
            ("targeted", sorted(outcome["targeted"]), sorted(targeted)),
            ("results", got, results),
            ("success_count", outcome["success_count"], sum(1 for ok, _ in results.values() if ok)),
            ("error_count", outcome["error_count"], sum(1 for ok, _ in results.values() if not ok)),
            ("partition", partition, request_partition),
        ]
        failures += ["%s: %s is %r, expected %r" % (reqid, what, actual, want) for what, actual, want in checks if actual != want]
        print(json.dumps({"reqid": reqid, "kind": kind, "request_partition": request_partition,
                          "outcome_partition": partition, "state": outcome["state"], "results": got}))
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
