import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { peerEnv } from './kafka-peer.test-helpers';

const SCRIPT = join(__dirname, '..', 'kafka', '__fixtures__', 'original_client.py');

/** The python of the confluent-kafka venv (tools/peers/python-kafka/install.sh). */
export function pythonKafka(): string {
  const python =
    process.env['LATIGO_PYTHON_KAFKA_PY'] ??
    join(
      process.env['LATIGO_CACHE_DIR'] ?? join(homedir(), '.cache', 'latigo'),
      'python-kafka',
      'venv',
      'bin',
      'python',
    );
  if (!existsSync(python)) {
    throw new Error(
      `No Python with confluent-kafka at ${python}: run \`bash tools/peers/python-kafka/install.sh\` ` +
        '(or set LATIGO_PYTHON_KAFKA_PY)',
    );
  }
  return python;
}

/** Runs the original Latigo's client (fixture script) against the broker's SASL_SSL listener; resolves with stdout. */
export function runOriginalClient(args: string[]): Promise<string> {
  const env = {
    ...process.env,
    KAFKA_BOOTSTRAP: peerEnv('LATIGO_TEST_KAFKA_SSL_BROKERS'),
    KAFKA_CONNECTION_STRING: peerEnv('LATIGO_TEST_KAFKA_CONNECTION_STRING'),
    KAFKA_CA_FILE: peerEnv('LATIGO_TEST_KAFKA_CA_FILE'),
  };
  return new Promise((resolve, reject) => {
    execFile(pythonKafka(), [SCRIPT, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`original_client.py ${args[0]} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}
