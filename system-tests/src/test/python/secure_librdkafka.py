"""What a librdkafka client (python3-confluent-kafka) gets from the secured bus, as one JSON line:
its TLS handshake and SCRAM-SHA-512 login to Kafka, and the schema registry over HTTPS with basic
auth. librdkafka before 2.6.1 computes the SCRAM proof over a doubled nonce (librdkafka#4895), which
Kafka 4 rejects as invalid credentials; the registry does not care which Kafka client calls it.

With CLIENT_CERT_BOOTSTRAP (the broker's mutual-TLS listener) and the user's CLIENT_CERT and
CLIENT_KEY (PEM), it also dispatches a ping through the bus there, whatever its librdkafka, and
reads the outcome: the login by certificate that SCRAM's bug does not touch.

env: BOOTSTRAP, REGISTRY, CA_FILE, SASL_USER, SASL_PASSWORD, SUBJECT, PREFIX
     and optionally CLIENT_CERT_BOOTSTRAP, CLIENT_CERT, CLIENT_KEY
"""
import datetime
import json
import logging
import os
import sys
import time
import uuid

import confluent_kafka
from confluent_kafka.admin import AdminClient
from confluent_kafka.schema_registry import SchemaRegistryClient

env = os.environ
# requests lets these override the client's own ssl.ca.location (psf/requests#3829): a machine
# that sets them (many do, for the system's bundle) would not trust the bus's authority.
for bundle in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
    os.environ.pop(bundle, None)


class Collected(logging.Handler):
    """librdkafka's log lines: a failed login is logged, not raised."""

    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


collected = Collected()
logger = logging.getLogger("librdkafka")
logger.addHandler(collected)
logger.setLevel(logging.INFO)
logger.propagate = False
errors = []
admin = AdminClient({
    "bootstrap.servers": env["BOOTSTRAP"],
    "security.protocol": "SASL_SSL",
    "sasl.mechanisms": "SCRAM-SHA-512",
    "sasl.username": env["SASL_USER"],
    "sasl.password": env["SASL_PASSWORD"],
    "ssl.ca.location": env["CA_FILE"],
    "error_cb": lambda error: errors.append(error.str()),
    "logger": logger,
})
try:
    topics = sorted(admin.list_topics(timeout=10).topics)
    kafka = {"ok": True, "topics": topics}
except confluent_kafka.KafkaException as e:
    for _ in range(3):  # the log lines wait on the client's queue
        admin.poll(0.5)
    kafka = {"ok": False, "error": str(e), "errors": (errors + [line for line in collected.lines if "FAIL" in line
                                                                 or "error" in line.lower()])[:3]}

registry = SchemaRegistryClient({
    "url": env["REGISTRY"],
    "ssl.ca.location": env["CA_FILE"],
    "basic.auth.user.info": env["SASL_USER"] + ":" + env["SASL_PASSWORD"],
})
try:
    latest = registry.get_latest_version(env["SUBJECT"])
    schema_registry = {"ok": True, "schema_id": latest.schema_id}
except Exception as e:  # noqa: BLE001 - reported, not raised: the test reads the JSON
    schema_registry = {"ok": False, "error": str(e)}



def dispatch_by_certificate():
    """A ping through the bus over the mutual-TLS listener: the request, then its outcome."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../node-client/python"))
    import mgmt_node  # the reference node's wire format: Avro through the registry

    wire = mgmt_node.WireFormat(registry)
    tls = {"bootstrap.servers": env["CLIENT_CERT_BOOTSTRAP"], "security.protocol": "SSL",
           "ssl.ca.location": env["CA_FILE"], "ssl.certificate.location": env["CLIENT_CERT"],
           "ssl.key.location": env["CLIENT_KEY"]}
    prefix = env.get("PREFIX", "")
    requests, outcomes = prefix + "mgmt.dispatch.requests", prefix + "mgmt.dispatch.outcomes"
    reqid = "librdkafka-mtls-" + str(uuid.uuid4())
    now = datetime.datetime.now(datetime.timezone.utc)
    consumer = confluent_kafka.Consumer(dict(tls, **{
        "group.id": prefix + "mgmt-operator-librdkafka-" + reqid, "auto.offset.reset": "latest",
        "isolation.level": "read_committed", "enable.auto.commit": False}))
    consumer.subscribe([outcomes])
    deadline = time.monotonic() + 30
    while not consumer.assignment() and time.monotonic() < deadline:
        consumer.poll(0.5)
    producer = confluent_kafka.Producer(dict(tls, **{"enable.idempotence": True}))
    producer.produce(requests, key=reqid, value=wire.encode(requests + "-value", {
        "reqid": reqid, "action": ["ping"], "nodes": [], "issued_at": now,
        "deadline": now + datetime.timedelta(seconds=60), "requester": "librdkafka-mtls", "selector": None,
        "rollout": None, "wave": None}))
    if producer.flush(30) > 0:
        return {"ok": False, "error": "the request was not acknowledged"}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error() or message.key() != reqid.encode():
            continue
        outcome = wire.decode(message.value())
        consumer.close()
        return {"ok": True, "reqid": reqid, "state": outcome["state"],
                "nodes": sorted(r["node"] for r in outcome["results"] if r["success"])}
    consumer.close()
    return {"ok": False, "error": "no outcome for %s within 60 s" % reqid}


report = {
    "librdkafka": confluent_kafka.libversion()[0],
    "kafka": kafka,
    "registry": schema_registry,
}
if env.get("CLIENT_CERT_BOOTSTRAP"):
    try:
        report["client_certificate"] = dispatch_by_certificate()
    except Exception as e:  # noqa: BLE001 - reported, not raised: the test reads the JSON
        report["client_certificate"] = {"ok": False, "error": repr(e)}
print(json.dumps(report))
