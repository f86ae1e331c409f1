import { Stack, Stepper, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { ParameterSchemaResponse } from '../../common';
import { createTask } from '../api/scaffolderApi';
import { scaffolderKeys } from '../api/queries';
import type { ScaffolderFormContext } from '../fields/SecretField';
import { taskPagePath } from '../lib/paths';
import { ReviewStep } from './ReviewStep';
import { reviewSections } from './reviewValues';
import { StepForm } from './StepForm';
import { formDataParam, prepareSteps, readFormDataParam, secretFieldNames } from './wizardSteps';

type Values = Record<string, unknown>;

/**
 * The form of one template: a stepper with a page per parameter step and a review page, then
 * Create. What is filled in is kept in the URL (`?formData=`, secrets left out), so a reload, or
 * "Start over" from a task, comes back to the same values.
 */
export function TemplateWizard(props: {
  namespace: string;
  name: string;
  response: ParameterSchemaResponse;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const steps = useMemo(() => prepareSteps(props.response), [props.response]);
  const secretNames = useMemo(() => secretFieldNames(steps), [steps]);
  const [values, setValues] = useState<Values>(() => readFormDataParam(params, secretNames));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [active, setActive] = useState(0);
  const reviewIndex = steps.length;
  const labels = props.response.presentation?.buttonLabels;
  const backLabel = labels?.backButtonText ?? 'Back';
  const reviewLabel = labels?.reviewButtonText ?? 'Review';
  const createLabel = labels?.createButtonText ?? 'Create';
  const vertical = useMediaQuery('(max-width: 48em)');

  const create = useMutation({
    mutationFn: () =>
      createTask({
        templateRef: `template:${props.namespace}/${props.name}`,
        values,
        ...(Object.keys(secrets).length > 0 ? { secrets } : {}),
      }),
    onSuccess: ({ id }) => {
      void queryClient.invalidateQueries({ queryKey: scaffolderKeys.tasks() });
      void navigate(taskPagePath(id));
    },
  });

  const formContext: ScaffolderFormContext = useMemo(
    () => ({
      secrets,
      setSecret: (name, value) =>
        setSecrets(previous => {
          const next = { ...previous };
          if (value === undefined) delete next[name];
          else next[name] = value;
          return next;
        }),
    }),
    [secrets],
  );

  // Moving between pages puts the focus on the new page's heading, so a screen reader says
  // where it is; the first page keeps the template's autofocus field instead.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const goTo = (index: number) => {
    moved.current = true;
    create.reset();
    setActive(index);
  };
  const next = (stepValues: Values) => {
    setValues(stepValues);
    setParams(
      current => {
        const updated = new URLSearchParams(current);
        updated.set('formData', formDataParam(stepValues, secretNames));
        return updated;
      },
      { replace: true },
    );
    goTo(active + 1);
  };

  const stepTitle = active === reviewIndex ? 'Review' : (steps[active]?.title ?? '');
  const stepDescription = active === reviewIndex ? undefined : steps[active]?.description;
  const current = steps[active];

  return (
    <Stack gap="xl" maw={900}>
      {/* Mantine draws the steps as buttons; the earlier ones go back to their page. */}
      <Stepper
        active={active}
        onStepClick={index => {
          if (index < active) goTo(index);
        }}
        allowNextStepsSelect={false}
        size="sm"
        orientation={vertical ? 'vertical' : 'horizontal'}
      >
        {steps.map(step => (
          <Stepper.Step key={step.title} label={step.title} />
        ))}
        <Stepper.Step label="Review" />
      </Stepper>
      <VisuallyHidden role="status" aria-live="polite">
        Step {active + 1} of {steps.length + 1}: {stepTitle}
      </VisuallyHidden>

      <Stack gap="lg">
        <Stack gap="xs">
          <Title order={2} size="h3" ref={headingRef} tabIndex={-1} style={{ outline: 'none' }}>
            {stepTitle}
          </Title>
          {stepDescription ? <Text c="dimmed">{stepDescription}</Text> : null}
        </Stack>

        {current ? (
          <StepForm
            key={active}
            step={current}
            values={values}
            formContext={formContext}
            nextLabel={active === reviewIndex - 1 ? reviewLabel : 'Next'}
            backLabel={backLabel}
            onChange={setValues}
            onNext={next}
            onBack={active > 0 ? () => goTo(active - 1) : undefined}
          />
        ) : (
          <ReviewStep
            sections={reviewSections(steps, values)}
            backLabel={backLabel}
            createLabel={createLabel}
            creating={create.isPending || create.isSuccess}
            error={create.error ?? undefined}
            onBack={reviewIndex > 0 ? () => goTo(reviewIndex - 1) : undefined}
            onCreate={() => create.mutate()}
          />
        )}
      </Stack>
    </Stack>
  );
}
