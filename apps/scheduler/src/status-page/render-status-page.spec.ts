import type { StatusReport } from '@latigo/task-status';
import { renderStatusPage } from './render-status-page';
import { DEAD_LETTER, STATUS_REPORT } from './status-report.test-helpers';

/** The text of an HTML fragment as a reader sees it: tags dropped, entities decoded, spaces folded. */
const text = (html: string) =>
  html
    .replace(/<br>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const row = (html: string, attribute: string) => {
  const match = new RegExp(`<tr ${attribute}>(.*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row ${attribute}`);
  return match[1] as string;
};

const section = (html: string, id: string) => {
  const match = new RegExp(`<section id="${id}">(.*?)</section>`, 's').exec(html);
  if (!match) throw new Error(`no section ${id}`);
  return match[1] as string;
};

describe('renderStatusPage', () => {
  const page = renderStatusPage(STATUS_REPORT, { slots: 3, refreshSeconds: 30 });

  it('shows a row per slot and project with its counts, coloured by outcome', () => {
    const cells = row(page, 'data-slot="2026-03-01T08:00:00.000Z" data-project="plant-a"');
    expect(text(cells)).toBe('2026-03-01 08:00 UTC plant-a 4 4 2 1 1 0 32 min');
    expect(cells).toContain(
      '<td class="n ok">2</td><td class="n skip">1</td><td class="n fail">1</td><td class="n zero">0</td>',
    );
    expect(cells).toContain('aria-label="2 succeeded, 1 skipped, 1 dead-lettered, 0 in flight"');
    const inFlight = row(page, 'data-slot="2026-03-01T08:30:00.000Z" data-project="plant-a"');
    expect(inFlight).toContain('<td class="n run">3</td>');
    expect(page.match(/<tr data-slot=/g)).toHaveLength(6);
  });

  it('marks a slot that enqueued fewer tasks than models expected', () => {
    const short = row(page, 'data-slot="2026-03-01T08:30:00.000Z" data-project="plant-b"');
    expect(short).toContain('<td class="n short" title="fewer tasks enqueued than models expected">1</td>');
  });

  it('totals the outcomes of the shown slots', () => {
    expect(text(/<ul class="totals".*?<\/ul>/.exec(page)?.[0] ?? '')).toBe(
      '17 tasks 12 succeeded 1 skipped 1 dead-lettered 3 in flight 3 stale models',
    );
  });

  it('says why each stale model is stale: its latest task, code and reason', () => {
    expect(text(row(page, 'data-model="plant-a/compressor-2"'))).toBe(
      'plant-a/compressor-2 2026-03-01 07:30 UTC 1 h 35 min ago dead-lettered window to 2026-03-01 08:00 UTC, attempt 3 GORDO_BAD_REQUEST GordoError: POST /gordo/v0/plant-a/compressor-2/anomaly/prediction answered 400: <script>alert("x")</script> & more',
    );
    expect(text(row(page, 'data-model="plant-a/pump-7"'))).toBe(
      'plant-a/pump-7 never in the retention skipped window to 2026-03-01 08:00 UTC, attempt 1 EXECUTOR_NO_DATA no series for tag pump-7.FT-103 in facility 1903',
    );
    expect(text(row(page, 'data-model="plant-b/separator-1"'))).toBe(
      'plant-b/separator-1 never in the retention no task recorded in the retention',
    );
  });

  it('lists the dead letters with attempts, code and reason', () => {
    expect(text(row(page, `data-task="${DEAD_LETTER.taskId}"`))).toBe(
      '2026-03-01 08:00 UTC plant-a/compressor-2 3 GORDO_BAD_REQUEST GordoError: POST /gordo/v0/plant-a/compressor-2/anomaly/prediction answered 400: <script>alert("x")</script> & more 2026-03-01 08:31 UTC',
    );
  });

  it('links the JSON of the report and of each model', () => {
    expect(page).toContain('<a href="/status.json?slots=3">/status.json?slots=3</a>');
    expect(page).toContain(
      '<a class="nowrap" href="/status/models/plant-a/compressor-2.json">plant-a/compressor-2</a>',
    );
    const scoped = renderStatusPage(STATUS_REPORT, { slots: 6, project: 'plant a&b' });
    expect(scoped).toContain('href="/status.json?slots=6&amp;project=plant+a%26b"');
    expect(scoped).toContain('project plant a&amp;b');
  });

  it('escapes every value and has no script and no external reference', () => {
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    const hostile: StatusReport = {
      ...STATUS_REPORT,
      slots: [
        {
          ...(STATUS_REPORT.slots[0] as StatusReport['slots'][number]),
          project: '"><img src=x onerror=alert(1)>',
        },
      ],
      stale: [{ project: 'p', model: '"><b>', latest: { ...DEAD_LETTER, code: '<i>', state: 'skipped' } }],
    };
    const html = renderStatusPage(hostile, { slots: 1 });
    for (const raw of ['<img src=x', '"><b>', '<i>', '<script']) expect(html).not.toContain(raw);
    expect(html).toContain('data-project="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(html).toContain('href="/status/models/p/%22%3E%3Cb%3E.json"');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('refreshes itself only when asked', () => {
    expect(page).toContain('<meta http-equiv="refresh" content="30">');
    expect(renderStatusPage(STATUS_REPORT, { slots: 3 })).not.toContain('http-equiv="refresh"');
  });

  it('says so when there is nothing to show', () => {
    const empty = renderStatusPage(
      {
        generatedAt: '2026-03-01T09:00:00.000Z',
        freshnessLimitSeconds: 5400,
        slots: [],
        stale: [],
        deadLetters: [],
      },
      { slots: 6 },
    );
    expect(text(section(empty, 'slots'))).toBe(
      'Slots No slot recorded yet: the scheduler has not enqueued anything in the retention.',
    );
    expect(text(section(empty, 'stale'))).toBe(
      'Stale models None: every model has a prediction within the freshness limit.',
    );
    expect(text(section(empty, 'dead-letters'))).toBe('Dead letters None in these slots.');
    expect(empty).not.toContain('<table');
  });
});
