import type { Logger } from 'pino';
import { createSecretMasker, secretValues } from './secretMasker';
import type { EventBody, TaskStore } from './taskStore';

/**
 * Writes a task's log events in order without making actions wait: `log` is synchronous (actions
 * call it from anywhere), writes are chained, and `flush` waits for all of them. Every message is
 * masked before it leaves the process.
 */
export function createEventSink(options: {
  store: TaskStore;
  taskId: string;
  secrets: unknown[];
  logger: Logger;
}) {
  const mask = createSecretMasker(options.secrets.flatMap(secretValues));
  let chain: Promise<void> = Promise.resolve();
  return {
    mask,
    log(body: EventBody) {
      const masked = { ...body, message: mask(body.message) };
      chain = chain
        .then(() => options.store.emit(options.taskId, 'log', masked))
        .catch(error => options.logger.warn({ err: error }, 'writing a task event failed'));
    },
    flush(): Promise<void> {
      return chain;
    },
  };
}
