import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';
import { afterAll, describe, expect, it } from 'vitest';
import { createTemplateEngine } from './createTemplateEngine';

const dir = mkdtempSync(join(tmpdir(), 'callboard-sandbox-'));
const marker = join(dir, 'escaped');
const globals = globalThis as Record<string, unknown>;

/** JavaScript a successful escape would run: it leaves a global and a file behind. */
const payload = `globalThis.__escaped = true; process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return process`;
const js = JSON.stringify(payload);

const renderer = createTemplateEngine();
const context = { parameters: { name: 'x', list: [1, 2], nested: { a: 1 } } };

function refused(template: string, options?: { cookiecutterCompat?: boolean }): string {
  let message: string;
  try {
    const result = options
      ? renderer.renderString(template, context, options)
      : renderer.renderValue(template, context);
    message = `rendered to ${JSON.stringify(result)}`;
  } catch (error) {
    expect(error, template).toBeInstanceOf(InputError);
    message = (error as Error).message;
  }
  expect(globals.__escaped, template).toBeUndefined();
  expect(existsSync(marker), template).toBe(false);
  return message;
}

describe('the template sandbox', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the known escapes through constructors and prototypes', () => {
    const escapes: Array<[string, RegExp]> = [
      [`\${{ range.constructor(${js})() }}`, /"constructor" is not accessible/],
      [`\${{ "".constructor.constructor(${js})() }}`, /"constructor" is not accessible/],
      [`{% set x = cycler.constructor %}\${{ x(${js})() }}`, /"constructor" is not accessible/],
      [`\${{ joiner()["constructor"](${js})() }}`, /"constructor" is not accessible/],
      [`\${{ parameters.list.map.constructor(${js})() }}`, /"constructor" is not accessible/],
      [`\${{ parameters.__proto__.constructor.constructor(${js})() }}`, /"__proto__"/],
      [`\${{ parameters["__proto__"]["constructor"] }}`, /"__proto__" is not accessible/],
      [`\${{ {}.__proto__ }}`, /"__proto__" is not accessible/],
      [`\${{ parameters.nested.__defineGetter__ }}`, /"__defineGetter__" is not accessible/],
      [`\${{ parameters.name.__lookupGetter__ }}`, /"__lookupGetter__" is not accessible/],
      [`\${{ parameters.nested.prototype }}`, /"prototype" is not accessible/],
      // A list as a member name would otherwise be converted to the string "constructor".
      [`\${{ range[["constructor"]](${js})() }}`, /must be a string or a number/],
      [`\${{ parameters[["__proto__"]] }}`, /must be a string or a number/],
      // Free names are looked up in the context object, whose prototype has `constructor`.
      [`\${{ constructor(${js}) }}`, /"constructor" is not accessible/],
      [`\${{ __proto__ }}`, /"__proto__" is not accessible/],
      // Filters and tests are found by name in plain objects too.
      [`\${{ ${js} | constructor }}`, /There is no filter "constructor"/],
      [`\${{ ${js} | __defineGetter__ }}`, /There is no filter "__defineGetter__"/],
      [`\${{ 1 is constructor }}`, /There is no test "constructor"/],
      // Functions have no members to read: no call/apply/bind, no name, no constructor.
      [`\${{ range.call(null, 1) }}`, /Functions have no members/],
      [`\${{ cycler.apply }}`, /Functions have no members/],
      // Variables must not shadow the blocked names either.
      [`{% set constructor = 1 %}`, /"constructor" is not accessible/],
      [`{% for __proto__ in [1] %}{% endfor %}`, /"__proto__" is not accessible/],
      // The same in cookiecutter mode.
      [`{{ range.constructor(${js})() }}`, /"constructor" is not accessible/],
    ];
    for (const [template, message] of escapes) {
      const options = template.startsWith('{{') ? { cookiecutterCompat: true } : undefined;
      expect(refused(template, options), template).toMatch(message);
    }
  });

  it('reads only own properties of objects, and allowed methods of strings and lists', () => {
    const render = (template: string) => renderer.renderValue(template, context);
    expect(render('${{ parameters.nested.toString }}')).toBeUndefined();
    expect(render('${{ parameters.nested.hasOwnProperty }}')).toBeUndefined();
    expect(() => render('${{ parameters.hasOwnProperty("name") }}')).toThrow(
      /Unable to call `parameters\["hasOwnProperty"\]`, which is undefined/,
    );
    expect(render('${{ "toString" in parameters }}')).toBe(false);
    expect(render('${{ "name" in parameters }}')).toBe(true);
    expect(render('${{ parameters.name.toUpperCase() }}')).toBe('X');
    expect(render('${{ parameters.list.concat([3]).join("-") }}')).toBe('1-2-3');
    expect(refused('${{ parameters.name.match("x") }}')).toMatch(
      /The string method "match" is not available/,
    );
    expect(refused('${{ parameters.list.fill(0) }}')).toMatch(
      /The list method "fill" is not available/,
    );
    expect(refused('${{ parameters.list.values }}')).toMatch(/"values" is not available/);
  });

  it('refuses tags that load other templates or files', () => {
    for (const [template, tag] of [
      ['{% include "/etc/passwd" %}', 'include'],
      ['{% include "../../../etc/passwd" ignore missing %}', 'include'],
      ['{% import "/etc/passwd" as p %}', 'import'],
      ['{% from "/etc/passwd" import x %}', 'from … import'],
      ['{% extends "/etc/passwd" %}', 'extends'],
      ['{% if false %}{% include "/etc/passwd" %}{% endif %}', 'include'],
    ]) {
      expect(refused(template!)).toContain(`{% ${tag} %} is not available`);
      expect(refused(template!)).not.toMatch(/root:/);
    }
  });

  it('refuses names that would inject code into the JavaScript nunjucks generates', () => {
    // In stock nunjucks 3.2.4 this runs the code: a call's name is pasted into the generated
    // JavaScript with only double quotes escaped.
    const injected = "${{ '\\\\\"+(globalThis.__escaped=true)+`'() }}`)));//";
    expect(refused(injected)).toMatch(/Unable to call/);
    expect(refused("${{ parameters['\\\\\"+(globalThis.__escaped=true)+`']() }}`)));//")).toMatch(
      /Unable to call/,
    );
    for (const [template, message] of [
      ['{% set "a\\\\\\"b" = 1 %}', /\{% set %\} takes names/],
      ['{% for a, "b\\\\" in [[1, 2]] %}{% endfor %}', /\{% for %\} takes names/],
      ['{% macro "m\\\\"() %}{% endmacro %}', /\{% macro %\} takes names/],
      ['{% macro m("k\\\\"=1) %}{% endmacro %}', /\{% macro %\} takes names/],
      ['${{ 1 is "t\\\\" }}', /"is" takes names/],
      ['${{ a\\b }}', /"a\\\\b" is not a valid name/],
      ['${{ a"b }}', /is not a valid name/],
    ] as const) {
      expect(refused(template), template).toMatch(message);
    }
  });

  it('refuses regular expressions, whose backtracking could run for minutes', () => {
    expect(refused('${{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!" | replace(r/(a+)+$/, "") }}')).toMatch(
      /Regular expressions/,
    );
    expect(refused('${{ parameters.name.search("(a+)+$") }}')).toMatch(/"search" is not available/);
  });

  it('bounds ranges, strings, lists, operations and time', () => {
    // No time limit to speak of here: on a loaded machine 50 ms ran out before 5000 operations
    // did. The time limit has its own renderer below.
    const small = createTemplateEngine({
      limits: {
        maxStringLength: 1000,
        maxArrayLength: 100,
        maxOperations: 5000,
        maxRenderMs: 60_000,
      },
    });
    const fails = (template: string, message: RegExp) =>
      expect(() => small.renderString(template, {}), template).toThrow(message);
    expect(small.renderString('${{ range(3) | join(",") }}', {})).toBe('0,1,2');
    expect(() => renderer.renderValue('${{ range(10001) }}', {})).toThrow(
      /range\(\) of 10001 numbers is longer than the limit of 10000/,
    );
    expect(renderer.renderValue('${{ range(10000) | length }}', {})).toBe(10_000);
    fails('${{ "x".repeat(2000) }}', /would build a string of 2000 characters/);
    fails('${{ "x".padStart(5000) }}', /would build a string of 5000 characters/);
    fails('${{ "x" | center(5000) }}', /center would build a string/);
    fails(
      '${{ "xx" | replace("x", "yyyyyyyyyyyyyyyyyyyyyyyyy") | replace("y", "zzzzzzzzzzzzzzzzzzzzzzzzz") }}',
      /would build a string/,
    );
    fails(
      '{% set s = "0123456789" %}{% for i in range(10) %}{% set s = s ~ s %}{% endfor %}',
      /A string of 1280 characters is longer than the limit of 1000/,
    );
    fails(
      '{% set a = [1] %}{% for i in range(10) %}{% set a = a.concat(a) %}{% endfor %}',
      /A list of 128 items is longer than the limit of 100/,
    );
    fails(
      '{% for i in range(50) %}{% for j in range(50) %}x{% endfor %}{% endfor %}',
      /more than 5000 operations/,
    );
    fails('{% for i in range(1000) %}x{% endfor %}', /The output is 1000|longer than the limit/);
    fails('{% macro r() %}${{ r() }}{% endmacro %}${{ r() }}', /operations|call stack/);
    const slow = createTemplateEngine({ limits: { maxRenderMs: 20 } });
    expect(() =>
      slow.renderString(
        '{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}',
        {},
      ),
    ).toThrow(/ran longer than 20 ms|more than .* operations/);
    // A refused render leaves nothing behind: the next one works.
    expect(small.renderString('${{ "ok" }}', {})).toBe('ok');
  });
});
