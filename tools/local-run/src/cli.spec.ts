import { PassThrough } from 'node:stream';
import { main } from './cli';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('latigo-local-run', () => {
  const run = async (...args: string[]) => {
    const stdout = capture();
    const stderr = capture();
    const code = await main({
      argv: ['node', 'latigo-local-run', ...args],
      stdout: stdout.stream,
      stderr: stderr.stream,
      signal: new AbortController().signal,
    });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  };

  it('explains its options', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /--models <n>[\s\S]*--tags <n>[\s\S]*--hours <h>[\s\S]*--follow[\s\S]*--config <file>/,
    );
  });

  it('refuses options out of range with exit code 2 before starting anything', async () => {
    expect(await run('--hours', '100')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'latigo-local-run: --hours must be from 0.5 to 72 in steps of 0.5, got 100\n',
    });
    expect((await run('--models', 'many')).code).toBe(2);
  });
});
