export { renderStatusPage, type StatusPageOptions } from './render-status-page';
export {
  registerStatusRoutes,
  statusRouteHandlers,
  scopeOf,
  StatusRouteError,
  STATUS_LIMITS,
  type StatusRouteErrorCode,
  type StatusRouteHandlers,
  type StatusRouteOptions,
} from './status-routes';
export {
  modelHistoryHref,
  statusJsonHref,
  statusPageHref,
  MODEL_HISTORY_PATTERN,
  STATUS_JSON_PATH,
  STATUS_PAGE_PATH,
  type StatusScope,
} from './status-links';
