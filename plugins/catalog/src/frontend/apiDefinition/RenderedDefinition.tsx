import { lazyNamed } from '@callboard/plugin-api/frontend';
import { Alert, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Suspense } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { languageLabels, type DefinitionLanguage } from './definitionLanguage';
import { HighlightedCode } from './HighlightedCode';

/** Redoc is large: its own chunk, fetched only when an OpenAPI definition is drawn. */
const OpenApiViewer = lazyNamed(() => import('./openapi/OpenApiViewer'), 'OpenApiViewer');

/**
 * A definition drawn for its type: OpenAPI through the viewer, everything else highlighted.
 * When the viewer cannot draw a document (or cannot load), the text is shown instead with the
 * reason above it; the tab is never blank.
 */
export function RenderedDefinition(props: {
  definition: string;
  language: DefinitionLanguage;
  isOpenApi: boolean;
}) {
  const label = `${languageLabels[props.language]} definition`;
  const code = <HighlightedCode code={props.definition} language={props.language} label={label} />;
  if (!props.isOpenApi) return code;

  const fallback = (message: string) => (
    <Stack gap="sm">
      <Alert
        color="yellow"
        variant="light"
        role="alert"
        title="Showing the definition as text"
        icon={<IconAlertTriangle aria-hidden />}
      >
        <Text size="sm">{message}</Text>
        <Text size="sm" mt={4}>
          Fix the definition in the repository; the catalog reads it again on its next refresh.
        </Text>
      </Alert>
      {code}
    </Stack>
  );
  return (
    <ErrorBoundary
      fallbackRender={({ error }) =>
        fallback(
          `The OpenAPI viewer could not load: ${error instanceof Error ? error.message : String(error)}. Reloading the page may help.`,
        )
      }
    >
      <Suspense
        fallback={
          <Center role="status" mih={160}>
            <Stack align="center" gap="xs">
              <Loader aria-hidden />
              <Text size="sm" c="dimmed">
                Loading the OpenAPI viewer…
              </Text>
            </Stack>
          </Center>
        }
      >
        <OpenApiViewer definition={props.definition} fallback={fallback} />
      </Suspense>
    </ErrorBoundary>
  );
}
