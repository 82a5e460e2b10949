"""Drives the embedded schema registry with Confluent's own Python clients (Debian's
python3-confluent-kafka): the old CachedSchemaRegistryClient and the newer SchemaRegistryClient.

env: REGISTRY_A, REGISTRY_B (two instances on one schema log), RUN (a unique word for subject names),
ROUNDS (concurrent registration rounds). Prints one JSON object per finding; the Java test judges them.
"""
import json
import os
import threading

from confluent_kafka import avro
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient, SchemaRegistryError
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

A = os.environ["REGISTRY_A"]
B = os.environ["REGISTRY_B"]
RUN = os.environ["RUN"]
ROUNDS = int(os.environ.get("ROUNDS", "10"))


def report(check, **facts):
    print(json.dumps(dict(check=check, **facts)), flush=True)


def record(name, *fields):
    return json.dumps({"type": "record", "name": name, "namespace": "py", "fields": list(fields)})


V1 = record("Thing", {"name": "a", "type": "string"})
V2 = record("Thing", {"name": "a", "type": "string"}, {"name": "b", "type": "int", "default": 0})
V2_BAD = record("Thing", {"name": "a", "type": "string"}, {"name": "c", "type": "int"})


def error_code(call):
    try:
        call()
        return None
    except SchemaRegistryError as e:
        return e.error_code


def old_client():
    client = CachedSchemaRegistryClient({"url": A})
    subject = "old-" + RUN + "-value"
    id1 = client.register(subject, avro.loads(V1))
    again = client.register(subject, avro.loads(V1))
    fetched = client.get_by_id(id1)
    ok = client.test_compatibility(subject, avro.loads(V2))
    bad = client.test_compatibility(subject, avro.loads(V2_BAD))
    id2 = client.register(subject, avro.loads(V2))
    latest = client.get_latest_schema(subject)
    version = client.get_version(subject, avro.loads(V2))
    # The old serdes' round trip: the reader finds the writer's schema by the id in the bytes
    # (its own cache emptied, so it asks the registry). Debian has no fastavro for the newer serdes.
    encoded = MessageSerializer(client).encode_record_with_schema_id(id2, {"a": "x", "b": 7})
    decoded = MessageSerializer(CachedSchemaRegistryClient({"url": B})).decode_message(encoded)
    level = client.update_compatibility("FULL", subject)
    read_level = client.get_compatibility(subject)
    deleted = client.delete_subject(subject)
    after = client.get_latest_schema(subject)
    report("old-client", id1=id1, again=again, fetched_name=fetched.fullname, compatible=ok, incompatible=bad,
           id2=id2, latest_id=latest[0], latest_version=latest[2], version_of_v2=version, level=level,
           read_level=read_level, decoded=decoded, deleted=deleted, after_delete=list(after))


def new_client():
    client = SchemaRegistryClient({"url": B})  # the other instance: writes go through the writer
    subject = "new-" + RUN + "-value"
    id1 = client.register_schema(subject, Schema(V1, "AVRO"))
    looked_up = client.lookup_schema(subject, Schema(V1, "AVRO"))
    incompatible = error_code(lambda: client.register_schema(subject, Schema(V2_BAD, "AVRO")))
    compatible = client.test_compatibility(subject, Schema(V2, "AVRO"))
    id2 = client.register_schema(subject, Schema(V2, "AVRO"))
    latest = client.get_latest_version(subject)
    versions = client.get_versions(subject)
    client.set_compatibility(subject, "FORWARD")
    level = client.get_compatibility(subject)

    deleted_version = client.delete_version(subject, 1)
    versions_after_version_delete = client.get_versions(subject)
    try:
        client._rest_client.delete("subjects/{}?permanent=true".format(subject))
        permanent_refused = None
    except SchemaRegistryError as e:
        permanent_refused = [e.error_code, e.error_message]
    deleted = client.delete_subject(subject, permanent=True)
    gone = error_code(lambda: client.get_versions(subject))
    listed = subject in client.get_subjects()
    report("new-client", id1=id1, lookup_id=looked_up.schema_id, lookup_version=looked_up.version,
           incompatible_code=incompatible, compatible=compatible, id2=id2, latest_version=latest.version,
           latest_id=latest.schema_id, versions=versions, level=level,
           deleted_version=deleted_version, versions_after_version_delete=versions_after_version_delete,
           permanent_refused=permanent_refused, deleted=deleted, gone_code=gone, still_listed=listed)


def references():
    client = SchemaRegistryClient({"url": A})
    addresses = "addr-" + RUN
    customers = "cust-" + RUN + "-value"
    address = json.dumps({"type": "record", "name": "Address", "namespace": "py.shared",
                          "fields": [{"name": "street", "type": "string"}]})
    customer = json.dumps({"type": "record", "name": "Customer", "namespace": "py",
                           "fields": [{"name": "home", "type": "py.shared.Address"}]})
    address_id = client.register_schema(addresses, Schema(address, "AVRO"))
    refs = [SchemaReference("py.shared.Address", addresses, 1)]
    customer_id = client.register_schema(customers, Schema(customer, "AVRO", refs))
    fetched = client.get_schema(customer_id)
    looked_up = client.lookup_schema(customers, Schema(customer, "AVRO", refs))
    blocked = error_code(lambda: client.delete_subject(addresses))
    unknown = error_code(lambda: client.register_schema(
        "cust2-" + RUN, Schema(customer, "AVRO", [SchemaReference("py.shared.Address", "nothing-" + RUN, 1)])))
    report("references", address_id=address_id, customer_id=customer_id,
           fetched_refs=[[r.name, r.subject, r.version] for r in fetched.references],
           lookup_id=looked_up.schema_id, delete_referenced_code=blocked, unknown_reference_code=unknown)


def concurrent():
    """Each round: one thread per instance registers a new schema in a subject of its own and a new
    version of one shared subject, at the same moment."""
    clients = {A: SchemaRegistryClient({"url": A}), B: SchemaRegistryClient({"url": B})}
    shared = "shared-" + RUN + "-value"
    clients[A].set_compatibility(shared, "NONE")
    ids, versions, errors = {}, [], []
    lock = threading.Lock()

    def register(url, name):
        try:
            schema = record(name, {"name": "f_" + name, "type": "int", "default": 0})
            own = clients[url].register_schema(name + "-" + RUN, Schema(schema, "AVRO"))
            version_schema = record("Shared", {"name": "f_" + name, "type": "int", "default": 0})
            clients[url].register_schema(shared, Schema(version_schema, "AVRO"))
            version = clients[url].lookup_schema(shared, Schema(version_schema, "AVRO")).version
            with lock:
                ids[name] = own
                versions.append(version)
        except Exception as e:  # reported, not swallowed: the test fails on any
            with lock:
                errors.append(repr(e))

    for round_no in range(ROUNDS):
        barrier = []
        for index, url in enumerate((A, B)):
            t = threading.Thread(target=register, args=(url, "R%dI%d" % (round_no, index)))
            barrier.append(t)
        for t in barrier:
            t.start()
        for t in barrier:
            t.join()
    listed = clients[B].get_versions(shared)
    report("concurrent", ids=ids, versions=sorted(versions), listed=listed, errors=errors)


old_client()
new_client()
references()
concurrent()
