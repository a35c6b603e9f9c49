import { PlanError, planRun, type PlanInput } from './run-plan';

const input: PlanInput = { models: 4, tags: 3, hours: 6, executors: 1, follow: false, seed: 1 };

describe('planRun', () => {
  it('writes to local-run/<UTC timestamp> under the working directory unless told otherwise', () => {
    const plan = planRun(input, '/repo', new Date('2026-03-01T08:15:30.123Z'));
    expect(plan).toMatchObject({
      project: 'latigo-local',
      models: 4,
      troubledModels: true,
      serve: false,
      out: '/repo/local-run/2026-03-01T08-15-30Z',
    });
    expect(planRun({ ...input, troubledModels: false }, '/repo').troubledModels).toBe(false);
    expect(planRun({ ...input, out: '/tmp/x' }, '/repo').out).toBe('/tmp/x');
  });

  it.each([
    [{ models: 0 }, '--models must be a whole number from 1 to 500, got 0'],
    [{ tags: 2.5 }, '--tags must be a whole number from 1 to 25, got 2.5'],
    [{ hours: 0.25 }, '--hours must be from 0.5 to 72 in steps of 0.5, got 0.25'],
    [{ hours: 1.3 }, '--hours must be from 0.5 to 72 in steps of 0.5, got 1.3'],
    [{ executors: 9 }, '--executors must be a whole number from 1 to 8, got 9'],
  ])('refuses %j', (bad, message) => {
    expect(() => planRun({ ...input, ...bad }, '/repo')).toThrow(new PlanError(message));
  });
});
