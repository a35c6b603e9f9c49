import { hashString, hashInts } from '../synthetic/hashing';

/** A UUID (version 4 layout) derived from a seed and a key, so ids repeat across runs. */
export function deterministicUuid(seed: number, key: string): string {
  const base = hashString(key, seed);
  const hex = [1, 2, 3, 4].map((i) => hashInts(base, i).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/** Correlation ids for error bodies: W3C trace ids (`traceId`, as ASP.NET writes them) or GUIDs (`activityId`). */
export class TraceIds {
  private counter = 0;

  constructor(private readonly seed: number) {}

  next(kind: 'traceId' | 'activityId'): string {
    this.counter += 1;
    const uuid = deterministicUuid(this.seed, `trace/${this.counter}`);
    if (kind === 'activityId') return uuid;
    const hex = uuid.replace(/-/g, '');
    return `00-${hex}-${hex.slice(8, 24)}-00`;
  }
}
