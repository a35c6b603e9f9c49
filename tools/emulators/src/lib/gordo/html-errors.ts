/** Flask/werkzeug's default HTML error pages, byte for byte, as the server sends them for 400/404/405/422/500. */

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  422: 'The request was well-formed but was unable to be followed due to semantic errors.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
};

/** markupsafe's escape, as werkzeug applies it to the description. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/** The page for `status`, with the view's description or werkzeug's default one. */
export function flaskErrorPage(status: number, description?: string): string {
  const title = TITLES[status] ?? 'Error';
  return `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${escapeHtml(description ?? DESCRIPTIONS[status] ?? '')}</p>\n`;
}
