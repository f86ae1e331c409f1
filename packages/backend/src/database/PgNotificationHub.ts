import pg from 'pg';
import type { Logger } from 'pino';

type Listener = (payload: string) => void;

/**
 * LISTEN needs a connection of its own that stays open (a pooled one goes back to the pool).
 * The hub keeps one client for all channels, reconnects with backoff when it drops, and then
 * wakes every listener with an empty payload: notifications may have been missed meanwhile.
 */
export class PgNotificationHub {
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private closed = false;
  private retryDelayMs = 250;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly logger: Logger,
  ) {}

  async listen(channel: string, listener: Listener): Promise<() => Promise<void>> {
    let set = this.listeners.get(channel);
    const isNewChannel = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    if (isNewChannel) {
      const client = await this.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    return async () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) {
        this.listeners.delete(channel);
        await this.client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.openClient().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openClient(): Promise<pg.Client> {
    const client = new pg.Client(this.connection);
    client.on('notification', message => {
      for (const listener of this.listeners.get(message.channel) ?? []) {
        listener(message.payload ?? '');
      }
    });
    client.on('error', error => {
      this.logger.warn({ err: error }, 'the notification connection failed; reconnecting');
    });
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (!this.closed) this.scheduleReconnect();
    });
    await client.connect();
    this.client = client;
    this.retryDelayMs = 250;
    return client;
  }

  private scheduleReconnect(): void {
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
    setTimeout(() => {
      if (this.closed || this.listeners.size === 0) return;
      this.connect()
        .then(async client => {
          for (const channel of this.listeners.keys()) {
            await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
          }
          for (const set of this.listeners.values()) {
            for (const listener of set) listener('');
          }
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not reconnect the notification connection');
          this.scheduleReconnect();
        });
    }, delay).unref();
  }
}
