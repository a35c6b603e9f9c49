import { parseEnvFile } from './peers';

describe('parseEnvFile', () => {
  it('reads single-quoted values and skips comments', () => {
    const env = parseEnvFile("# Apache Kafka 3.9.2\nA='x y'\nB='it'\\''s'\nC=plain\n");
    expect(env).toEqual({ A: 'x y', B: "it's", C: 'plain' });
  });
});
