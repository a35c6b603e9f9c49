import { machineFacts, type MachineFacts } from '../model/machine';
import { parsePythonJson, type PyObject } from '../python/json';
import { send, type RawResponse } from '../testing/http';

/** The server under test: where it listens and which of its models and revisions to use. */
export interface GordoContractTarget {
  /** e.g. `http://127.0.0.1:5555`, no trailing slash. */
  baseUrl: string;
  project: string;
  /** The revision served by default. */
  latestRevision: string;
  /** Another revision that holds `models.anomaly`. */
  oldRevision: string;
  models: {
    /** A DiffBasedAnomalyDetector with thresholds and a smoothing window whose targets are its inputs. */
    anomaly: string;
    /** An anomaly detector with fewer targets than input tags. */
    targetSubset: string;
    /** A plain pipeline: its anomaly route answers 422. */
    plain: string;
  };
  /** Makes a new revision that holds only `models.anomaly` (a copy of the old one) and returns its name; the DELETE case removes it. */
  createThrowawayRevision(): Promise<string>;
}

/** What every case gets: the target and the facts read from its metadata. */
export interface CaseContext {
  target: GordoContractTarget;
  /** `/gordo/v0/<project>` */
  prefix: string;
  anomaly: MachineFacts;
  /** The anomaly model as the old revision has it (other thresholds). */
  anomalyOld: MachineFacts;
  targetSubset: MachineFacts;
  plain: MachineFacts;
}

export interface ContractCase {
  /** The behaviour, as a sentence. */
  name: string;
  /** Sends the case's requests (the same ones to every target). */
  run(ctx: CaseContext): Promise<RawResponse[]>;
  /** Asserts the documented behaviour on one target's responses. */
  check(responses: RawResponse[], ctx: CaseContext): void;
}

/** Reads the facts of the three models from the target's `/metadata`. */
export async function caseContext(target: GordoContractTarget): Promise<CaseContext> {
  const prefix = `/gordo/v0/${target.project}`;
  const facts = async (model: string, revision = target.latestRevision) => {
    const path = `${prefix}/${model}/metadata?revision=${revision}`;
    const res = await send(target.baseUrl, 'GET', path);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    return machineFacts((parsePythonJson(res.text) as PyObject)['metadata'] as PyObject);
  };
  return {
    target,
    prefix,
    anomaly: await facts(target.models.anomaly),
    anomalyOld: await facts(target.models.anomaly, target.oldRevision),
    targetSubset: await facts(target.models.targetSubset),
    plain: await facts(target.models.plain),
  };
}
