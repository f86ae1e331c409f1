/**
 * A promise the test opens when it chooses: hold a response, a task or a read in flight until
 * the moment under test, instead of guessing how long it takes (`setTimeout`) — which a loaded
 * machine makes wrong either way.
 */
export interface Gate {
  /** Settles (fulfils) once `open()` is called. */
  opened: Promise<void>;
  open(): void;
  isOpen(): boolean;
}

export function gate(): Gate {
  let open: () => void = () => {};
  let isOpen = false;
  const opened = new Promise<void>(resolve => {
    open = () => {
      isOpen = true;
      resolve();
    };
  });
  return { opened, open: () => open(), isOpen: () => isOpen };
}

/** A promise that never settles: a host that never answers. */
export const never: Promise<never> = new Promise<never>(() => {});
