export type { Emulator } from './lib/emulator';
export {
  EmulatorServer,
  type EmulatorServerOptions,
  type EmulatorRequest,
  type RouteHandler,
  type RequestGuard,
} from './lib/http/emulator-server';
export { FaultInjector, type FaultSpec, type FaultRule, type LatencySpec } from './lib/http/faults';
export { RequestCounter, type RequestCounts, type RouteCount } from './lib/http/request-counter';
export { json, text, html, SIGN_IN_PAGE, type EmulatorResponse } from './lib/http/responses';
export { createRandom, type Random } from './lib/random';
export {
  TokenEmulator,
  type TokenEmulatorOptions,
  DEFAULT_CLIENT,
  DEFAULT_TENANT_ID,
} from './lib/token/token-emulator';
export {
  TokenAuthority,
  type RegisteredClient,
  type TokenAuthorityOptions,
  type TokenCheck,
} from './lib/token/token-authority';
export { bearerGuard, type BearerGuardOptions } from './lib/token/bearer-guard';
export { generateTlsMaterial, type TlsMaterial } from './lib/token/certificates';
export * from './lib/synthetic';
export * from './lib/timeseries';
export * from './lib/metadata';
export * from './lib/gordo';
