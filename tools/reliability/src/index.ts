export { tallyOf, tallyLine, type Tally, type Observations } from './lib/tally';
export {
  readTallies,
  recordScenario,
  DEFAULT_TALLIES_FILE,
  type ScenarioRecord,
  type TalliesDocument,
} from './lib/tallies-file';
export { renderReliabilityDoc } from './lib/reliability-doc';
