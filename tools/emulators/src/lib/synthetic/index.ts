export {
  SyntheticSignals,
  STATUS_BAD,
  STATUS_GOOD,
  STATUS_QUESTIONABLE,
  type SensorGroupDefinition,
  type SyntheticPoint,
  type SyntheticSignalOptions,
  type TimeInput,
} from './synthetic-signals';
export { type AnomalyEpisode, type AnomalyKind, type AnomalyOptions } from './anomaly-episodes';
export { type SensorKind, type TagProfile } from './tag-profile';
