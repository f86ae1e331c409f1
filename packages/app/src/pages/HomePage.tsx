import { Card, SimpleGrid, Stack, Title } from '@mantine/core';
import {
  pageTitle,
  Slot,
  type SlotProps,
  useSlotContributions,
} from '@callboard/plugin-api/frontend';
import { WelcomePanel } from './WelcomePanel';

const widgetProps: SlotProps<'home.widgets'> = {};

/** `/`: the plugins' home widgets, or a welcome when none contributes any. */
export function HomePage() {
  const widgets = useSlotContributions('home.widgets', widgetProps);
  if (widgets.length === 0) {
    return <WelcomePanel />;
  }
  return (
    <Stack gap="lg">
      <title>{pageTitle('Home')}</title>
      <Title order={1}>Home</Title>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="lg">
        <Slot
          name="home.widgets"
          props={widgetProps}
          wrap={(element, widget) => (
            <Card withBorder padding="lg" component="section" aria-label={widget.title}>
              <Title order={2} size="h4" mb="sm">
                {widget.title}
              </Title>
              {element}
            </Card>
          )}
        />
      </SimpleGrid>
    </Stack>
  );
}
