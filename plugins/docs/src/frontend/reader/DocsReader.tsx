import { safeHttpUrl } from '@callboard/catalog-model';
import { formatDateTime, formatRelativeTime, pageTitle } from '@callboard/plugin-api/frontend';
import { EntityRefLink, ExternalLink, LoadingLines, QueryError } from '@callboard/ui';
import { Anchor, Breadcrumbs, Button, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowLeft, IconArrowRight, IconMenu2, IconPencil } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { DocsPage, DocsSite } from '../../common';
import { docsPagePath, normalizeUrlPath, siteRefOf, type SiteRef } from '../docsPaths';
import { docsKeys, docsPageQuery, docsSiteQuery, requestBuild } from '../queries';
import classes from './DocsReader.module.css';
import { PageContent } from './PageContent';
import { PageToc } from './PageToc';
import { SiteNav } from './SiteNav';
import { NoDocs, SiteBuilding, SiteFailed, SiteProblems } from './SiteStatus';

export interface DocsReaderProps {
  site: SiteRef;
  /** Where the site's pages live in the app: `/docs/…` or an entity's Docs tab. */
  basePath: string;
  /** The page, as the address has it (`guides/setup/`, `''` for the home page). */
  urlPath: string;
  /** On its own page (not in a tab): the site's title heads the page and names the browser tab. */
  standalone?: boolean;
}

/** One entity's docs site: its state while it builds, then the nav, the page and its contents. */
export function DocsReader(props: DocsReaderProps) {
  const query = useQuery(docsSiteQuery(props.site));
  const queryClient = useQueryClient();
  const build = useMutation({
    mutationFn: () => requestBuild(props.site),
    onSettled: () => queryClient.invalidateQueries({ queryKey: docsKeys.site(props.site) }),
  });
  const status = query.data?.status;
  const asked = useRef(false);
  // A site never built is queued already; asking puts it at the front, as someone is waiting.
  useEffect(() => {
    if (status === 'pending' && !asked.current) {
      asked.current = true;
      build.mutate();
    }
  }, [status, build]);

  const name = `${props.site.kind.toLowerCase()}:${props.site.name}`;
  if (query.isPending) {
    return (
      <Stack gap="md">
        {props.standalone ? <title>{pageTitle('Docs', name)}</title> : null}
        <LoadingLines label="Loading the docs" rows={6} />
      </Stack>
    );
  }
  if (query.isError && !query.data) {
    return (
      <QueryError
        title="Could not load these docs"
        error={query.error}
        notFound={<NoDocs />}
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }
  const site = query.data;
  // A site that is served has its page's own h1; a site still building or broken has only this.
  const heading = props.standalone ? (
    <SiteHeading site={site} order={site.status === 'ready' ? 2 : 1} />
  ) : null;
  if (site.status === 'none') {
    return (
      <Stack gap="md">
        {heading}
        <NoDocs />
      </Stack>
    );
  }
  if (site.status === 'pending' || site.status === 'building') {
    return (
      <Stack gap="md">
        {heading}
        <SiteBuilding site={site} />
      </Stack>
    );
  }
  if (site.status === 'failed') {
    return (
      <Stack gap="md">
        {heading}
        <SiteFailed site={site} retry={() => build.mutate()} retrying={build.isPending} />
      </Stack>
    );
  }
  return <SiteView {...props} siteData={site} heading={heading} />;
}

function SiteHeading(props: { site: DocsSite; order: 1 | 2 }) {
  return (
    <Stack gap={2}>
      <Title order={props.order} size="h3" className={classes.siteTitle}>
        {props.site.title}
      </Title>
      <Group gap={6}>
        <Text size="sm" c="dimmed">
          Docs of
        </Text>
        <EntityRefLink entityRef={props.site.entityRef} />
        {props.site.docsEntityRef ? (
          <>
            <Text size="sm" c="dimmed">
              , from
            </Text>
            <EntityRefLink entityRef={props.site.docsEntityRef} />
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

function SiteView(props: DocsReaderProps & { siteData: DocsSite; heading: ReactNode }) {
  const site = props.siteData;
  const urlPath = normalizeUrlPath(props.urlPath);
  const page = useQuery(docsPageQuery(props.site, urlPath, site.commit));
  const [drawerOpened, drawer] = useDisclosure(false);
  const sites = [props.site, siteRefOf(site.entityRef), siteRefOf(site.docsEntityRef ?? '')].filter(
    (ref): ref is SiteRef => ref !== undefined,
  );
  const nav = (onNavigate?: () => void) => (
    <SiteNav
      nav={site.nav}
      basePath={props.basePath}
      currentUrlPath={urlPath}
      onNavigate={onNavigate}
    />
  );

  return (
    <div className={classes.reader}>
      {props.standalone ? (
        <title>{pageTitle(...(page.data ? [page.data.title] : []), site.title)}</title>
      ) : null}
      <Stack gap="md">
        {props.heading}
        <SiteProblems problems={site.problems} />
        <Group gap="sm" wrap="nowrap" align="center">
          <Button
            className={classes.navButton}
            variant="default"
            size="xs"
            leftSection={<IconMenu2 size={16} aria-hidden />}
            onClick={drawer.open}
            aria-expanded={drawerOpened}
          >
            Pages
          </Button>
          {page.data ? <PageBreadcrumbs page={page.data} basePath={props.basePath} /> : null}
        </Group>
        <div className={classes.columns}>
          <nav className={classes.nav} aria-label="Docs pages">
            {nav()}
          </nav>
          <div className={classes.main}>
            {page.data && page.data.headings.some(heading => heading.level >= 2) ? (
              // Where there is no room for the column on the right: the same list, folded.
              <details className={classes.tocInline}>
                <summary>On this page</summary>
                <PageToc headings={page.data.headings} />
              </details>
            ) : null}
            <PageBody query={page} site={site} sites={sites} basePath={props.basePath} />
          </div>
          <aside className={classes.toc}>
            {page.data ? <PageToc headings={page.data.headings} /> : null}
          </aside>
        </div>
      </Stack>
      <Drawer
        opened={drawerOpened}
        onClose={drawer.close}
        title={site.title}
        size="85%"
        aria-label="Docs pages"
      >
        {nav(drawer.close)}
      </Drawer>
    </div>
  );
}

function PageBody(props: {
  query: ReturnType<typeof useQuery<DocsPage>>;
  site: DocsSite;
  sites: readonly SiteRef[];
  basePath: string;
}) {
  const { query } = props;
  if (query.isPending) return <LoadingLines label="Loading the page" rows={8} />;
  if (query.isError && !query.data) {
    return (
      <QueryError
        title="Could not load this page"
        error={query.error}
        notFound={
          <Stack gap="xs" align="flex-start" role="alert">
            <Title order={2} size="h3">
              No such page
            </Title>
            <Text size="sm">These docs have no page at this address; it may have moved.</Text>
            <Anchor component={Link} to={docsPagePath(props.basePath, '')} size="sm">
              Go to the home page of {props.site.title}
            </Anchor>
          </Stack>
        }
        retrying={query.isFetching}
        retry={() => void query.refetch()}
      />
    );
  }
  const page = query.data;
  return (
    <Stack gap="lg">
      <PageContent html={page.html} sites={props.sites} basePath={props.basePath} />
      <PreviousNext page={page} basePath={props.basePath} />
      <PageFooter page={page} site={props.site} asOf={query.dataUpdatedAt} />
    </Stack>
  );
}

function PageBreadcrumbs(props: { page: DocsPage; basePath: string }) {
  if (props.page.breadcrumbs.length === 0) return null;
  return (
    <Breadcrumbs
      separatorMargin={6}
      className={classes.breadcrumbs}
      aria-label="Breadcrumbs"
      component="nav"
    >
      {props.page.breadcrumbs.map((crumb, index) =>
        crumb.urlPath !== undefined ? (
          <Anchor
            key={index}
            component={Link}
            to={docsPagePath(props.basePath, crumb.urlPath)}
            size="sm"
          >
            {crumb.title}
          </Anchor>
        ) : (
          <Text key={index} size="sm" c="dimmed">
            {crumb.title}
          </Text>
        ),
      )}
      <Text size="sm" aria-current="page">
        {props.page.title}
      </Text>
    </Breadcrumbs>
  );
}

function PreviousNext(props: { page: DocsPage; basePath: string }) {
  const { previous, next } = props.page;
  if (!previous && !next) return null;
  return (
    <nav aria-label="Previous and next page" className={classes.pager}>
      {previous ? (
        <Link
          className={classes.pagerLink}
          to={docsPagePath(props.basePath, previous.urlPath)}
          rel="prev"
        >
          <Text size="xs" c="dimmed">
            <IconArrowLeft size={12} aria-hidden /> Previous
          </Text>
          <Text size="sm" fw={500}>
            {previous.title}
          </Text>
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link
          className={classes.pagerLink}
          data-next
          to={docsPagePath(props.basePath, next.urlPath)}
          rel="next"
        >
          <Text size="xs" c="dimmed">
            Next <IconArrowRight size={12} aria-hidden />
          </Text>
          <Text size="sm" fw={500}>
            {next.title}
          </Text>
        </Link>
      ) : null}
    </nav>
  );
}

function PageFooter(props: { page: DocsPage; site: DocsSite; asOf: number }) {
  const updated = props.page.committedAt ?? props.site.committedAt ?? props.site.builtAt;
  const fromCommit = (props.page.committedAt ?? props.site.committedAt) !== undefined;
  return (
    <Group justify="space-between" gap="sm" className={classes.footer}>
      {props.page.editUrl && safeHttpUrl(props.page.editUrl) ? (
        <Group gap={6} wrap="nowrap">
          <IconPencil size={14} aria-hidden />
          <ExternalLink href={props.page.editUrl}>Edit this page</ExternalLink>
        </Group>
      ) : (
        <span />
      )}
      {updated ? (
        <Text size="xs" c="dimmed">
          {fromCommit ? 'Last updated' : 'Built'}{' '}
          <time dateTime={updated} title={formatDateTime(updated)}>
            {formatRelativeTime(updated, props.asOf)}
          </time>
          {(props.page.commit ?? props.site.commit)
            ? ` · commit ${(props.page.commit ?? props.site.commit ?? '').slice(0, 8)}`
            : ''}
        </Text>
      ) : null}
    </Group>
  );
}
