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
export { describeForUser } from './describeForUser';
// fetch and zod only: the same calls serve any plugin's frontend and common clients.
export { apiUrl, fetchApi, parseJson, type ApiRequest } from './fetchApi';
export {
  findUnstorableValue,
  maxIndexedBytes,
  maxStoredStringBytes,
  toStorableText,
  unstorableStringReason,
  type UnstorableValue,
} from './storableValue';
