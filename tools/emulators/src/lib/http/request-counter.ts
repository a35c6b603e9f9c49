/** Requests seen per route (`METHOD /template`), with the statuses answered. */
export interface RouteCount {
  count: number;
  statuses: Record<string, number>;
}

export interface RequestCounts {
  total: number;
  routes: Record<string, RouteCount>;
}

/** Counts requests per route so tests and benchmarks can prove how many calls were made. */
export class RequestCounter {
  private routes = new Map<string, RouteCount>();
  private total = 0;

  record(routeKey: string, status: number | 'reset'): void {
    this.total += 1;
    const entry = this.routes.get(routeKey) ?? { count: 0, statuses: {} };
    entry.count += 1;
    entry.statuses[String(status)] = (entry.statuses[String(status)] ?? 0) + 1;
    this.routes.set(routeKey, entry);
  }

  /** Requests on one route (`GET /{id}/data`), or on all routes when none is given. */
  count(routeKey?: string): number {
    return routeKey === undefined ? this.total : (this.routes.get(routeKey)?.count ?? 0);
  }

  snapshot(): RequestCounts {
    return {
      total: this.total,
      routes: Object.fromEntries(
        [...this.routes].map(([k, v]) => [k, { count: v.count, statuses: { ...v.statuses } }]),
      ),
    };
  }

  reset(): void {
    this.routes.clear();
    this.total = 0;
  }
}
