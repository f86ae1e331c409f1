import { describe, expect, it } from 'vitest';
import { describeForUser } from './describeForUser';
import { InputError, ServiceUnavailableError } from './errors';

/** What pg and PGlite throw, after knex put the SQL in front of the message. */
function databaseError(code: string, message: string): Error {
  const error = new Error(
    `select * from catalog_final_entities where entity_ref = $1 - ${message}`,
  );
  error.name = 'error';
  Object.assign(error, { code, severity: 'ERROR', routine: 'report_invalid_encoding_int' });
  return error;
}

describe('describeForUser', () => {
  it('keeps the message of a typed error and of a plain error written for people', () => {
    expect(describeForUser(new InputError('metadata.name must be a string'))).toBe(
      'metadata.name must be a string',
    );
    expect(describeForUser(new ServiceUnavailableError('Callboard is starting'))).toBe(
      'Callboard is starting',
    );
    expect(describeForUser(new Error('Unable to read url:https://x/y.yaml, HTTP 404'))).toBe(
      'Unable to read url:https://x/y.yaml, HTTP 404',
    );
  });

  it('never repeats SQL: database errors of either engine are described by their SQLSTATE', () => {
    expect(
      describeForUser(databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')),
    ).toBe('the database cannot store a character of this value (SQLSTATE 22021)');
    expect(describeForUser(databaseError('42P01', 'relation "x" does not exist'))).toBe(
      'a database error occurred (SQLSTATE 42P01)',
    );
    // A knex error without a SQLSTATE that still quotes its query.
    expect(
      describeForUser(
        new Error(
          'Undefined binding(s) detected when compiling SELECT. query: select "a" from "b" where "c" = ?',
        ),
      ),
    ).toBe('an internal error occurred');
    expect(
      describeForUser(new InputError('bad: delete from catalog_locations where id = $1')),
    ).toBe('an internal error occurred');
  });

  it('never repeats a stack overflow or a programming error', () => {
    expect(describeForUser(new RangeError('Maximum call stack size exceeded'))).toBe(
      'the input is nested too deeply to process',
    );
    expect(
      describeForUser(new TypeError("Cannot read properties of undefined (reading 'x')")),
    ).toBe('an internal error occurred');
  });

  it("removes the server's source paths and stack frames, keeping the rest of the sentence", () => {
    expect(
      describeForUser(
        new Error(
          'Cannot load /work/callboard/node_modules/yaml/dist/index.js:12:5 for the file\n    at load (/work/callboard/src/x.ts:1:2)',
        ),
      ),
    ).toBe('Cannot load (server file) for the file');
    expect(
      describeForUser(new InputError('failed in file:///srv/app/plugins/catalog/src/a.ts:3:4')),
    ).toBe('failed in (server file)');
  });

  it("removes any absolute path from an untyped error's text, but not from URLs or typed errors", () => {
    expect(
      describeForUser(
        new Error(
          "Cannot clone https://git.example.com/a/b: fatal: could not create work tree dir '/var/cache/callboard/git/abc': Permission denied",
        ),
      ),
    ).toBe(
      "Cannot clone https://git.example.com/a/b: fatal: could not create work tree dir '(server path)': Permission denied",
    );
    expect(describeForUser(new Error('Cannot read /srv/catalog/org.yaml: EACCES'))).toBe(
      'Cannot read (server path): EACCES',
    );
    expect(describeForUser(new InputError('No route for GET /api/catalog/nope'))).toBe(
      'No route for GET /api/catalog/nope',
    );
  });

  it('describes what is not an Error at all', () => {
    expect(describeForUser('a string')).toBe('an internal error occurred');
    expect(describeForUser(undefined)).toBe('an internal error occurred');
  });
});
