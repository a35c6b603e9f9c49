import { InvalidTaskError, PoisonMessageError } from './errors';
import { createTask, taskIdOf, taskKeyOf } from './task';
import { decodeTask, encodeTask } from './task-codec';

const window = {
  projectName: 'ioc-1000',
  modelName: 'pump-7',
  fromTime: new Date('2020-04-10T07:00:01Z'),
  toTime: new Date('2020-04-10T07:30:01Z'),
};

function poison(value: string | Buffer | null): PoisonMessageError {
  try {
    decodeTask(value);
  } catch (error) {
    if (error instanceof PoisonMessageError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('task id and key', () => {
  it('derives project/model/<from>/<to> in UTC with Z, milliseconds only when present', () => {
    expect(taskIdOf(window)).toBe('ioc-1000/pump-7/2020-04-10T07:00:01Z/2020-04-10T07:30:01Z');
    expect(taskIdOf({ ...window, toTime: new Date('2020-04-10T09:30:01.250+02:00') })).toBe(
      'ioc-1000/pump-7/2020-04-10T07:00:01Z/2020-04-10T07:30:01.250Z',
    );
    expect(taskKeyOf(window)).toBe('ioc-1000/pump-7');
  });
});

describe('encodeTask', () => {
  it("writes the original's four fields exactly as Python's json.dumps does, then ours", () => {
    expect(encodeTask(createTask(window))).toBe(
      '{"project_name": "ioc-1000", "model_name": "pump-7", "from_time": 1586502001.0, "to_time": 1586503801.0, ' +
        '"task_id": "ioc-1000/pump-7/2020-04-10T07:00:01Z/2020-04-10T07:30:01Z"}',
    );
  });

  it('writes fractional seconds, attempt, scheduled_at and revision', () => {
    const task = createTask({
      ...window,
      toTime: new Date('2020-04-10T07:30:01.250Z'),
      attempt: 3,
      scheduledAt: new Date('2020-04-10T10:30:00Z'),
      revision: '1583238576000',
    });
    expect(JSON.parse(encodeTask(task))).toEqual({
      project_name: 'ioc-1000',
      model_name: 'pump-7',
      from_time: 1586502001,
      to_time: 1586503801.25,
      task_id: task.taskId,
      attempt: 3,
      scheduled_at: '2020-04-10T10:30:00Z',
      revision: '1583238576000',
    });
  });

  it('escapes non-ASCII like ensure_ascii', () => {
    expect(encodeTask(createTask({ ...window, modelName: 'pümpe' }))).toContain(
      '"model_name": "p\\u00fcmpe"',
    );
  });

  it('sends the canonical task id even when a hand-built task carries a stale one', () => {
    const json = JSON.parse(encodeTask({ ...createTask(window), taskId: 'stale' })) as { task_id: string };
    expect(json.task_id).toBe(taskIdOf(window));
  });

  it.each([
    ['an empty project', { projectName: '' }, 'project_name'],
    ['an invalid date', { fromTime: new Date('nope') }, 'from_time'],
    ['from_time == to_time', { toTime: window.fromTime }, 'from_time'],
    ['attempt 0', { attempt: 0 }, 'attempt'],
  ])('refuses %s', (_name, change, field) => {
    const encode = () => encodeTask(createTask({ ...window, ...change }));
    expect(encode).toThrow(InvalidTaskError);
    expect(encode).toThrow(expect.objectContaining({ code: 'TASK_INVALID', field }));
  });
});

describe('decodeTask', () => {
  it("decodes the original scheduler's message (epoch seconds, four fields)", () => {
    const task = decodeTask(
      Buffer.from(
        '{"project_name": "ioc-1000", "model_name": "pump-7", "from_time": 1586502001.0, "to_time": 1586503801.0}',
      ),
    );
    expect(task).toEqual(createTask(window));
  });

  it('round-trips every field', () => {
    const task = createTask({
      ...window,
      attempt: 2,
      scheduledAt: new Date('2020-04-10T10:30:00.5Z'),
      revision: 'r1',
    });
    expect(decodeTask(encodeTask(task))).toEqual(task);
  });

  it.each([
    ['Z', '2020-04-10T07:00:01Z'],
    ['an offset', '2020-04-10T09:00:01+02:00'],
    ['an offset without colon', '2020-04-10T09:00:01+0200'],
    ['no zone (UTC)', '2020-04-10T07:00:01'],
    ["Python's isoformat with microseconds", '2020-04-10 07:00:01.000000+00:00'],
  ])('accepts ISO 8601 times with %s', (_name, from) => {
    const task = decodeTask(
      JSON.stringify({
        project_name: 'ioc-1000',
        model_name: 'pump-7',
        from_time: from,
        to_time: 1586503801,
      }),
    );
    expect(task.fromTime).toEqual(window.fromTime);
  });

  it('ignores fields it does not know and re-derives task_id', () => {
    const task = decodeTask(
      JSON.stringify({
        project_name: 'ioc-1000',
        model_name: 'pump-7',
        from_time: 1586502001,
        to_time: 1586503801,
        task_id: 'other',
        x: 1,
      }),
    );
    expect(task).toEqual(createTask(window));
  });

  it.each([
    ['an empty value', null, 'message', /^message: empty value$/],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe]), 'message', /^message: not valid UTF-8$/],
    ['text that is not JSON', 'garbage', 'message', /^message: not JSON/],
    ['a JSON array', '[1,2]', 'message', /^message: expected a JSON object, got an array$/],
    [
      'a missing project_name',
      '{"model_name":"m","from_time":1,"to_time":2}',
      'project_name',
      /^project_name: .*missing/,
    ],
    [
      'a numeric model_name',
      '{"project_name":"p","model_name":7,"from_time":1,"to_time":2}',
      'model_name',
      /number 7/,
    ],
    [
      'a boolean from_time',
      '{"project_name":"p","model_name":"m","from_time":true,"to_time":2}',
      'from_time',
      /epoch seconds/,
    ],
    [
      'an unparsable to_time',
      '{"project_name":"p","model_name":"m","from_time":1,"to_time":"yesterday"}',
      'to_time',
      /"yesterday"/,
    ],
    [
      'from_time after to_time',
      '{"project_name":"p","model_name":"m","from_time":2,"to_time":1}',
      'from_time',
      /before to_time/,
    ],
    [
      'attempt 0',
      '{"project_name":"p","model_name":"m","from_time":1,"to_time":2,"attempt":0}',
      'attempt',
      /integer >= 1/,
    ],
  ])('rejects %s as a poison message naming the field', (_name, value, field, reason) => {
    const error = poison(value);
    expect(error).toMatchObject({ code: 'TASK_POISON_MESSAGE', field });
    expect(error.reason).toMatch(reason);
  });
});
