/** The status page's addresses, built in one place so the page's links and the routes agree. */

export const STATUS_PAGE_PATH = '/status';
export const STATUS_JSON_PATH = '/status.json';
export const MODEL_HISTORY_PATTERN = '/status/models/:project/:model.json';

/** What a page or report covers: the newest `slots`, optionally one project. */
export interface StatusScope {
  readonly slots: number;
  readonly project?: string;
}

function query(scope: StatusScope): string {
  const params = new URLSearchParams({ slots: String(scope.slots) });
  if (scope.project !== undefined) params.set('project', scope.project);
  return params.toString();
}

export function statusPageHref(scope: StatusScope): string {
  return `${STATUS_PAGE_PATH}?${query(scope)}`;
}

export function statusJsonHref(scope: StatusScope): string {
  return `${STATUS_JSON_PATH}?${query(scope)}`;
}

export function modelHistoryHref(project: string, model: string): string {
  return `/status/models/${encodeURIComponent(project)}/${encodeURIComponent(model)}.json`;
}
