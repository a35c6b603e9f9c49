import { taskQueueSectionSchema } from './task-queue';

const KEY = 'c2VjcmV0LWtleS0xMjM=';
const issuesOf = (value: unknown) =>
  (taskQueueSectionSchema.safeParse(value).error?.issues ?? []).map(
    (i) => `${i.path.join('.')}: ${i.message}`,
  );

describe('task_queue section: the connection string', () => {
  it('accepts an Event Hubs connection string, and bootstrap.servers without one', () => {
    expect(
      issuesOf({
        connection_string: `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${KEY};EntityPath=tasks`,
      }),
    ).toEqual([]);
    expect(issuesOf({ 'bootstrap.servers': 'k:9092', topic: 't' })).toEqual([]);
  });

  it.each([
    [
      'an Endpoint that is not sb://',
      `Endpoint=not a url;SharedAccessKeyName=x;SharedAccessKey=${KEY}`,
      /^Endpoint must look like sb:\/\/<namespace host>\//,
    ],
    [
      'no Endpoint',
      `SharedAccessKeyName=x;SharedAccessKey=${KEY}`,
      /Endpoint=sb:\/\/<namespace host>\/ is missing/,
    ],
    ['no SharedAccessKeyName', `Endpoint=sb://ns/;SharedAccessKey=${KEY}`, /SharedAccessKeyName is missing/],
    ['no SharedAccessKey', 'Endpoint=sb://ns/;SharedAccessKeyName=x', /SharedAccessKey is missing/],
    ['a SAS token', `Endpoint=sb://ns/;SharedAccessSignature=sr=x&sig=${KEY}`, /not accepted/],
    ['a bare key', KEY, /Endpoint=sb:\/\/<namespace host>\/ is missing/],
  ])(
    'reports %s at task_queue.connection_string, without the secret',
    (_what, connection_string, message) => {
      const issues = issuesOf({ connection_string });
      expect(issues).toEqual([expect.stringMatching(/^connection_string: /)]);
      expect(issues[0]?.replace(/^connection_string: /, '')).toMatch(message);
      expect(issues.join()).not.toContain(KEY);
    },
  );

  it('leaves a connection string alone on the memory queue, which does not use it', () => {
    expect(issuesOf({ type: 'memory', connection_string: 'Endpoint=not a url' })).toEqual([]);
  });
});
