import type { Table } from '../frames/table';
import type { MachineFacts } from '../model/machine';
import { tableToParquet } from '../parquet';
import { dumpsPython, keysInOrder, parsePythonJson, type PyObject } from '../python/json';
import { multipartBody, send, type RawResponse } from '../testing/http';
import {
  addMicros,
  expectBody,
  expectEqual,
  expectJson,
  expectMatch,
  expectMessage,
  expectPage,
  expectTable,
  fail,
  isoOfKey,
  quoteList,
} from './expectations';
import { clientIndexKeys, clientShape, columnLists, perturbed, records, sampleValues } from './inputs';
import { decodeParquet } from './parquet-view';
import { readResponseTable } from './table-view';
import type { CaseContext, ContractCase } from './target';

const JSON_TYPE = { 'content-type': 'application/json' };

function get(ctx: CaseContext, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(ctx.target.baseUrl, 'GET', path, { headers });
}

function postJson(
  ctx: CaseContext,
  path: string,
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
): Promise<RawResponse> {
  return send(ctx.target.baseUrl, 'POST', path, {
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** `{"X": …}` / `{"X": …, "y": …}` for a model, in the Python client's shape. */
function clientBody(facts: MachineFacts, rows: number, withY = true) {
  const keys = clientIndexKeys(rows, facts.resolutionMicros ?? 600_000_000);
  const X = sampleValues(rows, facts.tags.length);
  const targetColumns = facts.targets.map((t) => facts.tags.indexOf(t));
  const y = perturbed(X, (row) => targetColumns.map((j) => (j >= 0 ? (row[j] as number) : 0.5)));
  return {
    keys,
    X,
    y,
    json: {
      X: clientShape(facts.tags, X, keys),
      ...(withY ? { y: clientShape(facts.targets, y, keys) } : {}),
    },
  };
}

const anomalyPath = (ctx: CaseContext, model: string, query = '') =>
  `${ctx.prefix}/${model}/anomaly/prediction${query}`;
const predictionPath = (ctx: CaseContext, model: string, query = '') =>
  `${ctx.prefix}/${model}/prediction${query}`;

/** A parquet request part: the given rows with a UTC datetime index, as pandas' `to_parquet` writes it. */
function parquetPart(
  tags: readonly string[],
  values: readonly number[][],
  keys: readonly string[],
): Uint8Array {
  const table: Table = {
    labels: [...tags],
    positionalLabels: false,
    columns: tags.map((_, j) => ({ dtype: 'float', values: values.map((r) => r[j] as number) })),
    index: {
      kind: 'datetime',
      offset: 0,
      stamps: keys.map((k) => ({ micros: Date.parse(isoOfKey(k)) * 1000, offset: 0 })),
    },
  };
  return tableToParquet(table);
}

const THIRTY_COLUMNS_MESSAGE =
  "Unexpected features: was expecting ['tag-1', 'tag-2', 'tag-3'] length of 3, but got Index(['column-name-1', 'column-name-2', 'column-name-3', 'column-name-4',\n" +
  "       'column-name-5', 'column-name-6', 'column-name-7', 'column-name-8',\n" +
  "       'column-name-9', 'column-name-10', 'column-name-11', 'column-name-12',\n" +
  "       'column-name-13', 'column-name-14', 'column-name-15', 'column-name-16',\n" +
  "       'column-name-17', 'column-name-18', 'column-name-19', 'column-name-20',\n" +
  "       'column-name-21', 'column-name-22', 'column-name-23', 'column-name-24',\n" +
  "       'column-name-25', 'column-name-26', 'column-name-27', 'column-name-28',\n" +
  "       'column-name-29', 'column-name-30'],\n" +
  "      dtype='object') length of 30";

/** The contract: every case runs against every target; the reference comparison reuses the same requests. */
export const GORDO_CONTRACT_CASES: ContractCase[] = [
  {
    name: 'GET /healthcheck answers 200 with an empty text/html body and still carries the revision headers',
    run: (ctx) => Promise.all([get(ctx, '/healthcheck'), get(ctx, '/healthcheck/')]),
    check: ([plain, slash], ctx) => {
      for (const res of [plain, slash] as RawResponse[]) {
        expectEqual(
          [res.status, res.headers['content-type'], res.text, res.headers['revision']],
          [200, 'text/html; charset=utf-8', '', ctx.target.latestRevision],
          'healthcheck',
        );
        expectMatch(res.headers['server-timing'], /^request_walltime_s;dur=/, 'server-timing');
      }
    },
  },
  {
    name: 'GET /server-version answers {"version": "6.0.4"} with the latest revision appended last (a trailing slash is accepted)',
    run: (ctx) => Promise.all([get(ctx, '/server-version'), get(ctx, '/server-version/')]),
    check: (responses, ctx) =>
      responses.forEach((res) => expectBody(res, 200, ctx.target.latestRevision, { version: '6.0.4' })),
  },
  {
    name: 'GET /models lists the latest revision, and ?revision= lists another revision',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/models`),
        get(ctx, `${ctx.prefix}/models?revision=${ctx.target.oldRevision}`),
      ]),
    check: ([latest, old], ctx) => {
      expectJson(latest as RawResponse, 200, ctx.target.latestRevision);
      const models = (parsePythonJson((latest as RawResponse).text) as PyObject)['models'] as string[];
      for (const m of Object.values(ctx.target.models))
        if (!models.includes(m)) fail(`${m} missing from /models: ${models.join(', ')}`);
      expectJson(old as RawResponse, 200, ctx.target.oldRevision);
      expectEqual(
        keysInOrder(parsePythonJson((old as RawResponse).text) as PyObject),
        ['models', 'revision'],
        'keys',
      );
      if (
        !((parsePythonJson((old as RawResponse).text) as PyObject)['models'] as string[]).includes(
          ctx.target.models.anomaly,
        )
      )
        fail('the old revision does not list the anomaly model');
    },
  },
  {
    name: "GET /revisions names the latest and every revision; a pinned request echoes the pin but keeps 'latest'",
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/revisions`),
        get(ctx, `${ctx.prefix}/revisions?revision=${ctx.target.oldRevision}`),
      ]),
    check: (responses, ctx) => {
      responses.forEach((res, i) => {
        const revision = i === 0 ? ctx.target.latestRevision : ctx.target.oldRevision;
        expectJson(res, 200, revision);
        const body = parsePythonJson(res.text) as PyObject;
        expectEqual(keysInOrder(body), ['available-revisions', 'latest', 'revision'], 'keys');
        expectEqual(body['latest'], ctx.target.latestRevision, 'latest');
        const available = body['available-revisions'] as string[];
        if (!available.includes(ctx.target.latestRevision) || !available.includes(ctx.target.oldRevision))
          fail(`available-revisions ${available.join(', ')}`);
      });
    },
  },
  {
    name: 'GET /expected-models answers the configured list, and the URL project segment is not checked',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/expected-models`),
        get(ctx, '/gordo/v0/some-other-project/models'),
      ]),
    check: ([expected, other], ctx) => {
      expectJson(expected as RawResponse, 200, ctx.target.latestRevision);
      if (!Array.isArray((parsePythonJson((expected as RawResponse).text) as PyObject)['expected-models']))
        fail('expected-models is not a list');
      expectJson(other as RawResponse, 200, ctx.target.latestRevision);
    },
  },
  {
    name: 'a revision header selects that revision, and ?revision= wins over the header',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/models`, { revision: ctx.target.oldRevision }),
        get(ctx, `${ctx.prefix}/models?revision=${ctx.target.latestRevision}`, {
          revision: ctx.target.oldRevision,
        }),
      ]),
    check: ([header, both], ctx) => {
      expectJson(header as RawResponse, 200, ctx.target.oldRevision);
      expectJson(both as RawResponse, 200, ctx.target.latestRevision);
    },
  },
  {
    name: 'an unknown numeric revision answers 410 "Revision \'<rev>\' not found." by query or header, echoing it',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/models?revision=1699999999999`),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), clientBody(ctx.anomaly, 2).json, {
          ...JSON_TYPE,
          revision: '1699999999999',
        }),
      ]),
    check: (responses) =>
      responses.forEach((res) =>
        expectMessage(res, '1699999999999', "Revision '1699999999999' not found.", 410, 'error'),
      ),
  },
  {
    name: 'a non-numeric or empty revision answers 410 "Revision should only contains numbers."',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/models?revision=latest`),
        get(ctx, `${ctx.prefix}/models?revision=`),
        get(ctx, `${ctx.prefix}/models`, { revision: 'abc' }),
      ]),
    check: (responses) =>
      responses.forEach((res, i) =>
        expectMessage(
          res,
          ['latest', '', 'abc'][i] as string,
          'Revision should only contains numbers.',
          410,
          'error',
        ),
      ),
  },
  {
    name: 'the revision check runs before routing: root routes and unknown paths answer 410 for a bad revision',
    run: (ctx) =>
      Promise.all([
        get(ctx, '/server-version?revision=abc'),
        get(ctx, '/healthcheck?revision=1'),
        get(ctx, `${ctx.prefix}/no/such/route?revision=1`),
      ]),
    check: ([version, health, unknown]) => {
      expectMessage(version as RawResponse, 'abc', 'Revision should only contains numbers.', 410, 'error');
      expectMessage(health as RawResponse, '1', "Revision '1' not found.", 410, 'error');
      expectMessage(unknown as RawResponse, '1', "Revision '1' not found.", 410, 'error');
    },
  },
  {
    name: 'GET /<model>/metadata answers info.json keys, gordo-server-version, env and metadata.json, sorted at every level; /healthcheck is the same',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/${ctx.target.models.anomaly}/metadata`),
        get(ctx, `${ctx.prefix}/${ctx.target.models.anomaly}/healthcheck`),
      ]),
    check: ([metadata, health], ctx) => {
      expectJson(metadata as RawResponse, 200, ctx.target.latestRevision);
      const body = parsePythonJson((metadata as RawResponse).text) as PyObject;
      expectEqual(
        keysInOrder(body),
        ['checksum', 'env', 'gordo-server-version', 'metadata', 'revision'],
        'keys',
      );
      expectEqual(body['gordo-server-version'], '6.0.4', 'gordo-server-version');
      expectEqual(keysInOrder(body['env'] as PyObject), ['MODEL_COLLECTION_DIR'], 'env');
      expectEqual(
        keysInOrder(body['metadata'] as PyObject),
        ['dataset', 'evaluation', 'metadata', 'model', 'name', 'project_name', 'runtime'],
        'metadata keys',
      );
      const { revision: _r, ...rest } = body;
      expectEqual(
        `${dumpsPython(rest, { sortKeys: true }).slice(0, -1)}, "revision": "${ctx.target.latestRevision}"}`,
        (metadata as RawResponse).text,
        'sorted serialization',
      );
      expectEqual((health as RawResponse).text, (metadata as RawResponse).text, '/healthcheck body');
    },
  },
  {
    name: "an unknown model answers 404 with Flask's HTML page naming it (metadata, download-model, prediction)",
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/no-such-model/metadata`),
        get(ctx, `${ctx.prefix}/no-such-model/download-model`),
        postJson(ctx, anomalyPath(ctx, 'no-such-model'), { Y: 1 }),
        get(
          ctx,
          `${ctx.prefix}/${ctx.target.models.targetSubset}/metadata?revision=${ctx.target.oldRevision}`,
        ),
      ]),
    check: ([metadata, download, predict, otherRevision], ctx) => {
      expectPage(metadata as RawResponse, 404, "No metadata found for 'no-such-model'");
      expectPage(download as RawResponse, 404, "No such model found: 'no-such-model'");
      expectPage(predict as RawResponse, 404, "No such model found: 'no-such-model'");
      expectPage(
        otherRevision as RawResponse,
        404,
        `No metadata found for '${ctx.target.models.targetSubset}'`,
      );
    },
  },
  {
    name: 'a model name must start with a letter, digit or dash: otherwise 422 HTML; the rest of the name is not checked',
    run: (ctx) =>
      Promise.all([get(ctx, `${ctx.prefix}/_bad/metadata`), get(ctx, `${ctx.prefix}/a_b/metadata`)]),
    check: ([bad, prefixOnly]) => {
      expectPage(bad as RawResponse, 422, 'gordo_name field has wrong format');
      expectPage(prefixOnly as RawResponse, 404, "No metadata found for 'a_b'");
    },
  },
  {
    name: 'GET /<model>/download-model answers the pickle inline as model.pickle, not cached',
    run: (ctx) => Promise.all([get(ctx, `${ctx.prefix}/${ctx.target.models.anomaly}/download-model`)]),
    check: ([res], ctx) => {
      const r = res as RawResponse;
      expectEqual(
        [
          r.status,
          r.headers['content-type'],
          r.headers['content-disposition'],
          r.headers['cache-control'],
          r.headers['revision'],
          r.body[0],
        ],
        [
          200,
          'application/octet-stream',
          'inline; filename=model.pickle',
          'no-cache',
          ctx.target.latestRevision,
          0x80,
        ],
        'download-model',
      );
    },
  },
  {
    name: 'a trailing slash on /gordo/v0 routes answers the generic 404 page; GET on a POST route answers 405 with Allow',
    run: (ctx) =>
      Promise.all([
        get(ctx, `${ctx.prefix}/models/`),
        get(ctx, `${ctx.prefix}/`),
        get(ctx, predictionPath(ctx, ctx.target.models.anomaly)),
      ]),
    check: ([slash, projectIndex, wrongMethod]) => {
      expectPage(slash as RawResponse, 404);
      expectPage(projectIndex as RawResponse, 404);
      expectPage(wrongMethod as RawResponse, 405);
      // werkzeug builds Allow from a set: its order changes with Python's hash seed
      expectEqual(
        (wrongMethod as RawResponse).headers['allow']?.split(', ').sort(),
        ['OPTIONS', 'POST'],
        'allow',
      );
    },
  },
  {
    name: 'POST anomaly/prediction (Python client shape) answers the two-level table with the §1.6 relations',
    run: (ctx) =>
      Promise.all([
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly, '?format=json'),
          clientBody(ctx.anomaly, 12).json,
        ),
      ]),
    check: ([res], ctx) => {
      const { keys, X, y } = clientBody(ctx.anomaly, 12);
      expectTable(res as RawResponse, {
        facts: ctx.anomaly,
        revision: ctx.target.latestRevision,
        X,
        y,
        keys,
      });
    },
  },
  {
    name: 'all_columns adds the smooth-* groups: bare NaN until a full window, then the rolling statistic of the metadata',
    run: (ctx) =>
      Promise.all([
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly, '?all_columns=false'),
          clientBody(ctx.anomaly, 12).json,
        ),
      ]),
    check: ([res], ctx) => {
      const { keys, X, y } = clientBody(ctx.anomaly, 12);
      if (ctx.anomaly.window === null) fail('the anomaly model needs a smoothing window');
      expectTable(res as RawResponse, {
        facts: ctx.anomaly,
        revision: ctx.target.latestRevision,
        X,
        y,
        keys,
        allColumns: true,
      });
      if (ctx.anomaly.smoothingMethod !== 'ewma' && !(res as RawResponse).text.includes(': NaN, '))
        fail('no bare NaN in the body');
    },
  },
  {
    name: 'a model with fewer targets than inputs: model-input has every tag, the other groups only the targets, extra y columns are dropped',
    run: (ctx) => {
      const facts = ctx.targetSubset;
      const { keys, X } = clientBody(facts, 4);
      return Promise.all([
        postJson(ctx, anomalyPath(ctx, ctx.target.models.targetSubset), {
          X: clientShape(facts.tags, X, keys),
          y: clientShape(facts.tags, perturbed(X), keys),
        }),
      ]);
    },
    check: ([res], ctx) => {
      const facts = ctx.targetSubset;
      if (facts.targets.length >= facts.tags.length)
        fail('the targetSubset model must have fewer targets than tags');
      const { keys, X } = clientBody(facts, 4);
      const y = perturbed(X).map((row) => facts.targets.map((t) => row[facts.tags.indexOf(t)] as number));
      expectTable(res as RawResponse, { facts, revision: ctx.target.latestRevision, X, y, keys });
    },
  },
  {
    name: 'the old revision serves its own model: the revision key and header echo it',
    run: (ctx) =>
      Promise.all([
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly, `?revision=${ctx.target.oldRevision}`),
          clientBody(ctx.anomaly, 3).json,
        ),
      ]),
    check: ([res], ctx) => {
      const { keys, X, y } = clientBody(ctx.anomalyOld, 3);
      expectTable(res as RawResponse, {
        facts: ctx.anomalyOld,
        revision: ctx.target.oldRevision,
        X,
        y,
        keys,
      });
    },
  },
  {
    name: 'rows, records and dict-of-lists inputs get index keys "0".."n-1" in numeric order and null start/end',
    run: (ctx) => {
      const tags = ctx.anomaly.tags;
      const X = sampleValues(11, tags.length);
      return Promise.all([
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), { X, y: X }),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), {
          X: records(tags, X),
          y: records(tags, X),
        }),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), {
          X: columnLists(tags, X),
          y: columnLists(tags, X),
        }),
      ]);
    },
    check: (responses, ctx) => {
      const keys = Array.from({ length: 11 }, (_, i) => String(i));
      for (const res of responses) {
        expectJson(res, 200, ctx.target.latestRevision);
        const t = readResponseTable(res.text);
        expectEqual(t.indexKeys('start'), keys, 'index keys in numeric order');
        expectEqual(
          t.column('start'),
          keys.map(() => null),
          'start',
        );
        expectEqual(
          t.column('end'),
          keys.map(() => null),
          'end',
        );
        expectEqual(
          t.column('model-input', ctx.anomaly.tags[0]),
          sampleValues(11, ctx.anomaly.tags.length).map((r) => r[0]),
          'model-input',
        );
        expectEqual(
          t.column('total-anomaly-unscaled').every((v) => typeof v === 'number'),
          true,
          'total-anomaly-unscaled numbers',
        );
      }
      expectEqual(
        responses[1]?.text.replace(/"time-seconds": "[^"]*"/, ''),
        responses[0]?.text.replace(/"time-seconds": "[^"]*"/, ''),
        'records = rows',
      );
      expectEqual(
        responses[2]?.text.replace(/"time-seconds": "[^"]*"/, ''),
        responses[0]?.text.replace(/"time-seconds": "[^"]*"/, ''),
        'dict of lists = rows',
      );
    },
  },
  {
    name: 'index keys: naive ISO stays naive (end = start + resolution), rows are sorted, any separator and Z work, +01:00 is kept',
    run: (ctx) => {
      const tags = ctx.anomaly.tags;
      const body = (keys: string[]) => {
        const values = keys.map((_, i) => tags.map((__, j) => 0.3 + 0.1 * i + 0.01 * j));
        return { X: clientShape(tags, values, keys), y: clientShape(tags, values, keys) };
      };
      return Promise.all([
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly),
          body(['2020-02-01T00:10:00', '2020-02-01T00:00:00']),
        ),
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly),
          body(['2020-02-01X00:10:00Z', '2020-02-01 00:00Z']),
        ),
        postJson(
          ctx,
          anomalyPath(ctx, ctx.target.models.anomaly),
          body(['2020-02-01T00:00:00+01:00', '2020-02-01T00:10:00+0100']),
        ),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), body(['2020-02-01', '2020-02-02'])),
      ]);
    },
    check: ([naive, zulu, plusOne, dates], ctx) => {
      const res = ctx.anomaly.resolutionMicros ?? 600_000_000;
      const expectIndex = (r: RawResponse, keys: string[], starts: string[]) => {
        expectJson(r, 200, ctx.target.latestRevision);
        const t = readResponseTable(r.text);
        expectEqual(t.indexKeys('start'), keys, 'index keys');
        expectEqual(t.column('start'), starts, 'start');
        expectEqual(
          t.column('end'),
          starts.map((s) => addMicros(s, res)),
          'end',
        );
      };
      expectIndex(
        naive as RawResponse,
        ['2020-02-01 00:00:00', '2020-02-01 00:10:00'],
        ['2020-02-01T00:00:00', '2020-02-01T00:10:00'],
      );
      expectIndex(
        zulu as RawResponse,
        ['2020-02-01 00:00:00+00:00', '2020-02-01 00:10:00+00:00'],
        ['2020-02-01T00:00:00+00:00', '2020-02-01T00:10:00+00:00'],
      );
      expectIndex(
        plusOne as RawResponse,
        ['2020-02-01 00:00:00+01:00', '2020-02-01 00:10:00+01:00'],
        ['2020-02-01T00:00:00+01:00', '2020-02-01T00:10:00+01:00'],
      );
      expectIndex(
        dates as RawResponse,
        ['2020-02-01', '2020-02-02'],
        ['2020-02-01T00:00:00', '2020-02-02T00:00:00'],
      );
    },
  },
  {
    name: 'model-input keeps integers when every input is an integer; one float makes them all floats',
    run: (ctx) => {
      const n = ctx.anomaly.tags.length;
      const ints = [Array.from({ length: n }, (_, j) => j + 1), Array.from({ length: n }, (_, j) => j + 4)];
      const mixed = [ints[0] as number[], [...(ints[1] as number[]).slice(0, -1), 6.5]];
      return Promise.all([
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), { X: ints }),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), `{"X": ${JSON.stringify(mixed)}}`),
      ]);
    },
    check: ([ints, mixed], ctx) => {
      const first = ctx.anomaly.tags.slice().sort()[0] as string;
      const j = ctx.anomaly.tags.indexOf(first);
      if (
        !(ints as RawResponse).text.includes(
          `"model-input": {${JSON.stringify(first)}: {"0": ${j + 1}, "1": ${j + 4}}`,
        )
      )
        fail(`integers not kept: ${(ints as RawResponse).text.slice(0, 200)}`);
      if (
        !(mixed as RawResponse).text.includes(
          `"model-input": {${JSON.stringify(first)}: {"0": ${j + 1}.0, "1": ${j + 4}.0}`,
        )
      )
        fail(`floats not spelled 1.0: ${(mixed as RawResponse).text.slice(0, 200)}`);
    },
  },
  {
    name: 'extra columns are dropped, and unknown names are matched by position when the count is right',
    run: (ctx) => {
      const tags = ctx.anomaly.tags;
      const X = sampleValues(2, tags.length);
      const extra = Object.fromEntries([
        ...tags.map((t, j) => [t, X.map((r) => r[j])]),
        ['not-a-tag', [9, 9]],
      ]);
      const renamed = Object.fromEntries(tags.map((_, j) => [`renamed-${j}`, X.map((r) => r[j])]));
      return Promise.all([
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), { X: extra }),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), { X: renamed }),
      ]);
    },
    check: ([extra, renamed], ctx) => {
      const tags = ctx.anomaly.tags;
      const X = sampleValues(2, tags.length);
      for (const res of [extra, renamed] as RawResponse[])
        expectTable(res, {
          facts: ctx.anomaly,
          revision: ctx.target.latestRevision,
          X,
          y: [],
          keys: ['0', '1'],
          route: 'prediction',
        });
    },
  },
  {
    name: '/prediction answers start, end (always null), model-input and model-output only, for anomaly and plain models',
    run: (ctx) =>
      Promise.all([
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), clientBody(ctx.anomaly, 3).json),
        postJson(
          ctx,
          predictionPath(ctx, ctx.target.models.plain, '?format=json'),
          clientBody(ctx.plain, 3).json,
        ),
      ]),
    check: ([anomaly, plain], ctx) => {
      const a = clientBody(ctx.anomaly, 3);
      const p = clientBody(ctx.plain, 3);
      // end is null on /prediction, so the expected table is built for that route
      const t1 = readResponseTable((anomaly as RawResponse).text);
      expectEqual(t1.column('end'), [null, null, null], 'end on /prediction');
      expectTable(anomaly as RawResponse, {
        facts: ctx.anomaly,
        revision: ctx.target.latestRevision,
        X: a.X,
        y: a.y,
        keys: a.keys,
        route: 'prediction',
      });
      expectTable(plain as RawResponse, {
        facts: ctx.plain,
        revision: ctx.target.latestRevision,
        X: p.X,
        y: p.y,
        keys: p.keys,
        route: 'prediction',
      });
    },
  },
  {
    name: "a plain pipeline answers 422 on the anomaly route (the Python client's cue to fall back to /prediction)",
    run: (ctx) =>
      Promise.all([postJson(ctx, anomalyPath(ctx, ctx.target.models.plain), clientBody(ctx.plain, 2).json)]),
    check: ([res], ctx) =>
      expectMessage(
        res as RawResponse,
        ctx.target.latestRevision,
        `Model is not an AnomalyDetector, it is of type: <class '${ctx.plain.modelClass}'>`,
        422,
      ),
  },
  {
    name: 'no X answers 400 "Cannot predict without \\"X\\"": no key, a list body, JSON without the JSON content type, a file part without filename',
    run: (ctx) => {
      const X = clientBody(ctx.anomaly, 2).json.X;
      const part = multipartBody(
        {
          X: parquetPart(
            ctx.anomaly.tags,
            sampleValues(2, ctx.anomaly.tags.length),
            clientIndexKeys(2, 600_000_000),
          ),
        },
        false,
      );
      return Promise.all([
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), { Y: 1 }),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), [1, 2]),
        postJson(
          ctx,
          predictionPath(ctx, ctx.target.models.anomaly),
          { X },
          { 'content-type': 'text/plain' },
        ),
        send(ctx.target.baseUrl, 'POST', predictionPath(ctx, ctx.target.models.anomaly), {
          headers: { 'content-type': part.contentType },
          body: part.body,
        }),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.plain), { y: X }),
      ]);
    },
    check: (responses, ctx) =>
      responses.forEach((res) => expectMessage(res, ctx.target.latestRevision, 'Cannot predict without "X"')),
  },
  {
    name: 'the anomaly route without y (absent or null) answers 400 "Cannot perform anomaly without \'y\' to compare against.", before the 422 of plain models',
    run: (ctx) =>
      Promise.all([
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), clientBody(ctx.anomaly, 2, false).json),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly), {
          ...clientBody(ctx.anomaly, 2, false).json,
          y: null,
        }),
        postJson(ctx, anomalyPath(ctx, ctx.target.models.plain), clientBody(ctx.plain, 2, false).json),
      ]),
    check: (responses, ctx) =>
      responses.forEach((res) =>
        expectMessage(
          res,
          ctx.target.latestRevision,
          "Cannot perform anomaly without 'y' to compare against.",
        ),
      ),
  },
  {
    name: "wrong columns answer 400 with pandas' repr of what was sent (Index with quoting, RangeIndex, wrapped at 80 columns, empty for X null), X before y",
    run: (ctx) => {
      const m = ctx.target.models.anomaly;
      const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`column-name-${i + 1}`, [1]]));
      return Promise.all([
        postJson(ctx, predictionPath(ctx, m), { X: { a: [1], b: [2] } }),
        postJson(
          ctx,
          predictionPath(ctx, m),
          '{"X": {"a": [1], "b\\u00e6": [2], "it\'s": [3], "q\\"": [4]}}',
        ),
        postJson(ctx, predictionPath(ctx, m), { X: [0.1, 0.2, 0.3] }),
        postJson(ctx, anomalyPath(ctx, m), { X: [[1, 2]] }),
        postJson(ctx, anomalyPath(ctx, m), { X: [[1, 2, 3]], y: [[1, 2]] }),
        postJson(ctx, predictionPath(ctx, m), { X: thirty }),
        postJson(ctx, predictionPath(ctx, m), { X: [] }),
        postJson(ctx, predictionPath(ctx, m), { X: null }),
      ]);
    },
    check: (responses, ctx) => {
      const tags = ctx.anomaly.tags;
      if (tags.length !== 3) fail('this case expects a 3-tag anomaly model (like diff-3tags)');
      const expecting = `Unexpected features: was expecting ${quoteList(tags)} length of 3, but got`;
      const messages = [
        `${expecting} Index(['a', 'b'], dtype='object') length of 2`,
        `${expecting} Index(['a', 'b\u00e6', 'it's', 'q"'], dtype='object') length of 4`,
        `${expecting} RangeIndex(start=0, stop=1, step=1) length of 1`,
        `${expecting} RangeIndex(start=0, stop=2, step=1) length of 2`,
        `${expecting} RangeIndex(start=0, stop=2, step=1) length of 2`,
        THIRTY_COLUMNS_MESSAGE,
        `${expecting} Index([], dtype='object') length of 0`,
        `${expecting} Index([], dtype='object') length of 0`,
      ];
      responses.forEach((res, i) => expectMessage(res, ctx.target.latestRevision, messages[i] as string));
    },
  },
  {
    name: 'two-level column dicts answer 400 "Server does not support multi-level dataframes at this time"; malformed JSON answers the 400 page',
    run: (ctx) =>
      Promise.all([
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), {
          X: { a: { b: { '0': 1 } }, c: { d: { '0': 2 } } },
        }),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), '{"X":'),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), ''),
      ]),
    check: ([multi, malformed, empty], ctx) => {
      expectMessage(
        multi as RawResponse,
        ctx.target.latestRevision,
        "Server does not support multi-level dataframes at this time: [('a', 'b'), ('c', 'd')]",
      );
      expectPage(malformed as RawResponse, 400);
      expectPage(empty as RawResponse, 400);
    },
  },
  {
    name: 'model ValueErrors answer 400 {"error": "ValueError: …"} on /prediction and the 500 page on the anomaly route',
    run: (ctx) => {
      const m = ctx.target.models.anomaly;
      const n = ctx.anomaly.tags.length;
      const row = (v: string) => `[${[v, ...Array.from({ length: n - 1 }, () => '1')].join(', ')}]`;
      return Promise.all([
        postJson(ctx, predictionPath(ctx, m), `{"X": [${row('"a"')}]}`),
        postJson(ctx, predictionPath(ctx, m), `{"X": [${row('Infinity')}]}`),
        postJson(ctx, predictionPath(ctx, m), {
          X: Object.fromEntries(ctx.anomaly.tags.map((t) => [t, []])),
        }),
        postJson(ctx, anomalyPath(ctx, m), `{"X": [${row('NaN')}], "y": [${row('1')}]}`),
        postJson(ctx, predictionPath(ctx, m), `{"X": [${row('"2.5"')}]}`),
      ]);
    },
    check: ([text, infinity, empty, nanAnomaly, numericText], ctx) => {
      const rev = ctx.target.latestRevision;
      expectMessage(
        text as RawResponse,
        rev,
        "ValueError: could not convert string to float: 'a'",
        400,
        'error',
      );
      expectMessage(
        infinity as RawResponse,
        rev,
        "ValueError: Input X contains infinity or a value too large for dtype('float64').",
        400,
        'error',
      );
      expectMessage(
        empty as RawResponse,
        rev,
        `ValueError: Found array with 0 sample(s) (shape=(0, ${ctx.anomaly.tags.length})) while a minimum of 1 is required by MinMaxScaler.`,
        400,
        'error',
      );
      expectPage(nanAnomaly as RawResponse, 500);
      expectJson(numericText as RawResponse, 200, rev);
    },
  },
  {
    name: 'inputs pandas cannot build answer the 500 page: mixed offsets, unparseable index keys, ragged column lists, scalar X',
    run: (ctx) => {
      const tags = ctx.anomaly.tags;
      const keyed = (keys: string[]) => ({
        X: Object.fromEntries(tags.map((t) => [t, Object.fromEntries(keys.map((k, i) => [k, i]))])),
      });
      return Promise.all([
        postJson(
          ctx,
          predictionPath(ctx, ctx.target.models.anomaly),
          keyed(['2020-02-01T00:00:00+01:00', '2020-02-01T00:00:00+02:00']),
        ),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), keyed(['a', '2'])),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), {
          X: Object.fromEntries(tags.map((t, j) => [t, j === 0 ? [1] : [1, 2]])),
        }),
        postJson(ctx, predictionPath(ctx, ctx.target.models.anomaly), { X: 1 }),
      ]);
    },
    check: (responses) => responses.forEach((res) => expectPage(res, 500)),
  },
  {
    name: 'multipart parquet in and ?format=parquet out: tuple-string fields in frame order, __index_level_0__ in UTC, pandas metadata',
    run: (ctx) => {
      const { keys, X, y } = clientBody(ctx.anomaly, 4);
      const parts = multipartBody({
        X: parquetPart(ctx.anomaly.tags, X, keys),
        y: parquetPart(ctx.anomaly.targets, y, keys),
      });
      return Promise.all([
        send(
          ctx.target.baseUrl,
          'POST',
          anomalyPath(ctx, ctx.target.models.anomaly, '?format=parquet&all_columns=1'),
          { headers: { 'content-type': parts.contentType }, body: parts.body },
        ),
        send(ctx.target.baseUrl, 'POST', anomalyPath(ctx, ctx.target.models.anomaly), {
          headers: { 'content-type': parts.contentType },
          body: parts.body,
        }),
      ]);
    },
    check: ([parquet, json], ctx) => {
      const facts = ctx.anomaly;
      const { keys, X, y } = clientBody(facts, 4);
      const p = parquet as RawResponse;
      expectEqual(
        [p.status, p.headers['content-type'], p.headers['cache-control'], p.headers['revision']],
        [200, 'application/octet-stream', 'no-cache', ctx.target.latestRevision],
        'parquet response',
      );
      const decoded = decodeParquet(p.body);
      const per = (group: string, names: readonly string[]) => names.map((n) => `('${group}', '${n}')`);
      const single = (group: string) => `('${group}', '')`;
      const expectedFields = [
        single('start'),
        single('end'),
        ...per('model-input', facts.tags),
        ...per('model-output', facts.targets),
        ...per('tag-anomaly-scaled', facts.targets),
        single('total-anomaly-scaled'),
        ...per('tag-anomaly-unscaled', facts.targets),
        single('total-anomaly-unscaled'),
        ...(facts.window !== null
          ? [
              ...per('smooth-tag-anomaly-scaled', facts.targets),
              single('smooth-total-anomaly-scaled'),
              ...per('smooth-tag-anomaly-unscaled', facts.targets),
              single('smooth-total-anomaly-unscaled'),
            ]
          : []),
        ...(facts.featureThresholds ? per('anomaly-confidence', facts.targets) : []),
        ...(facts.aggregateThreshold !== null ? [single('total-anomaly-confidence')] : []),
        '__index_level_0__',
      ];
      expectEqual(
        decoded.columns.map((c) => c.name),
        expectedFields,
        'parquet fields',
      );
      const byName = new Map(decoded.columns.map((c) => [c.name, c]));
      expectEqual(byName.get('__index_level_0__')?.type, 'Timestamp<NANOSECOND, UTC>', 'index type');
      expectEqual(byName.get(single('start'))?.values, keys.map(isoOfKey), 'start');
      facts.tags.forEach((tag, j) =>
        expectEqual(
          byName.get(`('model-input', '${tag}')`)?.values,
          X.map((r) => r[j]),
          `model-input ${tag}`,
        ),
      );
      const pandas = decoded.pandas as {
        index_columns: unknown;
        column_indexes: unknown[];
        columns: { name: string }[];
      };
      expectEqual(pandas.index_columns, ['__index_level_0__'], 'pandas index_columns');
      expectEqual(pandas.column_indexes.length, 2, 'pandas column levels');
      // parquet in, JSON out: the same table as the JSON request gives
      expectTable(json as RawResponse, { facts, revision: ctx.target.latestRevision, X, y, keys });
    },
  },
  {
    name: 'JSON in, parquet out with a positional index: int64 __index_level_0__ and start/end of the null type',
    run: (ctx) => {
      const X = sampleValues(3, ctx.anomaly.tags.length);
      return Promise.all([
        postJson(ctx, anomalyPath(ctx, ctx.target.models.anomaly, '?format=parquet'), { X, y: X }),
      ]);
    },
    check: ([res]) => {
      const decoded = decodeParquet((res as RawResponse).body);
      const types = new Map(decoded.columns.map((c) => [c.name, c.type]));
      expectEqual(
        [types.get("('start', '')"), types.get("('end', '')"), types.get('__index_level_0__'), decoded.rows],
        ['Null', 'Null', 'Int64', 3],
        'types',
      );
    },
  },
  {
    name: 'DELETE …/revision/<rev>: the current one answers 409, a non-number 422 JSON, an absent one the 404 page',
    run: (ctx) => {
      const path = (rev: string) => `${ctx.prefix}/${ctx.target.models.anomaly}/revision/${rev}`;
      return Promise.all([
        send(ctx.target.baseUrl, 'DELETE', path(ctx.target.latestRevision)),
        send(ctx.target.baseUrl, 'DELETE', path('abc')),
        send(ctx.target.baseUrl, 'DELETE', path('1600000000000')),
        send(
          ctx.target.baseUrl,
          'DELETE',
          `${ctx.prefix}/${ctx.target.models.targetSubset}/revision/${ctx.target.oldRevision}`,
        ),
      ]);
    },
    check: ([current, notNumber, absent, modelNotThere], ctx) => {
      expectMessage(
        current as RawResponse,
        ctx.target.latestRevision,
        'Unable to delete current revision.',
        409,
        'error',
      );
      expectMessage(
        notNumber as RawResponse,
        ctx.target.latestRevision,
        'Revision should only contains numbers.',
        422,
        'error',
      );
      expectPage(absent as RawResponse, 404, 'Not found');
      expectPage(modelNotThere as RawResponse, 404, 'Not found');
    },
  },
  {
    name: 'DELETE of a throwaway revision answers {"ok": true} with the serving revision, after which that revision answers 410',
    run: async (ctx) => {
      const revision = await ctx.target.createThrowawayRevision();
      const before = await get(ctx, `${ctx.prefix}/models?revision=${revision}`);
      const deleted = await send(
        ctx.target.baseUrl,
        'DELETE',
        `${ctx.prefix}/${ctx.target.models.anomaly}/revision/${revision}`,
      );
      const after = await postJson(
        ctx,
        anomalyPath(ctx, ctx.target.models.anomaly, `?revision=${revision}`),
        clientBody(ctx.anomaly, 2).json,
      );
      return [before, deleted, after];
    },
    check: ([before, deleted, after], ctx) => {
      const revision = (before as RawResponse).headers['revision'] as string;
      expectBody(before as RawResponse, 200, revision, { models: [ctx.target.models.anomaly] });
      expectBody(deleted as RawResponse, 200, ctx.target.latestRevision, { ok: true });
      expectMessage(after as RawResponse, revision, `Revision '${revision}' not found.`, 410, 'error');
    },
  },
];
