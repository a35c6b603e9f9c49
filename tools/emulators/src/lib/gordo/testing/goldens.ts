import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One exchange recorded from the real Gordo server (tools/peers/gordo/golden). */
export interface GoldenExchange {
  file: string;
  note: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: [string, string][]; body: string };
}

/** tools/peers/gordo/golden, from this folder. */
export const GOLDEN_DIR = join(__dirname, '..', '..', '..', '..', '..', 'peers', 'gordo', 'golden');

export function loadGoldens(): GoldenExchange[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as Omit<GoldenExchange, 'file'>),
    }));
}

export function goldenHeader(exchange: GoldenExchange, name: string): string | undefined {
  return exchange.response.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}
