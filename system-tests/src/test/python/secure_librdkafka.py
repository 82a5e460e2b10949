"""What a librdkafka client (python3-confluent-kafka) gets from the secured bus, as one JSON line:
its TLS handshake and SCRAM-SHA-512 login to Kafka, and the schema registry over HTTPS with basic
auth. librdkafka before 2.6.1 computes the SCRAM proof over a doubled nonce (librdkafka#4895), which
Kafka 4 rejects as invalid credentials; the registry does not care which Kafka client calls it.

env: BOOTSTRAP, REGISTRY, CA_FILE, SASL_USER, SASL_PASSWORD, SUBJECT
"""
import json
import logging
import os

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

print(json.dumps({
    "librdkafka": confluent_kafka.libversion()[0],
    "kafka": kafka,
    "registry": schema_registry,
}))
