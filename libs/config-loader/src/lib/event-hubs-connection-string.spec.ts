import { ConnectionStringError, parseEventHubsConnectionString } from './event-hubs-connection-string';

const KEY = 'c2VjcmV0LWtleS0xMjM=';
const full = `Endpoint=sb://latigo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${KEY};EntityPath=latigo-tasks`;

describe('parseEventHubsConnectionString', () => {
  it('bootstraps from <host>:9093 and keeps the whole string as the secret', () => {
    expect(parseEventHubsConnectionString(full)).toEqual({
      bootstrapServer: 'latigo.servicebus.windows.net:9093',
      sharedAccessKeyName: 'RootManageSharedAccessKey',
      entityPath: 'latigo-tasks',
      secret: full,
    });
  });

  it('honours a port in Endpoint, takes any host suffix, any order and no EntityPath', () => {
    const parsed = parseEventHubsConnectionString(
      `SharedAccessKey=${KEY};sharedaccesskeyname=n;endpoint=sb://ns.servicebus.chinacloudapi.cn:19095/`,
    );
    expect(parsed.bootstrapServer).toBe('ns.servicebus.chinacloudapi.cn:19095');
    expect(parsed.entityPath).toBeUndefined();
  });

  it.each([
    ['no Endpoint', `SharedAccessKeyName=n;SharedAccessKey=${KEY}`, /Endpoint=sb:\/\/.*missing/],
    [
      'an https Endpoint',
      `Endpoint=https://h/;SharedAccessKeyName=n;SharedAccessKey=${KEY}`,
      /Endpoint must look like/,
    ],
    [
      'an Endpoint that is not a URL',
      `Endpoint=not a url;SharedAccessKeyName=n;SharedAccessKey=${KEY}`,
      /Endpoint must look like sb:\/\/<namespace host>\//,
    ],
    [
      'a bare host:port Endpoint',
      `Endpoint=h:9093;SharedAccessKeyName=n;SharedAccessKey=${KEY}`,
      /Endpoint must/,
    ],
    [
      'a port out of range',
      `Endpoint=sb://h:70000/;SharedAccessKeyName=n;SharedAccessKey=${KEY}`,
      /1 to 65535/,
    ],
    ['no key name', `Endpoint=sb://h/;SharedAccessKey=${KEY}`, /SharedAccessKeyName is missing/],
    ['no key', 'Endpoint=sb://h/;SharedAccessKeyName=n', /SharedAccessKey is missing/],
    ['an empty key', 'Endpoint=sb://h/;SharedAccessKeyName=n;SharedAccessKey=', /SharedAccessKey is missing/],
    [
      'a SAS token',
      `Endpoint=sb://h/;SharedAccessSignature=SharedAccessSignature sr=x&sig=${KEY}`,
      /not accepted/,
    ],
    ['text without parts', 'just;text', /Name=value/],
    ['a key alone', KEY, /Endpoint=sb:\/\/.*missing/],
  ])('rejects %s with CONNECTION_STRING_INVALID and never shows the secret', (_name, text, reason) => {
    let error: unknown;
    try {
      parseEventHubsConnectionString(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConnectionStringError);
    expect(error).toMatchObject({
      code: 'CONNECTION_STRING_INVALID',
      message: expect.stringMatching(reason),
    });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(KEY);
  });
});
