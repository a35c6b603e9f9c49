/**
 * How a request fails, in the server's own shapes: JSON bodies keyed `message` or `error`, or
 * Flask's HTML error pages. Thrown by the request pipeline, turned into a response by the emulator.
 */
export class GordoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body:
      { kind: 'json'; key: 'message' | 'error'; text: string } | { kind: 'html'; description?: string },
  ) {
    super(body.kind === 'json' ? body.text : `HTTP ${status}`);
    this.name = 'GordoHttpError';
  }

  /** 400 `{"message": …}`, the server's answer to input it understands but rejects. */
  static badRequest(message: string): GordoHttpError {
    return new GordoHttpError(400, { kind: 'json', key: 'message', text: message });
  }

  /** A Flask HTML page: malformed bodies (400), unknown models (404), crashes (500). */
  static page(status: number, description?: string): GordoHttpError {
    return new GordoHttpError(
      status,
      description === undefined ? { kind: 'html' } : { kind: 'html', description },
    );
  }

  /** What the real server answers when pandas or numpy raise inside a view: a bare 500 page. */
  static crash(): GordoHttpError {
    return GordoHttpError.page(500);
  }
}

/** An exception the model raises (sklearn's ValueError): 400 on `/prediction`, a 500 page on the anomaly route. */
export class ModelValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelValueError';
  }
}
