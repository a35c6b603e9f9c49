import { AuthError } from '@latigo/auth';
import { GordoError } from '@latigo/gordo-client';
import { UpstreamError } from '@latigo/http-client';
import { TimeSeriesError } from '@latigo/time-series-client';
import { ExecutorError } from '../pipeline/task-skip';
import { classifyFailure } from './classify-failure';

const upstream = (status: number, retryable: boolean) =>
  new UpstreamError('UPSTREAM_STATUS', `timeseries: GET /x answered ${status}`, {
    service: 'timeseries',
    method: 'GET',
    path: '/x',
    status,
    attempts: 4,
    retryable,
  });

describe('classifyFailure (retry policy per error class)', () => {
  it.each([
    ['a 503 after the HTTP retries', upstream(503, true), 'UPSTREAM_STATUS', true],
    ['a 400 from the Timeseries API', upstream(400, false), 'UPSTREAM_STATUS', false],
    [
      'Gordo unavailable',
      new GordoError('GORDO_UNAVAILABLE', 'gordo down', { project: 'p' }),
      'GORDO_UNAVAILABLE',
      true,
    ],
    [
      'Gordo rejecting the columns',
      new GordoError('GORDO_BAD_REQUEST', '400', { project: 'p' }),
      'GORDO_BAD_REQUEST',
      false,
    ],
    [
      'an HTML sign-in page from Gordo',
      new GordoError('GORDO_BAD_RESPONSE', 'html', { project: 'p' }),
      'GORDO_BAD_RESPONSE',
      false,
    ],
    [
      'an ambiguous series name',
      new TimeSeriesError('TS_SERIES_AMBIGUOUS', 'two', {}),
      'TS_SERIES_AMBIGUOUS',
      false,
    ],
    ['Azure AD unreachable', new AuthError('AUTH_TOKEN_FAILED', 'no token'), 'AUTH_TOKEN_FAILED', true],
    [
      'the task deadline',
      new ExecutorError('EXECUTOR_TASK_DEADLINE', 'slow', true),
      'EXECUTOR_TASK_DEADLINE',
      true,
    ],
    [
      'a tag in two facilities',
      new ExecutorError('EXECUTOR_TAG_AMBIGUOUS', 'which', false),
      'EXECUTOR_TAG_AMBIGUOUS',
      false,
    ],
    ['an unknown error', new TypeError('x is undefined'), 'EXECUTOR_UNEXPECTED', true],
  ])('%s → %s, retryable %s', (_, error, code, retryable) => {
    const failure = classifyFailure(error);
    expect(failure.code).toBe(code);
    expect(failure.result).toEqual({
      outcome: 'failed',
      code,
      retryable,
      reason: `${(error as Error).name}: ${(error as Error).message}`,
    });
  });

  it('names something thrown that is not an Error', () => {
    expect(classifyFailure('boom').result).toMatchObject({
      reason: 'Error: boom',
      code: 'EXECUTOR_UNEXPECTED',
    });
  });
});
