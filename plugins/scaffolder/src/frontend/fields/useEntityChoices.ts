import { stringifyEntityRef, type Entity } from '@callboard/catalog-model';
import {
  humanizeEntityRef,
  type FilterPredicate,
  type RefDefaults,
} from '@callboard/plugin-catalog/common';
import type { ComboboxData } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { entitySearchQuery } from '../api/queries';
import { toFullEntityRef } from '../lib/toFullEntityRef';
import { errorMessage } from '@callboard/plugin-api/frontend';
import { impliedKind, pickerPredicate } from './catalogFilter';

const searchDebounceMs = 250;

/** A choice's second line: the entity's title or display name, and its kind. */
export interface ChoiceDetails {
  title?: string;
  kind?: string;
}

/**
 * The options of an entity picker: entities matching its filter and what was typed (searched on
 * the server, so a catalog of any size works), the selected values even when they are not among
 * the matches, and, when the template allows values outside the catalog, the typed ref itself.
 */
export function useEntityChoices(props: {
  options: Record<string, unknown>;
  /** Kinds listed when the template names none (the owner picker's Group and User). */
  defaultKinds?: readonly string[];
  /** The kind a typed name gets when the template names none. */
  fallbackKind?: string;
  selected: string[];
  /** What the search box shows now. */
  search: string;
}) {
  const { options, selected } = props;
  const filter = useMemo(() => {
    try {
      return { predicate: pickerPredicate(options, props.defaultKinds) };
    } catch (error) {
      return { predicate: undefined, error: errorMessage(error) };
    }
  }, [options, props.defaultKinds]);
  const defaults: RefDefaults = useMemo(
    () => ({
      defaultKind: impliedKind(filter.predicate, options.defaultKind ?? props.fallbackKind),
      defaultNamespace:
        typeof options.defaultNamespace === 'string' ? options.defaultNamespace : undefined,
    }),
    [filter.predicate, options.defaultKind, options.defaultNamespace, props.fallbackKind],
  );
  const allowArbitrary = options.allowArbitraryValues !== false;

  // Mantine puts the chosen option's label in the search box; that is not a search.
  const selectedLabels = new Set(selected.map(ref => humanizeEntityRef(ref, defaults)));
  const typed = selectedLabels.has(props.search) ? '' : props.search;
  const [term] = useDebouncedValue(typed.trim(), searchDebounceMs);
  const [wanted, setWanted] = useState(false);
  const search = useQuery({
    ...entitySearchQuery(filter.predicate as FilterPredicate | undefined, term),
    enabled: wanted && !filter.error,
  });

  const details = new Map<string, ChoiceDetails>();
  const found = (search.data?.items ?? []).map(entity => {
    const ref = stringifyEntityRef(entity);
    details.set(ref, { title: entityTitle(entity), kind: entity.kind });
    return { value: ref, label: humanizeEntityRef(ref, defaults) };
  });
  const foundRefs = new Set(found.map(option => option.value));
  const extra = selected
    .filter(ref => !foundRefs.has(ref))
    .map(ref => ({ value: ref, label: humanizeEntityRef(ref, defaults) }));
  const typedRef = allowArbitrary && typed.trim() ? toFullEntityRef(typed, defaults) : undefined;
  if (typedRef && !foundRefs.has(typedRef) && !selected.includes(typedRef)) {
    extra.push({ value: typedRef, label: humanizeEntityRef(typedRef, defaults) });
    details.set(typedRef, { title: 'Not in the catalog: use as typed' });
  }
  const more = (search.data?.totalItems ?? 0) - found.length;
  const data: ComboboxData = [
    ...found,
    ...extra,
    ...(more > 0
      ? [{ value: '\u0000more', label: `…and ${more} more: type to narrow down`, disabled: true }]
      : []),
  ];

  return {
    data,
    details,
    defaults,
    configError: filter.error,
    searchError: search.isError ? search.error : undefined,
    loading: search.isFetching,
    pending: search.isPending,
    activate: () => setWanted(true),
    nothingFound: search.isPending || search.isFetching ? 'Searching…' : 'Nothing matches',
  };
}

function entityTitle(entity: Entity): string | undefined {
  const profile = (entity.spec as { profile?: { displayName?: unknown } } | undefined)?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName) return profile.displayName;
  return entity.metadata.title || undefined;
}
