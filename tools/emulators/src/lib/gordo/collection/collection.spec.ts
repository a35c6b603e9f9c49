import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { predict } from '../model/linear-model';
import { EMULATOR_PARAMS_KEY } from '../model/linear-model';
import type { PyObject } from '../python/json';
import { generateCollection, peerLikeCollectionOptions } from './generate';
import { loadCollectionFromDirectory } from './load';

function metadataDocument(name: string, extra: PyObject = {}): PyObject {
  return {
    name,
    dataset: {
      tag_list: ['t-1', { name: 't-2', asset: 'x' }],
      target_tag_list: ['t-1', 't-2'],
      resolution: '10T',
    },
    model: { 'gordo.machine.model.anomaly.diff.DiffBasedAnomalyDetector': { window: 3 } },
    metadata: {
      user_defined: {},
      build_metadata: {
        model: {
          model_offset: 0,
          model_meta: { 'feature-thresholds': [0.1, 0.2], 'aggregate-threshold': 0.01 },
        },
        dataset: {
          dataset_meta: {
            tag_loading_metadata: { tags: { 't-1': { name: 't-1' }, 't-2': { name: 't-2' } } },
            summary_statistics: { 't-1': { min: 0, max: 10, mean: 4 }, 't-2': { min: 2, max: 4, mean: 3 } },
          },
        },
      },
    },
    ...extra,
  };
}

describe('loadCollectionFromDirectory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gordo-collection-'));
    const model = (rev: string, name: string, text: string, pickle = true) => {
      mkdirSync(join(dir, rev, name), { recursive: true });
      writeFileSync(join(dir, rev, name, 'metadata.json'), text);
      writeFileSync(join(dir, rev, name, 'info.json'), '{"checksum": "abc"}');
      if (pickle) writeFileSync(join(dir, rev, name, 'model.pkl'), Buffer.from([0x80, 0x04, 0x2e]));
    };
    model('100', 'm', JSON.stringify(metadataDocument('m')));
    model(
      '200',
      'm',
      JSON.stringify(metadataDocument('m')).replace('"max":4,"mean":3', '"max":4.0,"mean":3'),
    );
    model('200', 'no-pickle', JSON.stringify(metadataDocument('no-pickle')), false);
    writeFileSync(join(dir, '200', 'notes.txt'), 'not a model');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the highest numeric revision by default and lists stray entries as the server does', () => {
    const collection = loadCollectionFromDirectory(dir);
    expect(collection.latest).toBe('200');
    expect(collection.revisions().sort()).toEqual(['100', '200']);
    expect(collection.models('200').sort()).toEqual(['m', 'no-pickle', 'notes.txt']);
    expect(collection.files('200', 'notes.txt')).toBeUndefined();
    expect(collection.modelCollectionDir).toBe(join(dir, '200'));
  });

  it("keeps the metadata's float spelling (4.0) in the /metadata body, with info.json merged and keys sorted", () => {
    const body = loadCollectionFromDirectory(dir, { modelCollectionDir: 'p/models/200' }).metadataBody(
      '200',
      'm',
    ) as string;
    expect(
      body.startsWith(
        '{"checksum": "abc", "env": {"MODEL_COLLECTION_DIR": "p/models/200"}, "gordo-server-version": "6.0.4", "metadata": {"dataset": ',
      ),
    ).toBe(true);
    expect(body).toContain('"max": 4.0, "mean": 3, "min": 2}');
  });

  it('derives a model from summary statistics when the metadata has no emulator parameters: 90 % input, 10 % training mean', () => {
    const model = loadCollectionFromDirectory(dir).model('200', 'm');
    expect(model?.facts.tags).toEqual(['t-1', 't-2']);
    const out = predict(model as NonNullable<typeof model>, [Float64Array.of(10), Float64Array.of(2)], 1);
    expect(out.map((c) => c[0])).toEqual([0.9 * 10 + 0.1 * 4, 0.9 * 2 + 0.1 * 3]);
    expect(model?.params.scaler).toEqual({ 't-1': [0, 10], 't-2': [2, 4] });
  });

  it('uses the parameters stored under metadata.user_defined["latigo-emulator"] when present', () => {
    const stored = metadataDocument('m');
    ((stored['metadata'] as PyObject)['user_defined'] as PyObject)[EMULATOR_PARAMS_KEY] = {
      targets: { 't-1': { intercept: 1, weights: { 't-2': 2 } }, 't-2': { intercept: 0, weights: {} } },
      scaler: { 't-1': [0, 1], 't-2': [0, 1] },
    };
    const sub = mkdtempSync(join(tmpdir(), 'gordo-stored-'));
    mkdirSync(join(sub, '1', 'm'), { recursive: true });
    writeFileSync(join(sub, '1', 'm', 'metadata.json'), JSON.stringify(stored));
    const model = loadCollectionFromDirectory(sub).model('1', 'm');
    rmSync(sub, { recursive: true, force: true });
    expect(
      predict(model as NonNullable<typeof model>, [Float64Array.of(5), Float64Array.of(3)], 1).map(
        (c) => c[0],
      ),
    ).toEqual([7, 0]);
  });
});

describe('generateCollection', () => {
  it('makes the same documents for the same seed and other numbers for another seed', () => {
    const body = (seed: number) =>
      generateCollection(peerLikeCollectionOptions(seed)).metadataBody('1700000001000', 'diff-3tags');
    expect(body(1)).toBe(body(1));
    expect(body(2)).not.toBe(body(1));
  });

  it('holds thousands of models without building their documents until asked', () => {
    const models = Array.from({ length: 5000 }, (_, i) => ({
      name: `model-${i}`,
      tags: [`m${i}-a`, `m${i}-b`],
    }));
    let built = 0;
    const collection = generateCollection({
      revisions: ['1'],
      models: models.map((m) => ({
        ...m,
        get linear() {
          built++;
          return undefined;
        },
      })),
    });
    expect(collection.models('1')).toHaveLength(5000);
    expect(built).toBe(0);
    expect(collection.model('1', 'model-4999')?.facts.tags).toEqual(['m4999-a', 'm4999-b']);
    expect(built).toBe(1);
  });

  it('drops a revision with its last model and copies revisions for throwaway use', () => {
    const collection = generateCollection(peerLikeCollectionOptions());
    collection.copyRevision('1700000000000', '1700000000500');
    expect(collection.models('1700000000500')).toEqual(['diff-3tags']);
    expect(collection.deleteModel('1700000000500', 'diff-3tags')).toBe(true);
    expect(collection.hasRevision('1700000000500')).toBe(false);
    expect(collection.deleteModel('1700000000500', 'diff-3tags')).toBe(false);
  });
});
