import { z } from 'zod';
import { describeConfigSchema } from './reference';
import { integer } from './schema';

describe('describeConfigSchema', () => {
  it('calls integers integers and other numbers numbers', () => {
    const schema = z.object({
      port: integer(),
      workers: z.int(),
      ratio: z.number().min(0).max(1),
    });
    expect(Object.fromEntries(describeConfigSchema(schema).map((f) => [f.path, f.type]))).toEqual({
      port: 'integer',
      workers: 'integer',
      ratio: 'number',
    });
  });
});
