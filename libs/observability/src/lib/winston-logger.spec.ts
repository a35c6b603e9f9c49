import { PassThrough } from 'node:stream';
import { createWinstonLogger } from './winston-logger';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { stream, lines };
}

describe('createWinstonLogger', () => {
  it('writes JSON lines with the child context and the default meta', async () => {
    const { stream, lines } = capture();
    const logger = createWinstonLogger({ level: 'info', defaultMeta: { service: 'latigo-executor' }, stream });
    logger.child({ task_id: 'p/m/a/b', project: 'p' }).child({ model: 'm' }).info('task started', { attempt: 1 });
    logger.debug('not written at info');
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        message: 'task started',
        service: 'latigo-executor',
        task_id: 'p/m/a/b',
        project: 'p',
        model: 'm',
        attempt: 1,
        timestamp: expect.any(String),
      }),
    ]);
  });

  it('redacts secret-looking fields at any depth, including in errors', async () => {
    const { stream, lines } = capture();
    const logger = createWinstonLogger({ stream });
    const error = Object.assign(new Error('upstream said no'), { code: 'X', context: { client_secret: 'S3' } });
    logger.child({ password: 'S1' }).error('failed', {
      config: { auth: { client_secret: 'S2', client_id: 'visible' }, headers: { 'Ocp-Apim-Subscription-Key': 'S4' } },
      error,
    });
    await new Promise((r) => setImmediate(r));
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/S1|S2|S3|S4/);
    expect(text).toContain('visible');
    expect(lines[0]).toMatchObject({ error: { name: 'Error', message: 'upstream said no', code: 'X' } });
  });
});
