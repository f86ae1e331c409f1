import { Alert, Button, Card, DataList, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconRocket } from '@tabler/icons-react';
import { TaskValidationError } from '../lib/errors';
import type { ReviewSection } from './reviewValues';

/**
 * The last page: every value, under its step, before anything runs. Create starts the task; a
 * refusal from the server (values the template's schema rejects) is listed here, problem by
 * problem.
 */
export function ReviewStep(props: {
  sections: ReviewSection[];
  backLabel: string;
  createLabel: string;
  creating: boolean;
  error?: Error;
  /** Absent when there is no page to go back to (a template without parameters). */
  onBack?: () => void;
  onCreate: () => void;
}) {
  return (
    <Stack gap="md">
      <Text c="dimmed" size="sm">
        {props.sections.length === 0
          ? 'This template asks for no values. Nothing has been created yet.'
          : 'Check what you entered. Nothing has been created yet.'}
      </Text>
      {props.sections.length === 0
        ? null
        : props.sections.map(section => (
            <Card key={section.title} withBorder radius="md" padding="md" component="section">
              <Title order={3} size="h5" mb="sm">
                {section.title}
              </Title>
              <DataList size="sm" labelWidth={200} gap="xs">
                {section.entries.map(entry => (
                  <DataList.Item key={entry.path}>
                    <DataList.ItemLabel c="dimmed">{entry.label}</DataList.ItemLabel>
                    <DataList.ItemValue style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                      {entry.lines.length === 1 ? (
                        <Text
                          span
                          size="sm"
                          ff={entry.masked ? 'monospace' : undefined}
                          aria-label={entry.masked ? 'hidden' : undefined}
                        >
                          {entry.lines[0]}
                        </Text>
                      ) : (
                        <List size="sm" spacing={2}>
                          {entry.lines.map((line, index) => (
                            <List.Item key={index}>{line}</List.Item>
                          ))}
                        </List>
                      )}
                    </DataList.ItemValue>
                  </DataList.Item>
                ))}
              </DataList>
            </Card>
          ))}
      {props.error ? <CreateError error={props.error} /> : null}
      <Group justify="space-between" mt="md">
        {props.onBack ? (
          <Button
            variant="default"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
            onClick={props.onBack}
            disabled={props.creating}
          >
            {props.backLabel}
          </Button>
        ) : (
          <span />
        )}
        <Button
          onClick={props.onCreate}
          loading={props.creating}
          leftSection={<IconRocket size={16} aria-hidden />}
        >
          {props.createLabel}
        </Button>
      </Group>
    </Stack>
  );
}

function CreateError(props: { error: Error }) {
  const problems = props.error instanceof TaskValidationError ? props.error.problems : [];
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title="Could not start the task"
      icon={<IconAlertTriangle aria-hidden />}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.error.message}
      </Text>
      {problems.length > 0 ? (
        <List size="sm" mt="xs" spacing={2}>
          {problems.map((problem, index) => (
            <List.Item key={index} style={{ overflowWrap: 'anywhere' }}>
              {problem}
            </List.Item>
          ))}
        </List>
      ) : null}
      <Text size="xs" c="dimmed" mt="xs">
        Go back to change a value, or try again.
      </Text>
    </Alert>
  );
}
