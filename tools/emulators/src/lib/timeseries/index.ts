export {
  DEFAULT_SENSOR_GROUPS,
  TimeseriesEmulator,
  type SensorGroupConfig,
  type TimeseriesAuthOptions,
  type TimeseriesEmulatorOptions,
} from './timeseries-emulator';
export { SeriesStore, type PointView, type Window as SeriesWindow } from './series-store';
export { type SeriesRecord } from './series-model';
export { type StoredPoint } from './point-buffer';
export { type TimeseriesSettings } from './routes/route-context';
export { API_VERSIONS, VERSION_TRAITS, type ApiVersion, type VersionTraits } from './versions';
export { formatDataTime, parseTime } from './time-parsing';
