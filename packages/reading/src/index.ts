// @callboard/reading: how every plugin reads repositories (ADR 0008). The backend builds one reader
// from `backend.reading` and `integrations` and gives it to each plugin as `context.reader`; the
// contract (`RepositoryReader`) is in @callboard/plugin-api/backend.
export { createRepositoryReader, type RepositoryReaderOptions } from './createRepositoryReader';
export { readReadingConfig, readingConfigSchema, type ReadingConfig } from './readingConfig';
export { MissingDescriptorError, ReadTooLargeError, UnsupportedReadError } from './readingErrors';
