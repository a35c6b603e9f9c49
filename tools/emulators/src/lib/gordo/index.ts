export { GordoEmulator, GORDO_SERVER_VERSION, type GordoEmulatorOptions } from './emulator';
export {
  GordoCollection,
  memoryFiles,
  type GordoCollectionInit,
  type GordoModelFiles,
} from './collection/collection';
export { loadCollectionFromDirectory, type LoadCollectionOptions } from './collection/load';
export {
  generateCollection,
  peerLikeCollectionOptions,
  type GenerateCollectionOptions,
  type GeneratedModelSpec,
} from './collection/generate';
export { EMULATOR_PARAMS_KEY, type EmulatedModel, type LinearModelParams } from './model/linear-model';
export type { MachineFacts } from './model/machine';
export {
  dumpsPython,
  keysInOrder,
  parsePythonJson,
  PyFloat,
  PythonJsonSyntaxError,
  type PyJson,
  type PyObject,
} from './python/json';
