// Reads the first record of a topic (written by the Java serializer), decodes it through the
// registry and prints it as one JSON line.
// env: BOOTSTRAP, REGISTRY, TOPIC
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

async function main() {
  const { BOOTSTRAP, REGISTRY, TOPIC } = process.env;
  const registry = new SchemaRegistry({ host: REGISTRY });
  const kafka = new Kafka({ brokers: [BOOTSTRAP], clientId: 'node-interop', logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `node-interop-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const timer = setTimeout(() => { console.error('no record within 30s'); process.exit(2); }, 30000);
  await new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ message }) => {
        const decoded = await registry.decode(message.value);
        console.log('RECORD ' + JSON.stringify({ key: message.key.toString(), value: decoded },
          (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
        resolve();
      },
    });
  });
  clearTimeout(timer);
  await consumer.disconnect();
}

main().catch((e) => { console.error(e); process.exit(1); });
