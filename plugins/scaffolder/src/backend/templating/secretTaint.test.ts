import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from './createTemplateEngine';
import { customFilters } from './filters';
import { stringMethods } from './sandbox';

const engine = createTemplateEngine();
const secret = 'Deploy-Key-4242-xyz';
const context = {
  parameters: { name: 'svc', list: ['a', 'b'] },
  environment: {
    parameters: { region: 'eu' },
    secrets: { deployKey: secret, other: 'Other-0000' },
  },
  secrets: { token: 'Token-7777-abc' },
};
const secretPaths = [['secrets'], ['environment', 'secrets']];
const track = (value: unknown) => engine.renderTracked(value, context, secretPaths);

/** Every filter a template can name: nunjucks' built-ins and the scaffolder's own. */
const filterNames = [
  ...Object.keys((new nunjucks.Environment() as unknown as { filters: object }).filters),
  ...Object.keys(customFilters),
].sort();

describe('secret tracking in the engine', () => {
  it('knows the filters and methods it is tested with', () => {
    // A sanity check on the lists below, so that a changed nunjucks cannot empty them.
    expect(filterNames).toContain('reverse');
    expect(filterNames).toContain('upper');
    expect(filterNames).toContain('parseRepoUrl');
    expect(filterNames.length).toBeGreaterThan(40);
    expect(stringMethods.size).toBeGreaterThan(25);
  });

  it('marks a string that read a secret through any filter, even one that fails', () => {
    for (const filter of filterNames) {
      const template = `\${{ environment.secrets.deployKey | ${filter} }}`;
      let revealed;
      try {
        revealed = track({ message: template }).revealed;
      } catch (error) {
        // A failure after reading a secret shows only what the author wrote.
        expect((error as Error).message, filter).toBe(
          `Cannot render ${JSON.stringify(template)}: it failed after reading a secret (environment.secrets.deployKey); the error is not shown, as it could contain the secret`,
        );
        continue;
      }
      expect(revealed, filter).toEqual([
        { path: ['message'], secrets: ['environment.secrets.deployKey'] },
      ]);
    }
  });

  it('marks a string that read a secret through any string method', () => {
    for (const method of stringMethods) {
      const template = `\${{ environment.secrets.deployKey.${method}() }}`;
      let revealed;
      try {
        revealed = track({ message: template }).revealed;
      } catch (error) {
        expect((error as Error).message, method).toMatch(/failed after reading a secret/);
        expect((error as Error).message, method).not.toContain(secret);
        continue;
      }
      expect(revealed, method).toEqual([
        { path: ['message'], secrets: ['environment.secrets.deployKey'] },
      ]);
    }
  });

  it('follows a secret through variables, loops, macros, comparisons and whole objects', () => {
    const templates = [
      '{% set k = environment.secrets.deployKey %}${{ k | reverse }}',
      '{% for name, value in environment.secrets %}${{ value }}{% endfor %}',
      '${{ environment.secrets | dump }}',
      '${{ environment | dump }}',
      '${{ environment.secrets }}',
      '{% macro m(v) %}${{ v | upper }}{% endmacro %}${{ m(environment.secrets.deployKey) }}',
      '{% if environment.secrets.deployKey == "x" %}yes{% else %}no{% endif %}',
      '${{ environment.secrets.deployKey.length }}',
      '${{ "D" in environment.secrets.deployKey }}',
      '${{ environment.secrets | dictsort | join(",") }}',
      '${{ ["a", environment.secrets.deployKey] | sort | first }}',
      '${{ environment.secrets.deployKey[0] }}',
      '${{ parameters.name ~ environment.secrets.deployKey }}',
      '${{ parameters.list.concat([environment.secrets.deployKey]) }}',
      '${{ environment.secrets["deployKey"] | pick("length") }}',
    ];
    for (const template of templates) {
      const { revealed } = track({ a: { b: [template] } });
      expect(
        revealed.map(leak => leak.path),
        template,
      ).toEqual([['a', 'b', 0]]);
      expect(revealed[0]!.secrets.length, template).toBeGreaterThan(0);
    }
    expect(track({ t: '${{ secrets.token | lower }}' }).revealed).toEqual([
      { path: ['t'], secrets: ['secrets.token'] },
    ]);
  });

  it('leaves strings that did not read a secret unmarked', () => {
    const result = track({
      name: '${{ parameters.name | upper }}',
      region: '${{ environment.parameters.region }}',
      keys: '{% for name, value in environment.secrets %}${{ name }} {% endfor %}',
      has: '${{ "deployKey" in environment.secrets }}',
      key: '${{ environment.secrets.deployKey }}',
    });
    expect(result.value).toEqual({
      name: 'SVC',
      region: 'eu',
      keys: 'deployKey other ',
      has: true,
      key: secret,
    });
    expect(result.revealed).toEqual([
      { path: ['key'], secrets: ['environment.secrets.deployKey'] },
    ]);
  });
});
