import { escapeHtml, formatSeconds, formatTime } from './format';

describe('status page text', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('shows times in UTC to the minute, with seconds only when there are some', () => {
    expect(formatTime('2026-03-01T08:30:00.000Z')).toBe('2026-03-01 08:30 UTC');
    expect(formatTime('2026-03-01T09:30:07+01:00')).toBe('2026-03-01 08:30:07 UTC');
    expect(formatTime('not a time')).toBe('not a time');
  });

  it('shows ages at the scale that matters', () => {
    expect([0, 45, 89, 90, 3000, 5400, 5712, 7200, 172_800, 190_800, -5, NaN].map(formatSeconds)).toEqual([
      '0 s',
      '45 s',
      '89 s',
      '2 min',
      '50 min',
      '1 h 30 min',
      '1 h 35 min',
      '2 h',
      '2 d',
      '2 d 5 h',
      '0 s',
      '–',
    ]);
  });
});
