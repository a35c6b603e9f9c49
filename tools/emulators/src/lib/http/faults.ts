import { createRandom, type Random } from '../random';

/** Delay before a response starts: fixed, uniform in a range, or normal (clipped at 0). */
export type LatencySpec = number | { min: number; max: number } | { mean: number; stddev: number };

/**
 * What can go wrong on a route. Rates are probabilities in [0, 1], drawn per request from the
 * emulator's seeded random source, in this order: reset, 429, 5xx, HTML login page, truncated body.
 */
export interface FaultSpec {
  /** Added before every response of the route (also before injected faults). */
  latencyMs?: LatencySpec;
  /** Share of requests answered with a 5xx (status `serverErrorStatus`, default 503). */
  serverErrorRate?: number;
  serverErrorStatus?: number;
  /** Share of requests answered 429 with `Retry-After: retryAfterSeconds` (default 1). */
  tooManyRequestsRate?: number;
  retryAfterSeconds?: number;
  /** Share of requests whose connection is reset (TCP RST) before any byte is sent. */
  connectionResetRate?: number;
  /** Share of requests answered 200 with an HTML sign-in page instead of the real body. */
  htmlPageRate?: number;
  /** Share of successful responses cut off after half the body (Content-Length stays the full size). */
  truncatedBodyRate?: number;
  /** The body is sent in 10 chunks spread over this many milliseconds. */
  slowBodyMs?: number;
  /**
   * Successful responses keep their body but carry this Content-Type instead (e.g. `text/plain`),
   * as a misconfigured gateway sends them.
   */
  contentType?: string;
  /** Only the first `times` matching requests are affected (e.g. "fail twice, then succeed"). */
  times?: number;
}

/** A fault rule: a spec bound to a route selector such as `POST /{id}/data`, `GET *` or `*`. */
export interface FaultRule extends FaultSpec {
  route: string;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'too-many-requests'; retryAfterSeconds: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'html-page' };

export interface AppliedFaults {
  latencyMs: number;
  decision: FaultDecision;
  truncateBody: boolean;
  slowBodyMs: number;
  /** Replaces the Content-Type of a successful response. */
  contentType?: string;
}

/** The fault rules of one emulator, changeable at run time (programmatically or over HTTP). */
export class FaultInjector {
  private rules: Array<FaultRule & { used: number }> = [];
  private readonly random: Random;

  constructor(seed = 1) {
    this.random = createRandom(seed);
  }

  /** Adds a rule; later rules win over earlier ones for the same request. */
  add(rule: FaultRule): void {
    validateRule(rule);
    this.rules.push({ ...rule, used: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ used: _used, ...rule }) => rule);
  }

  /** Decides the faults for one request on `routeKey` (`METHOD /template`). */
  decide(routeKey: string): AppliedFaults {
    const rule = [...this.rules]
      .reverse()
      .find((r) => matches(r.route, routeKey) && (r.times === undefined || r.used < r.times));
    if (!rule) return { latencyMs: 0, decision: { kind: 'none' }, truncateBody: false, slowBodyMs: 0 };
    rule.used += 1;
    const hit = (rate: number | undefined) => rate !== undefined && rate > 0 && this.random.next() < rate;
    let decision: FaultDecision = { kind: 'none' };
    if (hit(rule.connectionResetRate)) decision = { kind: 'reset' };
    else if (hit(rule.tooManyRequestsRate))
      decision = { kind: 'too-many-requests', retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    else if (hit(rule.serverErrorRate))
      decision = { kind: 'server-error', status: rule.serverErrorStatus ?? 503 };
    else if (hit(rule.htmlPageRate)) decision = { kind: 'html-page' };
    return {
      latencyMs: this.latency(rule.latencyMs),
      decision,
      truncateBody: decision.kind === 'none' && hit(rule.truncatedBodyRate),
      slowBodyMs: rule.slowBodyMs ?? 0,
      ...(rule.contentType !== undefined && decision.kind === 'none'
        ? { contentType: rule.contentType }
        : {}),
    };
  }

  private latency(spec: LatencySpec | undefined): number {
    if (spec === undefined) return 0;
    if (typeof spec === 'number') return spec;
    if ('min' in spec) return this.random.between(spec.min, spec.max);
    return Math.max(0, this.random.normal(spec.mean, spec.stddev));
  }
}

/** `*` matches everything; `GET *` every GET; otherwise method and template must be equal. */
function matches(selector: string, routeKey: string): boolean {
  if (selector === '*') return true;
  const [method, template] = selector.split(' ', 2);
  const [keyMethod, keyTemplate] = routeKey.split(' ', 2);
  if (method !== '*' && method?.toUpperCase() !== keyMethod) return false;
  return template === '*' || template === keyTemplate;
}

function validateRule(rule: FaultRule): void {
  if (typeof rule.route !== 'string' || rule.route.length === 0)
    throw new TypeError('fault rule: "route" is required, e.g. "POST /data" or "*"');
  for (const key of [
    'serverErrorRate',
    'tooManyRequestsRate',
    'connectionResetRate',
    'htmlPageRate',
    'truncatedBodyRate',
  ] as const) {
    const rate = rule[key];
    if (rate !== undefined && (typeof rate !== 'number' || rate < 0 || rate > 1)) {
      throw new TypeError(
        `fault rule for "${rule.route}": ${key} must be a number in [0, 1], got ${JSON.stringify(rate)}`,
      );
    }
  }
  if (rule.contentType !== undefined && (typeof rule.contentType !== 'string' || rule.contentType === ''))
    throw new TypeError(`fault rule for "${rule.route}": contentType must be a non-empty string`);
  const status = rule.serverErrorStatus;
  if (status !== undefined && (!Number.isInteger(status) || status < 500 || status > 599)) {
    throw new TypeError(
      `fault rule for "${rule.route}": serverErrorStatus must be 500–599, got ${JSON.stringify(status)}`,
    );
  }
}
