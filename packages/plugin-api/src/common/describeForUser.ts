import { CallboardError } from './errors';

const internal = 'an internal error occurred';

/**
 * The one way an error's text reaches a person: a response, a stored problem, a task event.
 * Messages we wrote for people pass (without any source path or stack frame of the server);
 * what a database, the runtime or a library said about our own workings does not: SQL, a stack
 * overflow and programming errors become a short sentence, and the details stay in the log.
 */
export function describeForUser(error: unknown): string {
  if (!(error instanceof Error)) {
    return internal;
  }
  const database = databaseErrorCode(error);
  if (database) {
    return describeDatabaseError(database);
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return 'the input is nested too deeply to process';
  }
  if (
    !(error instanceof CallboardError) &&
    programmingErrors.some(Class => error instanceof Class)
  ) {
    return internal;
  }
  // Even a typed error may have been built from a driver's message.
  if (quotesSql.test(error.message)) {
    return internal;
  }
  const text = withoutServerDetails(error.message);
  // A typed error's message was written for people, and may name an API path on purpose; an
  // untyped one quotes whatever failed (git's stderr, a file system call) and its paths are ours.
  return (
    (error instanceof CallboardError ? text : text.replace(absolutePath, '(server path)')) ||
    internal
  );
}

/** Built-in errors that mean a bug of ours, whose text names our variables, not the input. */
const programmingErrors = [TypeError, ReferenceError, RangeError, EvalError];

/** knex puts the query in front of a driver's message (`select … - message`) and in its own. */
const quotesSql =
  /\b(?:select\s.+\sfrom|insert\s+into|update\s.+\sset|delete\s+from|with\s+recursive)\b/is;

/** pg and PGlite both throw errors carrying PostgreSQL's five-character SQLSTATE and a severity. */
function databaseErrorCode(error: Error): string | undefined {
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string'
    ? code
    : undefined;
}

function describeDatabaseError(code: string): string {
  if (code === '22021' || code === '22P05') {
    return `the database cannot store a character of this value (SQLSTATE ${code})`;
  }
  if (code === '54001') {
    return `the value is nested too deeply for the database (SQLSTATE ${code})`;
  }
  if (code === '57014') {
    return `the database query took too long and was cancelled (SQLSTATE ${code})`;
  }
  return `a database error occurred (SQLSTATE ${code})`;
}

/** A stack frame line: `    at fn (/path/file.ts:1:2)` or `    at /path/file.js:3:4`. */
const stackFrameLine = /^\s*at\s.*$/gm;
/** A file of the server's code (source, bundle, native module), as a path or a `file:` URL. */
const serverFile =
  /(?:file:\/\/)?(?:\/[^\s/:'"()<>]+)+\.(?:[cm]?[jt]sx?|node|wasm)(?::\d+){0,2}|\S*node_modules\/\S*|node:internal\/\S*/g;

/** An absolute path of two or more segments that starts a word (not the path of a URL). */
const absolutePath = /(?<=^|[\s'"(=])\/[\w.@+~-]+(?:\/[\w.@+~-]*)+/g;

function withoutServerDetails(message: string): string {
  return message
    .replace(stackFrameLine, '')
    .replace(serverFile, '(server file)')
    .split('\n')
    .map(line => line.trimEnd())
    .filter(line => line.trim() !== '')
    .join('\n')
    .trim();
}
