import { pageTitle } from '@callboard/plugin-api/frontend';
import { Anchor, Button, Code, Stack, Text, Title } from '@mantine/core';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { IconCircleCheck } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { QueryError } from '@callboard/ui';
import { catalogKeys, getProblems } from '../../common';
import { ProblemItem } from './ProblemItem';

const entitiesPerPage = 50;
const numberFormat = new Intl.NumberFormat('en-US');

function problemsPagesQuery(location: string | undefined) {
  return infiniteQueryOptions({
    queryKey: catalogKeys.problems({ location, pages: true }),
    queryFn: ({ pageParam, signal }) =>
      getProblems(
        {
          limit: entitiesPerPage,
          ...(pageParam ? { cursor: pageParam } : {}),
          ...(location ? { location } : {}),
        },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: page => page.pageInfo.nextCursor,
  });
}

/**
 * `/catalog-problems`: every current ingestion problem, or (`?location=url:…`) those that came
 * through one registered location. Where a problem's entity has no page (its name is not valid),
 * its link leads here, to everything its location's files got wrong.
 */
export function CatalogProblemsPage() {
  const [params] = useSearchParams();
  const location = params.get('location') ?? undefined;
  const query = useInfiniteQuery(problemsPagesQuery(location));
  const problems = query.data?.pages.flatMap(page => page.items) ?? [];
  const total = query.data?.pages[0]?.totalItems ?? 0;

  return (
    <Stack gap="lg" maw={1000}>
      <title>{pageTitle('Ingestion problems')}</title>
      <Stack gap={4}>
        <Title order={1}>Ingestion problems</Title>
        {location ? (
          <Text c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            What the catalog could not take from <Code>{location.replace(/^[a-z]+:/, '')}</Code>.{' '}
            <Anchor component={Link} to="/catalog-problems">
              All problems
            </Anchor>
          </Text>
        ) : (
          <Text c="dimmed">
            What the catalog could not read or accept, worded for the YAML’s owner.
          </Text>
        )}
      </Stack>
      {query.isPending ? (
        <Text role="status" c="dimmed">
          Loading ingestion problems…
        </Text>
      ) : query.isError ? (
        <QueryError
          title="Could not load the problems"
          error={query.error}
          retrying={query.isFetching}
          retry={() => void query.refetch()}
        />
      ) : total === 0 ? (
        <Text role="status">
          <IconCircleCheck
            size={18}
            aria-hidden
            color="var(--mantine-color-green-text)"
            style={{ verticalAlign: 'text-bottom', marginRight: 6 }}
          />
          No ingestion problems{location ? ' from this location' : ''}.
        </Text>
      ) : (
        <>
          <Text role="status" size="sm">
            <b>{numberFormat.format(total)}</b> {total === 1 ? 'problem' : 'problems'}
            {problems.length < total ? `; the first ${problems.length}:` : ':'}
          </Text>
          <Stack component="ul" gap="md" m={0} p={0} style={{ listStyle: 'none' }}>
            {problems.map((problem, index) => (
              <ProblemItem key={index} problem={problem} />
            ))}
          </Stack>
          {query.hasNextPage ? (
            <Button
              variant="default"
              w="fit-content"
              loading={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              Show more
            </Button>
          ) : null}
        </>
      )}
    </Stack>
  );
}
