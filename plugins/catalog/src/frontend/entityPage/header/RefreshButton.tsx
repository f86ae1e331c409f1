import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { Button } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconRefresh } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { catalogKeys, refreshEntity } from '../../../common';
import type { Notice } from './HeaderNotice';

/**
 * The catalog reads sources in the background; give it a moment before loading the entity again
 * (a fixed wait, not a promise: the refresh endpoint only queues the work).
 */
const reloadAfterMs = 3_000;

/** Puts the entity at the front of the catalog's processing queue, then reloads it. */
export function RefreshButton(props: { entity: Entity; onNotice: (notice: Notice) => void }) {
  const ref = stringifyEntityRef(props.entity);
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const mutation = useMutation({
    mutationFn: () => refreshEntity(ref),
    onSuccess: () => {
      props.onNotice({
        tone: 'info',
        message:
          'Refresh scheduled: the catalog is reading this entity’s source again. This page reloads it in a few seconds.',
      });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: catalogKeys.entity(ref) }).then(() => {
          props.onNotice({
            tone: 'success',
            message: `Reloaded at ${new Date().toLocaleTimeString()}. If the source changed more recently, refresh again in a moment.`,
          });
        });
      }, reloadAfterMs);
    },
    onError: error => {
      props.onNotice({
        tone: 'error',
        message: `Could not schedule a refresh: ${error.message}. Try again in a moment.`,
      });
    },
  });

  return (
    <Button
      variant="default"
      leftSection={<IconRefresh size={16} aria-hidden />}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      Refresh
    </Button>
  );
}
