import { TaskQueueError } from '../errors';
import { parseEventHubsConnectionString } from './connection-string';

// The parsing rules are tested with the parser in @latigo/config-loader; here, the queue's error.
const KEY = 'c2VjcmV0LWtleS0xMjM=';

describe('parseEventHubsConnectionString (task queue)', () => {
  it('bootstraps from <host>:9093', () => {
    expect(
      parseEventHubsConnectionString(
        `Endpoint=sb://ns.example/;SharedAccessKeyName=n;SharedAccessKey=${KEY}`,
      ),
    ).toMatchObject({ bootstrapServer: 'ns.example:9093', sharedAccessKeyName: 'n' });
  });

  it('reports a malformed string as TASK_QUEUE_CONFIG_INVALID naming the key and the part, never the secret', () => {
    let error: unknown;
    try {
      parseEventHubsConnectionString(`Endpoint=not a url;SharedAccessKeyName=n;SharedAccessKey=${KEY}`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskQueueError);
    expect(error).toMatchObject({
      code: 'TASK_QUEUE_CONFIG_INVALID',
      message: expect.stringMatching(
        /^task_queue\.connection_string is not usable: Endpoint must look like sb:\/\//,
      ),
    });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(KEY);
  });
});
