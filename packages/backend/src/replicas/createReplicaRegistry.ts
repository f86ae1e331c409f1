import type { Logger } from 'pino';
import type { LeaseKind, PluginInstance, ReplicaState } from '@callboard/plugin-api/backend';
import type { Database } from '../database/Database';
import { replicaTable } from './replicaMigrations';

export interface ReplicaRegistryOptions {
  database: Database;
  /** This replica's id: the owner written in every lease it takes. */
  instanceId: string;
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
  logger: Logger;
  /** How often this replica renews its row and looks for dead ones. */
  heartbeatIntervalMs: number;
  /** A replica whose row is older than this is taken for dead. */
  heartbeatTimeoutMs: number;
  /**
   * Only one process can use this database (PGlite and its lock file): any other row is a
   * process that died, whatever the age of its heartbeat, and is cleared at start.
   */
  exclusive?: boolean;
}

export interface ReplicaRegistry {
  /** The view a plugin gets (`context.instance`): its lease kinds are named `<pluginId>.<id>`. */
  forPlugin(pluginId: string): PluginInstance;
  /** Writes this replica's row, clears the dead, and starts beating. */
  start(): Promise<void>;
  /** Stops beating, gives back every lease this replica still holds and removes its row. */
  stop(): Promise<void>;
  /** The live replicas and their leases. */
  list(): Promise<ReplicaState[]>;
  /** One heartbeat and one sweep for dead replicas, now; returns the ids found dead. */
  beat(): Promise<string[]>;
}

interface ReplicaRow {
  id: string;
  host: string;
  pid: number;
  version: string;
  started_at: Date | string;
  heartbeat_at: Date | string;
}

/**
 * Replicas announce themselves in `backend_replicas` and renew their row every heartbeat. Each
 * beat also looks for replicas that stopped beating: their leases (every kind registered by the
 * backend and its plugins) are given back at once, so that the survivors take the work within
 * `timeout + interval`, not after a lease timeout of minutes. Time is the database's `now()`.
 */
export function createReplicaRegistry(options: ReplicaRegistryOptions): ReplicaRegistry {
  const { database, instanceId, logger } = options;
  const knex = database.knex;
  const kinds = new Map<string, LeaseKind>();
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<unknown> = Promise.resolve();
  let running = false;
  let announced = false;

  function registerLeases(pluginId: string, kind: LeaseKind): void {
    const name = `${pluginId}.${kind.id}`;
    if (kinds.has(name)) throw new Error(`Leases ${name} are already registered`);
    kinds.set(name, kind);
  }

  /** Renews this replica's row, or writes it again if another replica took it for dead. */
  async function heartbeat(): Promise<void> {
    const result = (await knex.raw(
      `insert into ${replicaTable} (id, host, pid, version, started_at, heartbeat_at)
       values (?, ?, ?, ?, ?, now())
       on conflict (id) do update set heartbeat_at = now()
       returning (xmax = 0) as inserted`,
      [instanceId, options.host, options.pid, options.version, options.startedAt],
    )) as { rows: Array<{ inserted: boolean }> };
    if (announced && result.rows[0]?.inserted) {
      logger.warn(
        'this replica was taken for dead (no heartbeat for longer than backend.heartbeat.timeout); ' +
          'its leases went to other replicas, and work it had in hand will not be written',
      );
    }
    announced = true;
  }

  /** Leases held now, by kind and owner. */
  async function leasesByKind(): Promise<Map<string, ReadonlyMap<string, number>>> {
    const entries = await Promise.all(
      [...kinds].map(async ([name, kind]) => [name, await kind.countByOwner()] as const),
    );
    return new Map(entries);
  }

  async function liveRows(): Promise<ReplicaRow[]> {
    return (await knex(replicaTable)
      .where(
        'heartbeat_at',
        '>=',
        knex.raw(`now() - ? * interval '1 millisecond'`, [options.heartbeatTimeoutMs]),
      )
      .orderBy('started_at')
      .select('*')) as ReplicaRow[];
  }

  /**
   * Gives back the leases of every owner that is not a live replica: those whose row went stale,
   * and owners with no row at all (a row removed by a sweep whose releases then failed). Owners
   * are read before the live rows: a replica writes its row before it takes any lease, so an owner
   * seen first and without a live row afterwards is really gone.
   */
  async function sweep(everyOther: boolean): Promise<string[]> {
    const leases = await leasesByKind();
    const live = new Set(
      everyOther ? [instanceId] : (await liveRows()).map(row => row.id).concat(instanceId),
    );
    const staleRows = (await knex(replicaTable)
      .whereNotIn('id', [...live])
      .pluck('id')) as string[];
    const owners = new Set(staleRows);
    for (const byOwner of leases.values()) {
      for (const owner of byOwner.keys()) if (!live.has(owner)) owners.add(owner);
    }
    if (owners.size === 0) return [];
    const dead = [...owners].sort();
    const released: Record<string, number> = {};
    for (const [name, kind] of kinds) {
      released[name] = await kind.release(dead);
    }
    // Only once every kind gave its leases back: a failed release is tried again next beat.
    await knex(replicaTable)
      .whereIn('id', dead)
      .where(
        'heartbeat_at',
        '<',
        everyOther
          ? knex.fn.now()
          : knex.raw(`now() - ? * interval '1 millisecond'`, [options.heartbeatTimeoutMs]),
      )
      .delete();
    logger.warn(
      { replicas: dead, released },
      'replicas stopped beating; their leases were released',
    );
    return dead;
  }

  async function beat(everyOther = false): Promise<string[]> {
    await heartbeat();
    return sweep(everyOther);
  }

  function scheduleNext(): void {
    if (!running) return;
    timer = setTimeout(() => {
      beating = beat()
        .catch((error: unknown) => logger.warn({ err: error }, 'the replica heartbeat failed'))
        .finally(scheduleNext);
    }, options.heartbeatIntervalMs);
    timer.unref();
  }

  async function list(): Promise<ReplicaState[]> {
    const leases = await leasesByKind();
    const rows = await liveRows();
    return rows.map(row => {
      const held: Record<string, number> = {};
      for (const [name, byOwner] of leases) {
        const count = byOwner.get(row.id) ?? 0;
        if (count > 0) held[name] = count;
      }
      return {
        id: row.id,
        host: row.host,
        pid: row.pid,
        version: row.version,
        startedAt: new Date(row.started_at),
        heartbeatAt: new Date(row.heartbeat_at),
        leases: held,
      };
    });
  }

  return {
    forPlugin(pluginId) {
      return {
        id: instanceId,
        registerLeases: kind => registerLeases(pluginId, kind),
        replicas: list,
      };
    },
    async start() {
      if (running) return;
      await beat(options.exclusive === true);
      running = true;
      scheduleNext();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await beating;
      if (!announced) return;
      const released: Record<string, number> = {};
      for (const [name, kind] of kinds) {
        released[name] = await kind.release([instanceId]);
      }
      await knex(replicaTable).where({ id: instanceId }).delete();
      logger.info({ released }, 'left the replicas: leases given back, heartbeat row removed');
    },
    list,
    beat: () => beat(),
  };
}
