import { RELATION_HAS_PART, RELATION_PART_OF, type Entity } from '@callboard/catalog-model';
import { Anchor, Card, Center, Group, Loader, Paper, Text, Title } from '@mantine/core';
import { useIntersection } from '@mantine/hooks';
import { lazyNamed } from '@callboard/plugin-api/frontend';
import { IconArrowRight } from '@tabler/icons-react';
import { Suspense, useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { entityPagePath, humanizeEntityRef } from '../../common';
import { relationTypesOf } from './relationTypes';

/**
 * Cytoscape and the ELK layout worker are most of what a system page weighs (about 470 kB of
 * 800 kB on the wire), and this card usually sits below the fold: they load when the card is
 * scrolled near the viewport (ADR 0021).
 */
const EntityGraphView = lazyNamed(() => import('./EntityGraphView'), 'EntityGraphView');
/** How far below the viewport the card may be when the diagram starts loading. */
const loadAhead = '200px';
/**
 * While the page opens, the cards above this one are loading and short, so this card starts out
 * on screen and is pushed down a moment later. Only a scroll, or the card still being in view
 * once the page had this long to settle, counts as being seen.
 */
const settleMs = 1_000;
const diagramHeight = 560;

/** True once the element has been near the viewport after the page settled (see settleMs). */
function useSeenOnce() {
  const { ref, entry } = useIntersection<HTMLElement>({ rootMargin: loadAhead });
  const [settled, setSettled] = useState(false);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const settle = () => setSettled(true);
    const timer = setTimeout(settle, settleMs);
    window.addEventListener('scroll', settle, { once: true, passive: true });
    return () => {
      clearTimeout(timer);
      window.removeEventListener('scroll', settle);
    };
  }, []);
  // Once seen, for good: scrolling away again must not tear the diagram down.
  if (settled && entry?.isIntersecting && !seen) setSeen(true);
  return { ref, seen };
}

const drawn = relationTypesOf(['partOf', 'apis', 'dependencies']);
/** A system: up to its domain and down to its parts. */
const systemWalk = new Set([RELATION_HAS_PART, RELATION_PART_OF]);
/** A domain: down to its systems and subdomains, then their parts. */
const domainWalk = new Set([RELATION_HAS_PART]);

/**
 * The overview card of a System or Domain: its parts and how they connect (who provides and
 * consumes which API, who depends on what), without wandering out to the rest of the catalog.
 */
export function SystemGraphCard(props: { entity: Entity }) {
  const id = useId();
  const isDomain = props.entity.kind.toLocaleLowerCase('en-US') === 'domain';
  const { ref, seen } = useSeenOnce();
  const waiting = (
    <Paper withBorder radius="md" h={diagramHeight}>
      <Center role="status" h="100%">
        <Group gap="sm">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed">
            Loading the diagram…
          </Text>
        </Group>
      </Center>
    </Paper>
  );
  return (
    <Card ref={ref} withBorder padding="lg" component="section" aria-labelledby={id}>
      <Group justify="space-between" gap="xs" mb="md" wrap="wrap">
        <Title order={2} size="h4" id={id}>
          {isDomain ? 'Domain diagram' : 'System diagram'}
        </Title>
        <Anchor component={Link} to={entityPagePath(props.entity, 'dependencies')} size="sm">
          <Group gap={4} wrap="nowrap" component="span">
            Explore all relations
            <IconArrowRight size={14} aria-hidden />
          </Group>
        </Anchor>
      </Group>
      {seen ? (
        <Suspense fallback={waiting}>
          <EntityGraphView
            entity={props.entity}
            depth={isDomain ? 2 : 1}
            relationTypes={drawn}
            expandTypes={isDomain ? domainWalk : systemWalk}
            height={diagramHeight}
            label={`${isDomain ? 'Domain' : 'System'} diagram of ${humanizeEntityRef(props.entity)}`}
            emptyMessage={
              isDomain ? 'No systems in this domain yet' : 'No parts in this system yet'
            }
          />
        </Suspense>
      ) : (
        waiting
      )}
    </Card>
  );
}
