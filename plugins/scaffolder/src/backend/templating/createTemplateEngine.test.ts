import { InputError } from '@callboard/plugin-api/common';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from './createTemplateEngine';

const renderer = createTemplateEngine();

const context = {
  parameters: {
    name: 'Payments API',
    port: 8080,
    public: false,
    tags: ['api', 'payments'],
    owner: { ref: 'group:default/team-a', nested: { deep: 'value' } },
    repoUrl: 'git.example.com?owner=acme&repo=payments-api',
    optional: null,
  },
  steps: { publish: { output: { remoteUrl: 'https://git.example.com/acme/payments-api.git' } } },
  user: { ref: 'user:default/ada' },
  secrets: { TOKEN: 's3cret' },
};

const render = (template: unknown) => renderer.renderValue(template, context);

describe('the template renderer', () => {
  it('interpolates ${{ }} expressions and runs {% %} tags', () => {
    expect(render('Hello ${{ parameters.name }}!')).toBe('Hello Payments API!');
    expect(render("${{ steps['publish'].output.remoteUrl }}")).toBe(
      'https://git.example.com/acme/payments-api.git',
    );
    expect(render('${{ steps.publish.output.remoteUrl | replace(".git", "") }}')).toBe(
      'https://git.example.com/acme/payments-api',
    );
    expect(render('{% for tag in parameters.tags %}[${{ tag }}]{% endfor %}')).toBe(
      '[api][payments]',
    );
    expect(render('{% if parameters.public %}public{% else %}private{% endif %}')).toBe('private');
    expect(render('port ${{ parameters.port + 1 }}')).toBe('port 8081');
    // `{{ }}` without the dollar is text (GitHub Actions and friends use it in skeletons).
    expect(render('run: echo {{ github.sha }}')).toBe('run: echo {{ github.sha }}');
    expect(render('{% raw %}${{ github.sha }}{% endraw %}')).toBe('${{ github.sha }}');
    expect(render('no templating here')).toBe('no templating here');
    // No autoescaping: this renders files and YAML values, not HTML.
    expect(render('${{ "<b>&</b>" }} x')).toBe('<b>&</b> x');
  });

  it('keeps the type of a string that is exactly one expression', () => {
    expect(render('${{ parameters.port }}')).toBe(8080);
    expect(render('  ${{ parameters.public }}  ')).toBe(false);
    expect(render('${{ parameters.tags }}')).toEqual(['api', 'payments']);
    expect(render('${{ parameters.owner }}')).toEqual({
      ref: 'group:default/team-a',
      nested: { deep: 'value' },
    });
    expect(render('${{ parameters.optional }}')).toBeNull();
    expect(render('${{ parameters.missing }}')).toBeUndefined();
    expect(render('${{ parameters.port === 8080 }}')).toBe(true);
    expect(render('${{ secrets.MISSING or false }}')).toBe(false);
    expect(render('${{- parameters.port -}}')).toBe(8080);
    // More than one expression, or text around one, is a string.
    expect(render('${{ parameters.port }}${{ parameters.port }}')).toBe('80808080');
    expect(render('port ${{ parameters.port }}')).toBe('port 8080');
    expect(render('${{ parameters.tags }} ')).toEqual(['api', 'payments']);
  });

  it('renders every string in objects and lists, leaving keys and other values alone', () => {
    const input = {
      name: '${{ parameters.name }}',
      '${{ key }}': 1,
      list: ['${{ parameters.port }}', true, null, { nested: '${{ user.ref }}' }],
    };
    expect(render(input)).toEqual({
      name: 'Payments API',
      '${{ key }}': 1,
      list: [8080, true, null, { nested: 'user:default/ada' }],
    });
    // The input is not modified.
    expect(input.name).toBe('${{ parameters.name }}');
  });

  it('gives templates a copy of the context, never the caller’s objects', () => {
    const shared = { list: [1] };
    const result = renderer.renderValue('{% set _ = shared.list.push(2) %}${{ shared.list }}', {
      shared,
    });
    expect(result).toBe('1,2');
    expect(shared.list).toEqual([1]);
    const returned = renderer.renderValue('${{ shared }}', { shared }) as typeof shared;
    expect(returned).toEqual(shared);
    expect(returned).not.toBe(shared);
  });

  it('parses repository URLs: parseRepoUrl, pick and projectSlug', () => {
    expect(render('${{ parameters.repoUrl | parseRepoUrl }}')).toEqual({
      host: 'git.example.com',
      owner: 'acme',
      repo: 'payments-api',
    });
    expect(render("${{ parameters.repoUrl | parseRepoUrl | pick('repo') }}")).toBe('payments-api');
    expect(render("${{ parameters.owner | pick('nested.deep') }}")).toBe('value');
    expect(render("${{ parameters.owner | pick('nothing.here') }}")).toBeUndefined();
    expect(render('${{ parameters.repoUrl | projectSlug }}')).toBe('acme/payments-api');
    expect(() => render("${{ 'no-repo.example.com?owner=a' | parseRepoUrl }}")).toThrow(
      /has no repo=/,
    );
    expect(() => render("${{ parameters.owner | pick('constructor') }}")).toThrow(
      /"constructor" is not accessible/,
    );
  });

  it('parses entity refs with optional defaults', () => {
    expect(render('${{ parameters.owner.ref | parseEntityRef }}')).toEqual({
      kind: 'group',
      namespace: 'default',
      name: 'team-a',
    });
    expect(
      render("${{ 'ada' | parseEntityRef({ defaultKind: 'user', defaultNamespace: 'people' }) }}"),
    ).toEqual({ kind: 'user', namespace: 'people', name: 'ada' });
    expect(render("${{ ('group:team-b' | parseEntityRef).namespace }}")).toBe('default');
    expect(() => render("${{ 'ada' | parseEntityRef }}")).toThrow(/has no kind/);
  });

  it("offers nunjucks' built-in filters", () => {
    expect(render('${{ parameters.tags | dump }}')).toBe('["api","payments"]');
    expect(render('${{ parameters.name | lower | replace(" ", "-") }}')).toBe('payments-api');
    expect(render('${{ parameters.name | upper }}')).toBe('PAYMENTS API');
    expect(render("${{ 'my-service' | replace('-', ' ') | title }}")).toBe('My Service');
    expect(render('${{ parameters.tags | join(", ") }}')).toBe('api, payments');
    expect(render('${{ parameters.tags | length }}')).toBe(2);
    expect(render('${{ parameters.tags | first }}')).toBe('api');
    expect(render("${{ parameters.missing | default('fallback') }}")).toBe('fallback');
    expect(render('${{ "  x  " | trim }}')).toBe('x');
    expect(render('${{ 3.14159 | round(2) }}')).toBe(3.14);
    expect(render('${{ "42" | int }}')).toBe(42);
    expect(render('${{ [3, 1, 2] | sort | join }}')).toBe('123');
    expect(render('${{ "a\nb" | indent(2, true) }}')).toBe('  a\n  b');
    expect(render('${{ "a b" | urlencode }}')).toBe('a%20b');
    expect(render('${{ parameters.name.split(" ")[0] }}')).toBe('Payments');
  });

  it('renders strings with options: cookiecutter compatibility, trimBlocks, lstripBlocks', () => {
    const values = { values: { name: 'svc', items: ['a', 'b'] } };
    expect(renderer.renderString('name: ${{ values.name }}', values)).toBe('name: svc');
    expect(
      renderer.renderString(
        'name: {{ cookiecutter.name }} {{ cookiecutter.items | jsonify }} ${HOME}',
        values,
        { cookiecutterCompat: true },
      ),
    ).toBe('name: svc ["a","b"] ${HOME}');
    const loop = '{% for item in values.items %}\n  - ${{ item }}\n  {% endfor %}\n';
    expect(renderer.renderString(loop, values)).toBe('\n  - a\n  \n  - b\n  \n');
    expect(renderer.renderString(loop, values, { trimBlocks: true, lstripBlocks: true })).toBe(
      '  - a\n  - b\n',
    );
  });

  it('reports mistakes as InputError naming the expression and line', () => {
    const attempt = (template: string) => {
      try {
        renderer.renderString(template, context);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error(`${template} rendered`);
    };
    expect(attempt('${{ parameters.name | nosuchfilter }}')).toBe(
      'Cannot render "${{ parameters.name | nosuchfilter }}": There is no filter "nosuchfilter"',
    );
    expect(attempt('${{ 1 + }}')).toMatch(/^Cannot render "\$\{\{ 1 \+ \}\}": unexpected token/);
    expect(attempt('a: 1\nb: ${{ parameters.nothing.call() }}\n')).toBe(
      'Cannot render line 2 "b: ${{ parameters.nothing.call() }}": Unable to call `parameters["nothing"]["call"]`, which is undefined or falsey',
    );
    expect(attempt('a\n{% if x %}\n')).toMatch(/^Cannot render the template: .*endif/);
  });
});
