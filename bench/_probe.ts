import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { fixedRateLoad } from './load/fixedRateLoad';
import { startBackendProcess } from '@callboard/test-utils';

const database = process.env.DB!;
const config = '/tmp/probe-config.json';
writeFileSync(config, JSON.stringify({
  backend: { listen: { port: 0, host: '127.0.0.1' },
    database: { client: 'pg', connection: { host: '127.0.0.1', port: 5432, user: 'postgres', database } } },
  catalog: { locations: [], processingInterval: { minutes: 60 } },
}));
const backend = startBackendProcess({ args: ['--config', config, ...(process.env.NODE_ARGS ? [] : [])], env: { LOG_LEVEL: 'info' }, ...(process.env.CPU_PROF ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] } : {}) } as never);
const url = await backend.ready;
const names: string[] = [];
const list = await (await fetch(`${url}/api/catalog/entities?filter=kind=component&fields=metadata.name&limit=500`)).json() as Array<{metadata:{name:string}}>;
for (const e of list) names.push(e.metadata.name);
const rate = Number(process.env.RATE ?? 1000);
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  let next = 0;
  const r = await autocannon({ url, connections: Number(process.env.CONNS ?? 20), duration: 10, overallRate: rate,
    requests: [{ setupRequest: req => ({ ...req, path: `/api/catalog/entities/by-name/component/default/${names[next++ % names.length]}` }) }] });
  console.log(JSON.stringify({ round, rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max }));
}
for (let round = 0; round < 3; round++) console.log('fixed', JSON.stringify(await fixedRateLoad({ url, rate, durationSeconds: 10, connections: Number(process.env.CONNS ?? 20), paths: names.map(n => `/api/catalog/entities/by-name/component/default/${n}`) })));
await backend.stop();
