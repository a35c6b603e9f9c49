/** A time-of-day text that `parseTimeOfDay` rejected; `message` quotes it and shows the form. */
export class TimeOfDayError extends Error {
  readonly code = 'TIME_OF_DAY_INVALID';

  constructor(readonly text: string) {
    super(`could not parse "${text}" as a time of day: expected HH:MM (UTC), 00:00 to 23:59, e.g. "08:00"`);
    this.name = 'TimeOfDayError';
  }
}

// Python's strptime "%H:%M", alternatives in its order: one or two digits, nothing before or after.
const HH_MM = /^(2[0-3]|[01]\d|\d):([0-5]\d|\d)$/;

/**
 * Parses a UTC time of day as the original did (`strptime(text, "%H:%M")`) and returns the
 * milliseconds after midnight UTC. `08:00` and `8:00` are accepted; `08:00:00`, `24:00` and
 * `8am` are not.
 */
export function parseTimeOfDay(text: string): number {
  const match = HH_MM.exec(text);
  if (!match) throw new TimeOfDayError(text);
  const [, hours = '', minutes = ''] = match;
  return (Number(hours) * 60 + Number(minutes)) * 60_000;
}
