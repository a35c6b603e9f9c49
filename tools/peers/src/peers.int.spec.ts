import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { createClient } from 'redis';
import { requirePeerEnv } from './peer-env';
import { restartPeer, startPeer, stopPeer } from './peers';

// Integration: the real broker and Redis started by the global setup (tools/peers).
describe('real peers on loopback', () => {
  it('Redis answers PING and stores a value', async () => {
    const client = createClient({ url: requirePeerEnv('LATIGO_TEST_REDIS_URL') });
    await client.connect();
    try {
      expect(await client.ping()).toBe('PONG');
      await client.set('latigo:peer-check', 'ok');
      expect(await client.get('latigo:peer-check')).toBe('ok');
    } finally {
      await client.close();
    }
  });

  describe('Kafka SASL PLAIN with the Event Hubs $ConnectionString user', () => {
    const connectionString = () => requirePeerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING');
    // The first group join on a fresh broker waits for __consumer_offsets: keep kafkajs' retries.
    const kafka = (broker: string, password: string, tls: boolean, retries = 5) =>
      new Kafka({
        clientId: `peer-check-${process.pid}`,
        brokers: [broker],
        ssl: tls ? { ca: [readFileSync(requirePeerEnv('LATIGO_TEST_KAFKA_CA_FILE'), 'utf8')] } : false,
        sasl: { mechanism: 'plain', username: '$ConnectionString', password },
        logLevel: logLevel.NOTHING,
        retry: { retries },
      });

    it.each([
      ['SASL_PLAINTEXT', 'LATIGO_TEST_KAFKA_SASL_BROKERS', false],
      ['SASL_SSL', 'LATIGO_TEST_KAFKA_SSL_BROKERS', true],
    ] as const)('produces and consumes through the %s listener', async (_name, brokerVar, tls) => {
      const client = kafka(requirePeerEnv(brokerVar), connectionString(), tls);
      const topic = `peer-check-${brokerVar.toLowerCase()}-${Date.now()}`;
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await admin.disconnect();

      const producer = client.producer();
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'p/m', value: '{"project_name":"p"}' }] });
      await producer.disconnect();

      const consumer = client.consumer({ groupId: `${topic}-group` });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = await new Promise<string>((resolve) => {
        void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
      });
      await consumer.disconnect();
      expect(received).toBe('{"project_name":"p"}');
    });

    it('rejects a wrong password with an authentication error', async () => {
      const wrong = connectionString().replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=d3JvbmcK');
      const producer = kafka(requirePeerEnv('LATIGO_TEST_KAFKA_SASL_BROKERS'), wrong, false, 0).producer();
      await expect(producer.connect()).rejects.toMatchObject({
        name: 'KafkaJSSASLAuthenticationError',
        message: expect.stringContaining('Authentication failed'),
      });
    });
  });
});

describe('restartPeer (an outage on the same address)', () => {
  it('brings a password-protected Redis back on the same port, empty, after the downtime', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'latigo-restart-'));
    const env = await startPeer('redis', stateDir, { REDIS_PASSWORD: 'restart-test-pw' });
    const connect = async (url: string) => {
      const client = createClient({ url, socket: { reconnectStrategy: false } });
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    try {
      const before = await connect(env['LATIGO_TEST_REDIS_URL'] as string);
      await before.set('k', 'v');
      await restartPeer('redis', stateDir, 300);
      before.destroy();
      // Same URL, password still required, data gone (no persistence, like a restarted cache).
      const after = await connect(env['LATIGO_TEST_REDIS_URL'] as string);
      expect(await after.ping()).toBe('PONG');
      expect(await after.get('k')).toBeNull();
      after.destroy();
      await expect(connect(`redis://127.0.0.1:${env['LATIGO_TEST_REDIS_PORT']}`)).rejects.toThrow(/NOAUTH/);
    } finally {
      await stopPeer('redis', stateDir);
    }
  });
});
