import {
  Anchor,
  Card,
  Code,
  Group,
  List,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { appTitle, usePlugins } from '@callboard/plugin-api/frontend';
import { IconCompass, IconFileCode } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { collectNavItems } from '../navigation';

const descriptorExample = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  description: Takes payments
spec:
  type: service
  owner: team-payments
  lifecycle: production`;

/** The home page while no plugin contributes a widget: what Callboard is and where to begin. */
export function WelcomePanel() {
  const plugins = usePlugins();
  const pages = useMemo(() => collectNavItems(plugins), [plugins]);
  return (
    <Stack gap="xl" maw={960}>
      <title>{appTitle()}</title>
      <Stack gap="xs">
        <Title order={1}>Welcome to Callboard</Title>
        <Text size="lg" c="dimmed" maw={720}>
          Callboard is your internal developer portal: one place to find every service, API, library
          and website your teams run, who owns it, where it is deployed, who depends on it, and its
          docs.
        </Text>
      </Stack>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="welcome-describe">
          <Group gap="sm" mb="sm" wrap="nowrap">
            <ThemeIcon variant="light" size="lg" aria-hidden>
              <IconFileCode size={20} stroke={1.75} />
            </ThemeIcon>
            <Title order={2} size="h4" id="welcome-describe">
              Describe your software
            </Title>
          </Group>
          <Text size="sm" mb="sm">
            Put a <Code>catalog-info.yaml</Code> next to the code. Callboard reads Backstage&apos;s
            format as it is, so descriptors you already have work unchanged.
          </Text>
          <Code
            block
            aria-label="Example catalog-info.yaml"
            style={{ border: '1px solid var(--mantine-color-default-border)' }}
          >
            {descriptorExample}
          </Code>
        </Card>

        <Card withBorder padding="lg" component="section" aria-labelledby="welcome-explore">
          <Group gap="sm" mb="sm" wrap="nowrap">
            <ThemeIcon variant="light" size="lg" aria-hidden>
              <IconCompass size={20} stroke={1.75} />
            </ThemeIcon>
            <Title order={2} size="h4" id="welcome-explore">
              Find your way around
            </Title>
          </Group>
          {pages.length > 0 ? (
            <List spacing="xs" size="sm">
              {pages.map(page => (
                <List.Item key={page.to}>
                  <Anchor component={Link} to={page.to}>
                    {page.title}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">No plugin adds pages yet.</Text>
          )}
          <Text size="sm" c="dimmed" mt="md">
            Use the search box at the top to find anything by name. Plugins can add widgets to this
            page; until one does, you see this introduction.
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
