import { rmSync, writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Emulator } from './lib/emulator';
import { MetadataEmulator } from './lib/metadata';
import { TimeseriesEmulator } from './lib/timeseries';
import { DEFAULT_CLIENT, DEFAULT_TENANT_ID, TokenEmulator } from './lib/token/token-emulator';
import { startGordoFromCli, GORDO_CLI_OPTIONS } from './cli-gordo';

const NAMES = ['token', 'timeseries', 'metadata', 'gordo'] as const;
type Name = (typeof NAMES)[number];

interface CliOptions {
  host: string;
  port: number;
  seed: number;
  auth: 'none' | 'token';
  subscriptionKey: string;
  writeEnv?: string;
  gordoCollection?: string;
  gordoModels: number;
  gordoProject: string;
}

const integer = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return n;
};

/**
 * `latigo-emulators [names…]`: starts the emulators on loopback, prints their URLs and the
 * environment a test or a local Latigo needs, and runs until SIGINT/SIGTERM.
 */
export async function main(argv = process.argv): Promise<void> {
  const program = new Command('latigo-emulators')
    .description(
      'Emulated Omnia Timeseries API, Omnia Prevent metadata API, Azure AD token endpoint and Gordo server, with fault injection (POST /__emulator/faults) and request counts (GET /__emulator/requests).',
    )
    .argument('[names...]', `emulators to start: ${NAMES.join(', ')} (default: all)`)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'first port; the emulators take consecutive ports (0: free ports)', integer, 0)
    .option('--seed <seed>', 'seed of the synthetic data and of the fault draws', integer, 1)
    .addOption(
      new Option('--auth <mode>', 'token: the APIs require bearer tokens from the token emulator')
        .choices(['none', 'token'])
        .default('none'),
    )
    .option(
      '--subscription-key <key>',
      'Ocp-Apim-Subscription-Key the metadata API requires with --auth token',
      'latigo-local-subscription-key',
    )
    .option('--write-env <path>', 'also write the LATIGO_EMULATOR_* variables to this file');
  for (const option of GORDO_CLI_OPTIONS) program.addOption(option);
  program.parse(argv);

  const names = (program.args.length ? program.args : [...NAMES]) as Name[];
  const unknown = names.filter((n) => !NAMES.includes(n));
  if (unknown.length)
    program.error(`unknown emulator(s): ${unknown.join(', ')} (known: ${NAMES.join(', ')})`);
  const options = program.opts<CliOptions>();
  if (options.auth === 'token' && !names.includes('token'))
    program.error('--auth token needs the token emulator in the same process');

  const started: Array<{ name: Name; emulator: Emulator; env: Record<string, string> }> = [];
  let port = options.port;
  const nextPort = () => (options.port === 0 ? 0 : port++);
  const token = names.includes('token') ? new TokenEmulator({ faultSeed: options.seed }) : undefined;
  const caFile = `${process.env['TMPDIR'] ?? '/tmp'}/latigo-emulators-ca-${process.pid}.pem`;
  try {
    if (token) {
      await token.listen(nextPort(), options.host);
      writeFileSync(caFile, token.tls.caCert);
      started.push({
        name: 'token',
        emulator: token,
        env: {
          LATIGO_EMULATOR_AUTHORITY_HOST: token.url,
          LATIGO_EMULATOR_TENANT: DEFAULT_TENANT_ID,
          LATIGO_EMULATOR_CLIENT_ID: DEFAULT_CLIENT.clientId,
          LATIGO_EMULATOR_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
          LATIGO_EMULATOR_CA_FILE: caFile,
        },
      });
    }
    const authority = options.auth === 'token' ? token?.authority : undefined;
    if (names.includes('timeseries')) {
      const ts = new TimeseriesEmulator({
        seed: options.seed,
        faultSeed: options.seed,
        ...(authority ? { auth: { authority } } : {}),
      });
      await ts.listen(nextPort(), options.host);
      started.push({
        name: 'timeseries',
        emulator: ts,
        env: { LATIGO_EMULATOR_TIMESERIES_URL: ts.baseUrl('v1.7', 'plant') },
      });
    }
    if (names.includes('metadata')) {
      const md = new MetadataEmulator({
        faultSeed: options.seed,
        ...(authority ? { auth: { authority, subscriptionKey: options.subscriptionKey } } : {}),
      });
      await md.listen(nextPort(), options.host);
      started.push({ name: 'metadata', emulator: md, env: { LATIGO_EMULATOR_METADATA_URL: md.url } });
    }
    if (names.includes('gordo')) {
      const gordo = await startGordoFromCli(options, nextPort(), options.host);
      started.push({ name: 'gordo', ...gordo });
    }
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.emulator.close()));
    throw error;
  }

  const env = Object.assign({}, ...started.map((s) => s.env)) as Record<string, string>;
  for (const s of started) process.stdout.write(`${s.name.padEnd(11)} ${s.emulator.server.url}\n`);
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(
    `\n${lines.join('\n')}\n\nControl: GET|DELETE <url>/__emulator/requests, GET|POST|DELETE <url>/__emulator/faults. Ctrl-C stops.\n`,
  );
  if (options.writeEnv) writeFileSync(options.writeEnv, `${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.allSettled(started.map((s) => s.emulator.close()));
  rmSync(caFile, { force: true });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`latigo-emulators: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
