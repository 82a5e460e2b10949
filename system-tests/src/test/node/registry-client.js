// Drives the embedded schema registry with @kafkajs/confluent-schema-registry the way a Node.js
// service would: register (it asks GET /config/{subject} first), evolve, encode and decode, references
// (resolved on decode through GET /subjects/{s}/versions/{v}), deletes, and concurrent registrations
// through two instances. env: REGISTRY_A, REGISTRY_B, RUN, ROUNDS. Prints one JSON object per finding.
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const { REGISTRY_A, REGISTRY_B, RUN } = process.env;
const ROUNDS = Number(process.env.ROUNDS || '10');
const report = (check, facts) => console.log(JSON.stringify({ check, ...facts }));
const record = (name, fields, namespace = 'js') => JSON.stringify({ type: 'record', name, namespace, fields });
const avro = (schema, references) => ({ type: SchemaType.AVRO, schema, ...(references ? { references } : {}) });

async function call(base, method, path) {
  const answer = await fetch(base + path, { method, headers: { Accept: 'application/vnd.schemaregistry.v1+json' } });
  return { status: answer.status, body: await answer.json() };
}

async function evolveAndDelete() {
  const registry = new SchemaRegistry({ host: REGISTRY_B });
  const subject = `js-${RUN}-value`;
  const v1 = record('Thing', [{ name: 'a', type: 'string' }]);
  const v2 = record('Thing', [{ name: 'a', type: 'string' }, { name: 'b', type: 'int', default: 0 }]);
  const bad = record('Thing', [{ name: 'a', type: 'string' }, { name: 'c', type: 'int' }]);
  const { id: id1 } = await registry.register(avro(v1), { subject });
  const { id: again } = await registry.register(avro(v1), { subject });
  const { id: id2 } = await registry.register(avro(v2), { subject });
  let incompatible = null;
  try {
    await registry.register(avro(bad), { subject });
  } catch (e) {
    incompatible = e.message;
  }
  const latest = await registry.getLatestSchemaId(subject);
  const bySchema = await registry.getRegistryIdBySchema(subject, avro(v1));
  const decoded = await registry.decode(await registry.encode(id2, { a: 'x', b: 7 }));
  const softDeleted = await call(REGISTRY_A, 'DELETE', `/subjects/${subject}`);
  const permanent = await call(REGISTRY_A, 'DELETE', `/subjects/${subject}?permanent=true`);
  let afterDelete = null;
  try {
    await new SchemaRegistry({ host: REGISTRY_A }).getLatestSchemaId(subject);
  } catch (e) {
    afterDelete = e.message;
  }
  report('kafkajs', { id1, again, id2, incompatible, latest, bySchema, decoded, softDeleted, permanent, afterDelete });
}

async function references() {
  const registry = new SchemaRegistry({ host: REGISTRY_A });
  const addresses = `js-addr-${RUN}`;
  const customers = `js-cust-${RUN}-value`;
  const address = record('Address', [{ name: 'street', type: 'string' }], 'js.shared');
  const customer = record('Customer', [{ name: 'home', type: 'js.shared.Address' }]);
  await registry.register(avro(address), { subject: addresses });
  const { id } = await registry.register(
    avro(customer, [{ name: 'js.shared.Address', subject: addresses, version: 1 }]), { subject: customers });
  // A fresh client decodes: it must fetch the schema by id and resolve its reference itself.
  const encoded = await registry.encode(id, { home: { street: 'Main St' } });
  const decoded = await new SchemaRegistry({ host: REGISTRY_B }).decode(encoded);
  const referencedBy = await call(REGISTRY_B, 'GET', `/subjects/${addresses}/versions/1/referencedby`);
  report('kafkajs-references', { id, decoded, referencedBy: referencedBy.body });
}

async function concurrent() {
  const clients = [new SchemaRegistry({ host: REGISTRY_A }), new SchemaRegistry({ host: REGISTRY_B })];
  const ids = {};
  const errors = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    await Promise.all(clients.map(async (client, index) => {
      const name = `R${round}I${index}`;
      try {
        const { id } = await client.register(
          avro(record(name, [{ name: `f_${name}`, type: 'int', default: 0 }])), { subject: `${name}-js-${RUN}` });
        ids[name] = id;
      } catch (e) {
        errors.push(String(e));
      }
    }));
  }
  report('kafkajs-concurrent', { ids, errors });
}

(async () => {
  await evolveAndDelete();
  await references();
  await concurrent();
})().catch((e) => { console.error(e); process.exit(1); });
