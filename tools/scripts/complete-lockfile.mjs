#!/usr/bin/env node
// The npm registry mirror of the project's machines lacks some other platforms' prebuilt
// binaries (e.g. @swc/core-darwin-arm64@1.16.22). `npm install` then silently leaves those
// optional packages out of package-lock.json, and `npm ci` refuses the lock as out of sync.
// This adds the missing optional platform packages to the lock with their os/cpu/libc, so
// `npm ci` skips them by platform on every machine, exactly as with a complete lock.
// Run after any `npm install` that changes the lock: node tools/scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockFile = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
const registry = 'https://registry.npmjs.org/';
let added = 0;

for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path.includes('node_modules/') ? path.slice(0, path.lastIndexOf('node_modules/')) : '';
    const candidates = [`${path ? `${path}/` : ''}node_modules/${name}`, `${base}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((c) => lock.packages[c])) continue;
    const res = await fetch(registry + name.replace('/', '%2f'));
    if (!res.ok) throw new Error(`${name}: registry answered ${res.status}`);
    const packument = await res.json();
    const meta = packument.versions[range] ?? packument.versions[packument['dist-tags'].latest];
    const platform = Object.fromEntries(['os', 'cpu', 'libc'].filter((k) => meta[k]).map((k) => [k, meta[k]]));
    if (Object.keys(platform).length === 0) throw new Error(`${name}: not a platform package; install it instead`);
    lock.packages[`node_modules/${name}`] = {
      version: range,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platform,
    };
    added++;
  }
}
writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform package(s) the registry mirror lacks`);
