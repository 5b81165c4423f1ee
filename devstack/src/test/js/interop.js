// Confluent's official JavaScript Schema Registry client and Avro serde, with kafkajs, against
// ticketflow's broker and registry. Used by ConfluentInteropIT:
//   node interop.js produce-inquiry BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE
//     registers the schema through Confluent's client, writes one Inquiry with Confluent's
//     AvroSerializer, prints {"schemaId": N}
//   node interop.js consume-reply BOOTSTRAP REGISTRY_URL TOPIC
//     reads the first record with Confluent's AvroDeserializer, prints it as JSON
'use strict';
const fs = require('fs');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer } = require('@confluentinc/schemaregistry');

const [command, bootstrap, registryUrl, topic, schemaFile] = process.argv.slice(2);
const kafka = new Kafka({ clientId: 'ticketflow-interop', brokers: [bootstrap], logLevel: logLevel.ERROR });
const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });

async function produceInquiry() {
  const schema = fs.readFileSync(schemaFile, 'utf8');
  const schemaId = await registry.register(topic + '-value', { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const inquiry = {
    inquiryId: 'js-inq-1',
    conversationId: 'js-conv-1',
    tenantId: 'acme',
    channel: 'IM',
    customerId: 'cust-js',
    language: 'zh-CN',
    text: '請問怎麼退款？ How do refunds work?',
    receivedAt: 1764151530123,
    metadata: { source: 'kafkajs', 'ticket-no': '12345' },
  };
  const value = await serializer.serialize(topic, inquiry);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: inquiry.conversationId, value }] });
  await producer.disconnect();
  console.log(JSON.stringify({ schemaId: typeof schemaId === 'number' ? schemaId : schemaId.id }));
}

async function consumeReply() {
  const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const consumer = kafka.consumer({ groupId: 'interop-' + Date.now() });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no record on ' + topic + ' within 60 s')), 60000);
    consumer.run({
      eachMessage: async ({ message }) => {
        clearTimeout(timer);
        try {
          const reply = await deserializer.deserialize(topic, message.value);
          console.log(JSON.stringify({ key: message.key.toString(), value: reply }, (k, v) =>
            typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v));
          resolve();
        } catch (e) {
          reject(e);
        }
      },
    });
  });
  await consumer.disconnect();
}

const commands = { 'produce-inquiry': produceInquiry, 'consume-reply': consumeReply };
if (!commands[command]) {
  console.error('usage: node interop.js produce-inquiry|consume-reply BOOTSTRAP REGISTRY_URL TOPIC [SCHEMA_FILE]');
  process.exit(2);
}
commands[command]().then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
