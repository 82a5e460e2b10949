// Dispatches through a running bus the way a Node.js tool on kafkajs's LegacyPartitioner would
// (not murmur2-compatible, unlike kafkajs 2's default): fetches the request schema from the
// registry (no .avsc shipped), produces requests keyed by reqid, and reads every outcome with a
// read_committed consumer. Prints one JSON line per outcome.
// env: BOOTSTRAP, REGISTRY, PREFIX; on a secured bus also CA_FILE (the authority, PEM), SASL_USER and
// SASL_PASSWORD: SCRAM-SHA-512 over TLS to Kafka, HTTP basic over HTTPS to the registry; and
// GROUP_PREFIX, the consumer groups the operator may use (mgmt-operator-).
const crypto = require('crypto');
const fs = require('fs');
const https = require('https');
const { Kafka, Partitioners, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const KINDS = [
  { kind: 'all', action: ['get_id_value', 'Cluster::node'], nodes: [] },
  { kind: 'some', action: ['get_id_value', 'Cluster::node'], nodes: ['worker-01', 'nope'] },
  { kind: 'bad', action: ['frobnicate'], nodes: [] },
];

async function main() {
  const { BOOTSTRAP, REGISTRY, PREFIX, CA_FILE, SASL_USER, SASL_PASSWORD, GROUP_PREFIX = '' } = process.env;
  const ca = CA_FILE ? fs.readFileSync(CA_FILE, 'utf8') : null;
  const kafkaSecurity = ca
    ? { ssl: { ca: [ca] }, sasl: { mechanism: 'scram-sha-512', username: SASL_USER, password: SASL_PASSWORD } }
    : {};
  const registrySecurity = ca
    ? { auth: { username: SASL_USER, password: SASL_PASSWORD }, agent: new https.Agent({ ca, keepAlive: true }) }
    : {};
  const requests = `${PREFIX}mgmt.dispatch.requests`;
  const outcomes = `${PREFIX}mgmt.dispatch.outcomes`;
  const registry = new SchemaRegistry({ host: REGISTRY, ...registrySecurity });
  const id = await registry.getLatestSchemaId(`${requests}-value`);
  const kafka = new Kafka({
    brokers: [BOOTSTRAP], clientId: 'legacy-partitioner', logLevel: logLevel.ERROR, ...kafkaSecurity,
  });

  const producer = kafka.producer({ createPartitioner: Partitioners.LegacyPartitioner });
  await producer.connect();
  const placed = new Map();
  for (let round = 0; round < 3; round++) {
    for (const { kind, action, nodes } of KINDS) {
      const reqid = `${kind}-legacy-${round}-${crypto.randomUUID()}`;
      const value = await registry.encode(id, {
        reqid, action, nodes, issued_at: Date.now(), deadline: Date.now() + 60000, requester: 'kafkajs-legacy',
      });
      const [meta] = await producer.send({ topic: requests, messages: [{ key: reqid, value }] });
      placed.set(reqid, meta.partition);
    }
  }
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${GROUP_PREFIX}legacy-${crypto.randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic: outcomes, fromBeginning: true });
  const seen = new Map();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${seen.size} of ${placed.size} outcomes in 60s`)), 60000);
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        const reqid = message.key && message.key.toString();
        if (!placed.has(reqid) || seen.has(reqid)) return;
        const outcome = await registry.decode(message.value);
        seen.set(reqid, outcome);
        console.log(JSON.stringify({
          reqid, request_partition: placed.get(reqid), outcome_partition: partition, state: outcome.state,
          results: Object.fromEntries(outcome.results.map((r) => [r.node, r.success ? r.data : `error: ${r.error}`])),
        }));
        if (seen.size === placed.size) { clearTimeout(timer); resolve(); }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
}

main().catch((e) => { console.error(e); process.exit(1); });
