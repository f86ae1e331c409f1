import { createServer } from 'node:http';
import { InputError } from '@callboard/plugin-api/common';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTemplateRenderer,
  RenderAbortedError,
  RenderLimitError,
  type PooledTemplateRenderer,
} from './createTemplateRenderer';

/** From the issue: 14 s and 4 GB on the event loop before ADR 0019, no counter ever tripped. */
const bomb = '{% set m = range(10000).map(range(10000).concat) %}{% set f = m.flat() %}';
/** 10^12 loop iterations: with the operation counter lifted, it never ends by itself. */
const endless =
  '{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}{% endfor %}{% endfor %}{% endfor %}';

describe('the pooled template renderer', () => {
  const pools: PooledTemplateRenderer[] = [];
  const pool = (options: Parameters<typeof createTemplateRenderer>[0]) => {
    const created = createTemplateRenderer(options);
    pools.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(pools.map(created => created.close()));
  });

  it('renders a whole value, a string and a set of files, one round trip each', async () => {
    let jobs = 0;
    const renderer = pool({ onJobStarted: () => jobs++ });
    const context = { parameters: { name: 'svc', tags: ['a', 'b'] } };
    expect(
      await renderer.renderValue(
        { name: '${{ parameters.name | upper }}', tags: '${{ parameters.tags }}', n: 3 },
        context,
      ),
    ).toEqual({ value: { name: 'SVC', tags: ['a', 'b'], n: 3 }, revealed: [] });
    expect(
      await renderer.renderString(
        '{{ cookiecutter.x }}!',
        { values: { x: 1 } },
        {
          cookiecutterCompat: true,
        },
      ),
    ).toBe('1!');
    expect(
      await renderer.renderFiles(
        [
          {
            path: '${{ values.name }}/README.md',
            renderPath: true,
            content: '# ${{ values.name }}',
          },
          { path: 'static/${{ x }}', renderPath: false },
        ],
        { values: { name: 'svc' } },
      ),
    ).toEqual([{ path: 'svc/README.md', content: '# svc' }, { path: 'static/${{ x }}' }]);
    expect(jobs).toBe(3);
    // Errors name the file and keep the sandbox's message.
    await expect(
      renderer.renderFiles(
        [{ path: 'a.txt', renderPath: true, content: '${{ x.constructor }}' }],
        {},
      ),
    ).rejects.toThrow(
      new InputError(
        'a.txt: Cannot render "${{ x.constructor }}": "constructor" is not accessible in templates',
      ),
    );
  });

  it('stops a render at the heap cap, and keeps rendering afterwards', async () => {
    const renderer = pool({ maxMemoryMb: 64, workers: 1 });
    const failure = renderer.renderString(bomb, {});
    await expect(failure).rejects.toBeInstanceOf(RenderLimitError);
    await expect(failure).rejects.toThrow('template rendering exceeded 5 s / 64 MB');
    expect(await renderer.renderString('${{ 1 + 1 }}', {})).toBe('2');
  });

  it('stops a render at its deadline', async () => {
    const renderer = pool({ timeoutMs: 1, workers: 1, limits: { maxOperations: Infinity } });
    await expect(renderer.renderString(endless, {})).rejects.toThrow(
      new RenderLimitError('template rendering exceeded 1 ms / 256 MB'),
    );
  });

  it('keeps the event loop free while a runaway render is in flight, and cancels it', async () => {
    let started!: () => void;
    const inFlight = new Promise<void>(resolve => (started = resolve));
    const renderer = pool({
      timeoutMs: 10 * 60_000,
      workers: 1,
      limits: { maxOperations: Infinity },
      onJobStarted: () => started(),
    });
    const controller = new AbortController();
    let settled = false;
    const runaway = renderer.renderString(endless, {}, { signal: controller.signal });
    void runaway.then(
      () => (settled = true),
      () => (settled = true),
    );
    await inFlight;

    // This thread answers HTTP while the worker is stuck in the template.
    const server = createServer((_, response) => response.end('ok'));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    const answer = await (await fetch(`http://127.0.0.1:${address.port}/`)).text();
    await new Promise<void>(resolve => server.close(() => resolve()));
    expect(answer).toBe('ok');
    expect(settled).toBe(false);

    controller.abort();
    await expect(runaway).rejects.toBeInstanceOf(RenderAbortedError);
    // The stuck worker was replaced.
    expect(await renderer.renderString('${{ "still here" }}', {})).toBe('still here');
  });

  it('fails what waits when it is closed', async () => {
    const renderer = createTemplateRenderer({ workers: 1, limits: { maxOperations: Infinity } });
    const outcomes = Promise.allSettled([
      renderer.renderString(endless, {}),
      renderer.renderString('x', {}),
    ]);
    await renderer.close();
    const stopped = new InputError('Template rendering has stopped');
    expect(await outcomes).toEqual([
      { status: 'rejected', reason: stopped },
      { status: 'rejected', reason: stopped },
    ]);
    await expect(renderer.renderString('x', {})).rejects.toThrow('Template rendering has stopped');
  });
});
