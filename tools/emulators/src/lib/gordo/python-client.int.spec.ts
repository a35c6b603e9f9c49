import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadCollectionFromDirectory } from './collection/load';
import { GordoEmulator } from './emulator';

// Integration: the real Python gordo-client 6.3.0 (from the peers' venv) predicts against the
// emulator and against the real server; with seeded inputs both runs must give the same frames
// (shape, column groups, inputs, index), through JSON and through parquet, and the 422 fallback.

const run = promisify(execFile);

const SCRIPT = String.raw`
import json, random, sys, warnings
warnings.filterwarnings("ignore")
from datetime import datetime, timezone
from gordo_client import Client
host, port = sys.argv[1].replace("http://", "").split(":")
out = {}
def frames(target, use_parquet):
    random.seed(0)  # RandomDataProvider draws from Python's random
    client = Client(project="latigo-test", host=host, port=int(port), scheme="http", batch_size=100, parallelism=1, use_parquet=use_parquet)
    start, end = datetime(2020, 2, 1, tzinfo=timezone.utc), datetime(2020, 2, 1, 2, tzinfo=timezone.utc)
    for name, df, errors in client.predict(start, end, targets=[target]):
        out[f"{name}/{'parquet' if use_parquet else 'json'}"] = {
            "shape": list(df.shape),
            "groups": sorted(set(df.columns.get_level_values(0))),
            "errors": errors,
            "inputs": round(float(df["model-input"].values.sum()), 9),
            "index": [str(df.index[0]), str(df.index[-1])],
        }
for use_parquet in (False, True):
    frames("diff-3tags", use_parquet)
    frames("plain-3tags", use_parquet)
print(json.dumps(out, sort_keys=True))
`;

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run with LATIGO_PEERS=gordo and jest.integration.config.cjs`);
  return value;
}

async function predictWithPythonClient(
  url: string,
): Promise<Record<string, { shape: number[]; groups: string[]; errors: string[] }>> {
  const { stdout } = await run(env('LATIGO_TEST_GORDO_PYTHON'), ['-c', SCRIPT, url], {
    timeout: 120_000,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<
    string,
    { shape: number[]; groups: string[]; errors: string[] }
  >;
}

describe('the Python gordo-client against the emulator', () => {
  let emulator: GordoEmulator;
  beforeAll(async () => {
    const revisions = env('LATIGO_TEST_GORDO_REVISIONS').split(',');
    emulator = new GordoEmulator({
      collection: loadCollectionFromDirectory(env('LATIGO_TEST_GORDO_COLLECTION_DIR'), {
        modelCollectionDir: `${env('LATIGO_TEST_GORDO_PROJECT')}/models/${revisions[revisions.length - 1]}`,
      }),
    });
    await emulator.listen();
  });
  afterAll(() => emulator.close());

  it('gets the same frames as from the real server, by JSON and by parquet, with the 422 fallback for the plain model', async () => {
    const real = await predictWithPythonClient(env('LATIGO_TEST_GORDO_URL'));
    const emulated = await predictWithPythonClient(emulator.url);
    expect(Object.keys(real).sort()).toEqual([
      'diff-3tags/json',
      'diff-3tags/parquet',
      'plain-3tags/json',
      'plain-3tags/parquet',
    ]);
    expect(real['diff-3tags/json']?.groups).toContain('total-anomaly-confidence');
    expect(real['plain-3tags/json']?.groups).toEqual(['end', 'model-input', 'model-output', 'start']);
    expect(emulated).toEqual(real);
    // the client fell back from the anomaly route once per plain-model run
    expect(emulator.server.requests.count('POST /gordo/v0/:project/:model/prediction')).toBe(2);
  });
});
