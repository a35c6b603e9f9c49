import { deadLetterMessage, matchesDeadLetterFilter, readDeadLetter } from './dead-letter';
import { encodeTask } from './task-codec';
import { makeTasks } from './testing/tasks.test-helpers';

describe('dead letters', () => {
  const [task] = makeTasks(1, 1);
  const cause = {
    original: { topic: 'tasks', partition: 3, offset: '42' },
    reason: 'Error: gone',
    code: 'GORDO_GONE',
    attempts: 3,
    firstFailureAt: new Date('2020-04-10T07:00:00Z'),
    lastFailureAt: new Date('2020-04-10T07:00:05Z'),
  };

  it('carry the original message unchanged and read back what their headers say', () => {
    const value = Buffer.from(encodeTask(task as never));
    const message = deadLetterMessage(Buffer.from('p/m0'), value, cause);
    expect(message.value).toBe(value);
    const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)]));
    const letter = readDeadLetter(
      { topic: 'tasks.dlq', partition: 0, offset: '7' },
      message.key,
      message.value,
      headers,
    );
    expect(letter).toEqual({
      position: { topic: 'tasks.dlq', partition: 0, offset: '7' },
      key: 'p/m0',
      value,
      task,
      ...cause,
    });
  });

  it('filter by project, model, code and offset', () => {
    const letter = readDeadLetter(
      { topic: 'd', partition: 0, offset: '7' },
      null,
      Buffer.from(encodeTask(task as never)),
      {
        'latigo-dlq-error-code': 'X',
      },
    );
    expect(matchesDeadLetterFilter(letter, { project: 'p', model: 'm0', code: 'X', fromOffset: 7n })).toBe(
      true,
    );
    expect(matchesDeadLetterFilter(letter, { fromOffset: 8n })).toBe(false);
    expect(matchesDeadLetterFilter(letter, { model: 'm1' })).toBe(false);
    expect(matchesDeadLetterFilter(letter, { code: 'Y' })).toBe(false);
  });
});
