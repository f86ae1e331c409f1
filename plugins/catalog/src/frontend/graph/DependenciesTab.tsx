import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import { Checkbox, Group, Input, SegmentedControl, Stack, Tooltip } from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { humanizeEntityRef } from '../../common';
import { EntityGraphView } from './EntityGraphView';
import {
  maxGraphDepth,
  readGraphSettings,
  writeGraphSettings,
  type GraphSettings,
} from './graphSettings';
import { isRelationGroupId, relationGroups, relationTypesOf } from './relationTypes';

const depthOptions = Array.from({ length: maxGraphDepth }, (_, index) => String(index + 1));

/**
 * The entity page's Dependencies tab: the graph of everything related to this entity within a
 * chosen number of hops, over the chosen kinds of relation.
 */
export function DependenciesTab(props: { entity: Entity }) {
  const [search, setSearch] = useSearchParams();
  // The controls answer at once from local state; the URL follows for sharing and reloads (the
  // router applies it in a transition, which would make a checkbox lag behind the click).
  const ref = stringifyEntityRef(props.entity);
  const [state, setState] = useState(() => ({
    ref,
    settings: readGraphSettings(search, props.entity),
  }));
  if (state.ref !== ref) {
    setState({ ref, settings: readGraphSettings(search, props.entity) });
  }
  const settings = state.settings;
  const change = (next: GraphSettings) => {
    setState({ ref, settings: next });
    setSearch(writeGraphSettings(search, next), { replace: true });
  };
  // The groups array is new on every render; its content is what matters.
  const groupsKey = settings.groups.join(',');
  const relationTypes = useMemo(
    () => relationTypesOf(groupsKey.split(',').filter(isRelationGroupId)),
    [groupsKey],
  );
  const depthLabelId = useId();

  return (
    <Stack gap="md">
      <Group gap="xl" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Input.Label id={depthLabelId} size="sm">
            Depth
          </Input.Label>
          <SegmentedControl
            aria-labelledby={depthLabelId}
            data={depthOptions}
            value={String(settings.depth)}
            onChange={value => change({ ...settings, depth: Number(value) })}
            size="sm"
          />
        </Stack>
        <Checkbox.Group
          label="Relations"
          value={settings.groups}
          onChange={values =>
            // In the order of the checkboxes, whichever was ticked first.
            change({
              ...settings,
              groups: relationGroups.map(group => group.id).filter(id => values.includes(id)),
            })
          }
        >
          <Group gap="md" mt={8} mb={6}>
            {relationGroups.map(group => (
              <Tooltip key={group.id} label={group.description} openDelay={400}>
                <Checkbox value={group.id} label={group.label} />
              </Tooltip>
            ))}
          </Group>
        </Checkbox.Group>
      </Group>
      <EntityGraphView
        entity={props.entity}
        depth={settings.depth}
        relationTypes={relationTypes}
        height="max(480px, calc(100vh - 300px))"
        label={`Relations of ${humanizeEntityRef(props.entity)}`}
        emptyMessage={
          settings.groups.length === 0
            ? 'No relation types selected'
            : 'No relations of the selected types'
        }
      />
    </Stack>
  );
}
