import type { GordoClientPool } from '../model-catalog/gordo-client-pool';
import type { Predictor } from '../pipeline/ports';

/** Anomaly predictions from Gordo (the `predictor` section): batched, JSON or parquet as configured. */
export class GordoPredictor implements Predictor {
  constructor(private readonly pool: GordoClientPool) {}

  async predict(request: Parameters<Predictor['predict']>[0]): ReturnType<Predictor['predict']> {
    const prediction = await this.pool.for(request.project).predict({
      model: request.model,
      revision: request.revision,
      X: request.X,
      signal: request.signal,
    });
    return { frame: prediction.frame, route: prediction.route, batches: prediction.batches };
  }
}
