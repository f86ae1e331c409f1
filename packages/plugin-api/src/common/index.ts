export {
  AuthenticationError,
  BadGatewayError,
  CallboardError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
  NotModifiedError,
  ServiceUnavailableError,
  errorForName,
  errorNameForStatus,
  statusCodeForErrorName,
} from './errors';
export {
  errorFromResponse,
  errorResponseBodySchema,
  type ErrorResponseBody,
  type ResponseError,
} from './errorBody';
export { pluginIdSchema, tablePrefixForPluginId } from './pluginId';
export { durationSchema, durationToMilliseconds, type Duration } from './duration';
export { appTitleMetaName } from './appTitle';
