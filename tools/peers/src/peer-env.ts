/**
 * Reads an endpoint the global setup exported; fails with a clear message when the suite runs
 * without the peer (e.g. LATIGO_PEERS left it out).
 */
export function requirePeerEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run integration suites with \`npm run test:integration\` (it starts the real peers)`);
  }
  return value;
}
