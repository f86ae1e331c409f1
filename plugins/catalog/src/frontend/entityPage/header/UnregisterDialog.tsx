import {
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { NotAllowedError } from '@callboard/plugin-api/common';
import {
  Alert,
  Button,
  Code,
  Divider,
  Group,
  List,
  Loader,
  Modal,
  Stack,
  Text,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  catalogKeys,
  deleteEntityByUid,
  deleteLocation,
  humanizeEntityRef,
  type Location,
} from '../../../common';
import { ExternalLink } from '@callboard/ui';
import { displayEntityRef } from '../lib/entityFacts';
import { errorMessage, isNotFound, statusCodeOf } from '@callboard/plugin-api/frontend';
import { entitiesFromOriginQuery, entityLocationQuery } from '../queries';

/**
 * Confirms unregistering an entity and says what goes with it. An entity that came through a
 * registered location is removed by deleting that location (with everything else it produced);
 * one from app-config, or without a location, can only be deleted on its own, and comes back
 * on the next read while its source still has it.
 */
export function UnregisterDialog(props: { entity: Entity; opened: boolean; onClose: () => void }) {
  const ref = stringifyEntityRef(props.entity);
  const location = useQuery({ ...entityLocationQuery(ref), retry: false });
  const [refusal, setRefusal] = useState<string>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const finish = (message: string) => {
    // Everything cached is stale now, but nothing is fetched again from here: this page is still
    // mounted until the navigation renders, and refetching its queries would ask for the entity
    // that is gone (404s). The catalog page mounts next and fetches what it shows afresh.
    void queryClient.invalidateQueries({ queryKey: catalogKeys.all, refetchType: 'none' });
    void navigate('/catalog', { state: { notice: message } });
  };

  const removeLocation = useMutation({
    mutationFn: (target: Location) => deleteLocation(target.id),
    onSuccess: (_, target) => finish(`Unregistered the location ${target.target}.`),
    onError: error => {
      // A location from app-config cannot be deleted through the API; offer the entity alone.
      if (error instanceof NotAllowedError || statusCodeOf(error) === 403) {
        setRefusal(error.message);
      }
    },
  });
  const removeEntity = useMutation({
    mutationFn: () => deleteEntityByUid(props.entity.metadata.uid ?? ''),
    onSuccess: () => finish(`Deleted ${displayEntityRef(props.entity)}.`),
  });
  const busy = removeLocation.isPending || removeEntity.isPending;

  const found = location.data;
  // `file` locations are only ever configured in app-config; the API registers `url` ones.
  const canRemoveLocation = found !== undefined && found.type !== 'file' && refusal === undefined;

  return (
    <Modal
      opened={props.opened}
      onClose={busy ? () => undefined : props.onClose}
      title={`Unregister ${props.entity.metadata.name}?`}
      size="lg"
    >
      <Stack gap="md">
        {location.isPending ? (
          <Group gap="sm" role="status">
            <Loader size="sm" aria-hidden />
            <Text size="sm">Finding the location this entity came from…</Text>
          </Group>
        ) : canRemoveLocation ? (
          <LocationRemoval
            location={found}
            originRef={props.entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION]}
            busy={busy}
            pending={removeLocation.isPending}
            error={removeLocation.error}
            onConfirm={() => removeLocation.mutate(found)}
            onCancel={props.onClose}
          />
        ) : (
          <EntityOnlyExplanation
            location={found}
            locationError={location.error}
            refusal={refusal}
          />
        )}

        {location.isPending ? null : (
          <>
            {canRemoveLocation ? (
              <>
                <Divider label="Or delete only this entity" labelPosition="left" />
                <Text size="sm">
                  Deletes just <Code>{displayEntityRef(props.entity)}</Code> and keeps the location.
                  If the entity is still in its source file, it comes back the next time the catalog
                  reads that file.
                </Text>
              </>
            ) : null}
            {removeEntity.error ? (
              <Alert
                color="red"
                variant="light"
                role="alert"
                icon={<IconAlertTriangle aria-hidden />}
              >
                Could not delete the entity: {removeEntity.error.message}
              </Alert>
            ) : null}
            <Group justify="flex-end" gap="sm">
              {canRemoveLocation ? null : (
                <Button variant="default" onClick={props.onClose} disabled={busy}>
                  Cancel
                </Button>
              )}
              <Button
                color="red"
                variant={canRemoveLocation ? 'light' : 'filled'}
                loading={removeEntity.isPending}
                disabled={busy || !props.entity.metadata.uid}
                onClick={() => removeEntity.mutate()}
              >
                Delete only this entity
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function LocationRemoval(props: {
  location: Location;
  originRef: string | undefined;
  busy: boolean;
  pending: boolean;
  error: Error | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const originRef = props.originRef ?? `${props.location.type}:${props.location.target}`;
  // Filter strings split on commas, so a target containing one cannot be listed this way.
  const listable = !originRef.includes(',');
  const produced = useQuery({ ...entitiesFromOriginQuery(originRef), enabled: listable });
  return (
    <Stack gap="sm">
      <Text size="sm">
        This entity was registered through the location{' '}
        <ExternalLink href={props.location.target} />. Unregistering deletes that location and every
        entity read through it.
      </Text>
      {!listable ? null : produced.isPending ? (
        <Text size="sm" c="dimmed" role="status">
          Counting the entities it produced…
        </Text>
      ) : produced.isError ? (
        <Text size="sm" c="dimmed">
          Could not list the entities it produced: {produced.error.message}
        </Text>
      ) : (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {produced.data.totalItems === 1
              ? 'It removes 1 entity:'
              : `It removes ${produced.data.totalItems} entities:`}
          </Text>
          <List size="sm" spacing={2} aria-label="Entities that will be removed">
            {produced.data.items.map(item => (
              <List.Item key={stringifyEntityRef(item)}>
                <Code>{humanizeEntityRef(item)}</Code>
              </List.Item>
            ))}
          </List>
          {produced.data.totalItems > produced.data.items.length ? (
            <Text size="sm" c="dimmed">
              and {produced.data.totalItems - produced.data.items.length} more.
            </Text>
          ) : null}
        </Stack>
      )}
      {props.error ? (
        <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />}>
          Could not unregister the location: {props.error.message}
        </Alert>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </Button>
        <Button color="red" loading={props.pending} disabled={props.busy} onClick={props.onConfirm}>
          Unregister location
        </Button>
      </Group>
    </Stack>
  );
}

function EntityOnlyExplanation(props: {
  location: Location | undefined;
  locationError: Error | null;
  refusal: string | undefined;
}) {
  const reason =
    props.refusal !== undefined ? (
      <>
        The location <ExternalLink href={props.location?.target ?? ''} /> cannot be unregistered
        here: {props.refusal}.
      </>
    ) : props.location ? (
      <>
        This entity comes from <ExternalLink href={props.location.target} />, a location set in the
        portal’s configuration (<Code>catalog.locations</Code>). Remove it there to stop reading it.
      </>
    ) : props.locationError && !isNotFound(props.locationError) ? (
      <>Could not find out where this entity came from: {errorMessage(props.locationError)}</>
    ) : (
      <>The catalog has no registered location for this entity.</>
    );
  return (
    <Stack gap="sm">
      <Text size="sm">{reason}</Text>
      <Text size="sm">
        You can delete only this entity. If it is still in its source file, it comes back the next
        time the catalog reads that file.
      </Text>
    </Stack>
  );
}
