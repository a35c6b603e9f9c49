import { taskQueueSectionSchema } from '@latigo/config-loader';
import type { Logger } from '@latigo/observability';
import { TaskQueueError } from '../errors';
import { EVENT_HUBS_DEFAULTS, kafkaSettingsFromConfig } from './kafka-settings';

const CONNECTION =
  'Endpoint=sb://latigo.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0;EntityPath=latigo-tasks';

function capture(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => void warnings.push(message),
    error: () => undefined,
    child: () => logger,
  };
  return { logger, warnings };
}

const settingsOf = (
  section: Record<string, unknown>,
  options: Parameters<typeof kafkaSettingsFromConfig>[1] = {},
) =>
  kafkaSettingsFromConfig(taskQueueSectionSchema.parse({ type: 'kafka', ...section }), {
    clientIdSuffix: 'host-1',
    ...options,
  });

describe('kafkaSettingsFromConfig', () => {
  it('reaches Event Hubs from the connection string alone, with Event Hubs tuned defaults', () => {
    expect(settingsOf({ connection_string: CONNECTION })).toEqual({
      ...EVENT_HUBS_DEFAULTS,
      brokers: ['latigo.servicebus.windows.net:9093'],
      topic: 'latigo-tasks',
      deadLetterTopic: 'latigo-tasks.dlq',
      groupId: 'latigo-executor',
      clientId: 'latigo-host-1',
      tls: {},
      sasl: { username: '$ConnectionString', password: CONNECTION },
    });
  });

  it("maps the original's keys that have a kafkajs meaning", () => {
    const settings = settingsOf(
      {
        connection_string: CONNECTION,
        topic: 'other',
        dead_letter_topic: 'other-failed',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'PLAIN',
        'ssl.ca.location': '/etc/ca.pem',
        'group.id': '1',
        'client.id': 'latigo-executor',
        'request.timeout.ms': 90000,
        'session.timeout.ms': '45000',
        'default.topic.config': { 'auto.offset.reset': 'latest' },
        'allow.auto.create.topics': true,
      },
      { readFile: (path) => `PEM of ${path}` },
    );
    expect(settings).toMatchObject({
      topic: 'other',
      deadLetterTopic: 'other-failed',
      tls: { ca: ['PEM of /etc/ca.pem'] },
      groupId: '1',
      clientId: 'latigo-executor-host-1',
      requestTimeoutMs: 90000,
      sessionTimeoutMs: 45000,
      fromBeginning: false,
      allowAutoTopicCreation: true,
    });
  });

  it('talks plain Kafka with bootstrap.servers and no connection string', () => {
    const settings = settingsOf({ 'bootstrap.servers': 'k1:9092, k2:9092', topic: 't' });
    expect(settings.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(settings.tls).toBeUndefined();
    expect(settings.sasl).toBeUndefined();
  });

  it('gives every process its own client id', () => {
    const a = kafkaSettingsFromConfig(
      taskQueueSectionSchema.parse({ type: 'kafka', connection_string: CONNECTION }),
    );
    const b = kafkaSettingsFromConfig(
      taskQueueSectionSchema.parse({ type: 'kafka', connection_string: CONNECTION }),
    );
    expect(a.clientId).toMatch(/^latigo-.+-\d+-[0-9a-f]{6}$/);
    expect(a.clientId).not.toBe(b.clientId);
  });

  it('warns about keys without a kafkajs meaning', () => {
    const { logger, warnings } = capture();
    settingsOf(
      {
        connection_string: CONNECTION,
        'max.poll.interval.ms': 86400000,
        'enable.auto.commit': true,
        debug: 'all',
        'default.topic.config': { 'auto.offset.reset': 'earliest', 'message.timeout.ms': 1 },
      },
      { logger },
    );
    expect(warnings).toEqual([
      'task_queue["max.poll.interval.ms"] has no meaning for the kafkajs client; ignored',
      'task_queue["enable.auto.commit"] has no meaning for the kafkajs client; ignored',
      'task_queue["debug"] has no meaning for the kafkajs client; ignored',
      'task_queue["default.topic.config"]["message.timeout.ms"] has no meaning for the kafkajs client; ignored',
    ]);
  });

  it.each([
    ['no topic anywhere', { 'bootstrap.servers': 'k:9092' }, /topic is not set/],
    [
      'SASL without a connection string',
      { 'bootstrap.servers': 'k:9092', topic: 't', 'security.protocol': 'SASL_SSL' },
      /needs connection_string/,
    ],
    [
      'an unknown offset reset',
      { connection_string: CONNECTION, 'default.topic.config': { 'auto.offset.reset': 'middle' } },
      /earliest or latest/,
    ],
  ])('rejects %s', (_name, section, reason) => {
    expect(() => settingsOf(section)).toThrow(
      expect.objectContaining({ code: 'TASK_QUEUE_CONFIG_INVALID', message: expect.stringMatching(reason) }),
    );
  });

  it('reports an unreadable CA file by its path, without the connection string', () => {
    let error: unknown;
    try {
      settingsOf({ connection_string: CONNECTION, 'ssl.ca.location': '/nope/ca.pem' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskQueueError);
    expect((error as Error).message).toBe('task_queue["ssl.ca.location"] cannot be read: /nope/ca.pem');
    expect((error as Error).message).not.toContain('c2VjcmV0');
  });
});
