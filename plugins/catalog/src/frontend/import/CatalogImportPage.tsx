import { pageTitle } from '@callboard/plugin-api/frontend';
import { BadGatewayError, ConflictError, NotFoundError } from '@callboard/plugin-api/common';
import { Alert, Anchor, Stack, Stepper, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { addLocation, catalogKeys, entityPagePath, humanizeEntityRef } from '../../common';
import { AnalysisReview } from './AnalysisReview';
import { analyzeTarget } from './analyzeTarget';
import { ImportSuccess } from './ImportSuccess';
import { RepositoryUrlForm } from './RepositoryUrlForm';
import type { AnalyzedEntity } from './summarizeAnalysis';

const steps = [
  { label: 'Repository URL', description: 'Where the descriptor is' },
  { label: 'Review', description: 'What would be imported' },
  { label: 'Import', description: 'Register it' },
];

/**
 * `/catalog-import`: register a repository in three steps. Enter a URL and analyze it (nothing
 * is written), review the entities and every problem, then import. Editing the URL throws the
 * analysis away, so what is imported is always what was reviewed.
 */
export function CatalogImportPage() {
  const queryClient = useQueryClient();
  const inputRef = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState('');
  const [emptyError, setEmptyError] = useState<string>();
  const analysis = useMutation({ mutationFn: analyzeTarget });
  const registration = useMutation({
    mutationFn: (url: string) => addLocation(url),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: catalogKeys.all }),
  });

  const analyze = () => {
    const url = target.trim();
    registration.reset();
    if (!url) {
      analysis.reset();
      setEmptyError('Enter the URL of a repository, a folder or a catalog-info.yaml file.');
      return;
    }
    analysis.mutate(url);
  };

  const edit = (value: string) => {
    setTarget(value);
    setEmptyError(undefined);
    // What would be imported belongs to the URL that was analyzed; a new URL starts over.
    analysis.reset();
    registration.reset();
  };

  const startOver = () => {
    edit('');
    // After the success step the field is back: put the cursor in it.
    requestAnimationFrame(() => inputRef.current?.focus());
  };

  // A host that cannot be reached, or nothing at the URL: an alert of its own, like the analysis's
  // read failures. Every other error (malformed, not allowed, not a repository) is the field's.
  // By class, not `error.name`: the production build shortens class names.
  const unreachable =
    analysis.error instanceof BadGatewayError || analysis.error instanceof NotFoundError
      ? analysis.error
      : undefined;
  const fieldError = unreachable ? undefined : (analysis.error ?? undefined);

  // Past the last step once imported: Mantine then shows every step as completed.
  const step = registration.isSuccess ? steps.length : analysis.isSuccess ? 1 : 0;
  const current = Math.min(step, steps.length - 1);

  return (
    <Stack gap="xl" maw={1200}>
      <title>{pageTitle('Register a repository')}</title>
      <Stack gap={4}>
        <Title order={1}>Register a repository</Title>
        <Text c="dimmed" maw={760}>
          Add the entities described in a repository’s catalog-info.yaml to the catalog. You see
          what would be imported, and every problem in the YAML, before anything is saved.
        </Text>
      </Stack>

      {/* Mantine draws the steps as buttons, though here they only show progress: hidden from
          assistive technology, which gets the same in one sentence instead. */}
      <Stepper active={step} allowNextStepsSelect={false} size="sm" maw={860} aria-hidden>
        {steps.map(item => (
          <Stepper.Step key={item.label} label={item.label} description={item.description} />
        ))}
      </Stepper>
      <VisuallyHidden>
        Step {current + 1} of {steps.length}: {steps[current]?.label}
        {step >= steps.length ? ', done' : ''}
      </VisuallyHidden>

      {registration.isSuccess && analysis.data ? (
        <ImportSuccess
          target={analysis.data.target}
          entities={analysis.data.summary.entities}
          importedAt={registration.submittedAt}
          onRegisterAnother={startOver}
        />
      ) : (
        <>
          <RepositoryUrlForm
            value={target}
            onChange={edit}
            onAnalyze={analyze}
            analyzing={analysis.isPending}
            error={emptyError ?? (fieldError ? fieldError.message : undefined)}
            inputRef={inputRef}
          />
          {unreachable ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title="Could not read this URL"
              icon={<IconAlertTriangle aria-hidden />}
              maw={860}
            >
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {unreachable.message}
              </Text>
            </Alert>
          ) : null}
          {analysis.data ? (
            <AnalysisReview
              analysis={analysis.data}
              onImport={() => registration.mutate(analysis.data.target)}
              importing={registration.isPending}
              importError={
                registration.isError ? (
                  <ImportError
                    error={registration.error}
                    entities={analysis.data.summary.entities}
                  />
                ) : undefined
              }
            />
          ) : null}
        </>
      )}
    </Stack>
  );
}

/** Why the import failed; a conflict means someone registered the URL meanwhile. */
function ImportError(props: { error: Error; entities: AnalyzedEntity[] }) {
  // By class, not `error.name`: the production build shortens class names.
  const conflict = props.error instanceof ConflictError;
  return (
    <Alert
      color="red"
      variant="light"
      role="alert"
      title={conflict ? 'Already registered' : 'Could not import'}
      icon={<IconAlertTriangle aria-hidden />}
      maw={860}
    >
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.error.message}
      </Text>
      {conflict ? (
        <EntityLinks
          intro="Nothing was changed. Its entities are already in the catalog:"
          entities={props.entities}
        />
      ) : (
        <Text size="sm" mt={4}>
          Nothing was registered. Try again, or analyze the URL again to see whether it changed.
        </Text>
      )}
    </Alert>
  );
}

function EntityLinks(props: { intro: ReactNode; entities: AnalyzedEntity[] }) {
  return (
    <>
      <Text size="sm" mt={4}>
        {props.intro}
      </Text>
      <Stack component="ul" gap={2} mt={4} mb={0} pl="md">
        {props.entities.map(entity => (
          <li key={entity.entityRef}>
            <Anchor component={Link} to={entityPagePath(entity)} size="sm">
              {humanizeEntityRef(entity)}
            </Anchor>
          </li>
        ))}
      </Stack>
    </>
  );
}
