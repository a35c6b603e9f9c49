export {
  HttpService,
  type HttpServiceOptions,
  type HttpCall,
  type HttpResponse,
  type RequestAuthenticator,
} from './lib/http-service';
export { UpstreamError, type UpstreamErrorCode, type UpstreamErrorContext, bodyExcerpt } from './lib/errors';
export {
  RetryPolicy,
  type RetryPolicyOptions,
  DEFAULT_RETRY_STATUSES,
  parseRetryAfter,
} from './lib/retry-policy';
