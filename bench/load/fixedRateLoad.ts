import { Agent, request } from 'node:http';
import * as hdr from 'hdr-histogram-js';

export interface FixedRateResult {
  /** Responses per second actually completed over the run. */
  achievedRate: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  errors: number;
}

/**
 * Sends requests at a fixed rate, evenly spaced, whatever the server does (an open loop, as wrk2
 * does), and measures each one from the moment it was DUE, so time spent queued behind a slow
 * response counts against the server rather than silently lowering the rate.
 *
 * autocannon's `overallRate` is not this: each connection sends back to back until it has used
 * its share of the second, then waits for the next second. Its "1,000 req/s" is a burst at full
 * concurrency followed by silence, and on these 2 cores even a hello-world server measures a p99
 * of 7 ms that way.
 */
export async function fixedRateLoad(options: {
  url: string;
  /** More servers to spread the requests over, in turn with `url` (replicas behind a balancer). */
  moreUrls?: string[];
  /** Ends the run early: no request is due after it is aborted (the rest are awaited). */
  signal?: AbortSignal;
  paths: string[];
  rate: number;
  durationSeconds: number;
  /** Keep-alive connections at most; a request finding them all busy waits (and is measured). */
  connections: number;
}): Promise<FixedRateResult> {
  const targets = [options.url, ...(options.moreUrls ?? [])].map(url => new URL(url));
  const agents = targets.map(
    () =>
      new Agent({ keepAlive: true, maxSockets: Math.ceil(options.connections / targets.length) }),
  );
  // Microseconds, up to a minute.
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000 });
  let total = Math.round(options.rate * options.durationSeconds);
  const interval = 1000 / options.rate;
  let sent = 0;
  let done = 0;
  let errors = 0;
  const started = performance.now();

  await new Promise<void>(resolve => {
    const finish = () => {
      done++;
      if (done === total) resolve();
    };
    options.signal?.addEventListener('abort', () => {
      total = sent;
      if (done === total) resolve();
    });
    const send = (index: number) => {
      const due = started + index * interval;
      const target = index % targets.length;
      const req = request(
        {
          host: targets[target]!.hostname,
          port: targets[target]!.port,
          path: options.paths[Math.floor(index / targets.length) % options.paths.length],
          agent: agents[target],
        },
        res => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            histogram.recordValue(Math.max(1, Math.round((performance.now() - due) * 1000)));
            finish();
          });
        },
      );
      req.on('error', () => {
        errors++;
        finish();
      });
      req.end();
    };
    const pump = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) send(sent++);
      if (sent < total) setTimeout(pump, Math.max(0, started + sent * interval - now));
    };
    pump();
  });

  const elapsedSeconds = (performance.now() - started) / 1000;
  for (const agent of agents) agent.destroy();
  const ms = (percentile: number) =>
    Math.round(histogram.getValueAtPercentile(percentile) / 100) / 10;
  const result = {
    achievedRate: Math.round(total / elapsedSeconds),
    p50_ms: ms(50),
    p90_ms: ms(90),
    p99_ms: ms(99),
    max_ms: Math.round(histogram.maxValue / 100) / 10,
    errors,
  };
  histogram.destroy();
  return result;
}
