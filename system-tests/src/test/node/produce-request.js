// Produces one NodeDispatchRequest the way a Node.js operator tool would: registers the schema
// under <topic>-value, encodes in the Confluent wire format, keys the record by reqid.
// env: BOOTSTRAP, REGISTRY, TOPIC, SCHEMA_FILE, REQID
const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

async function main() {
  const { BOOTSTRAP, REGISTRY, TOPIC, SCHEMA_FILE, REQID } = process.env;
  const registry = new SchemaRegistry({ host: REGISTRY });
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: fs.readFileSync(SCHEMA_FILE, 'utf8') },
    { subject: `${TOPIC}-value` });
  const value = await registry.encode(id, {
    reqid: REQID,
    action: ['get_id_value', 'Cluster::node'],
    nodes: ['worker-01', 'manager'],
    issued_at: 1764150000123,
    deadline: 1764150060000,
    requester: 'kafkajs',
  });
  const kafka = new Kafka({ brokers: [BOOTSTRAP], clientId: 'node-interop', logLevel: logLevel.ERROR });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: TOPIC, messages: [{ key: REQID, value }] });
  await producer.disconnect();
  console.log(JSON.stringify({ produced: REQID, schemaId: id }));
}

main().catch((e) => { console.error(e); process.exit(1); });
