import '@mantine/dates/styles.css';
import { Alert, Button, Group, List } from '@mantine/core';
import { generateForm } from '@rjsf/mantine';
import validator from '@rjsf/validator-ajv8';
import { useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import type { PublishTargetDescription } from '../../common';
import { scaffolderKeys } from '../api/queries';
import { customFields } from '../fields/customFields';
import type { ScaffolderFormContext } from '../fields/SecretField';
import { createCustomValidate, pageLevelErrors, transformErrors } from './formErrors';
import type { WizardStep } from './wizardSteps';

type Values = Record<string, unknown>;

const ScaffolderForm = generateForm<Values, WizardStep['schema'], ScaffolderFormContext>();

/**
 * One page of the template's form: RJSF with the Mantine theme and the scaffolder's fields. Next
 * submits it, which validates this page only (JSON Schema, then the pickers' own checks) and
 * shows each problem under its field; after a refused Next, fields re-validate as they change so
 * errors go away as they are fixed. Back keeps what was typed, valid or not (every change is
 * reported up).
 */
export function StepForm(props: {
  step: WizardStep;
  values: Values;
  formContext: ScaffolderFormContext;
  nextLabel: string;
  backLabel: string;
  /** Every change, so that leaving the page by the stepper keeps what was typed. */
  onChange: (values: Values) => void;
  onNext: (values: Values) => void;
  onBack?: () => void;
}) {
  const queryClient = useQueryClient();
  const [data, setData] = useState<Values>(props.values);
  const [attempted, setAttempted] = useState(false);
  const [pageErrors, setPageErrors] = useState<string[]>([]);
  const container = useRef<HTMLDivElement>(null);
  const customValidate = useMemo(
    () =>
      createCustomValidate(() => ({
        targets: queryClient.getQueryData<PublishTargetDescription[]>(scaffolderKeys.targets()),
      })),
    [queryClient],
  );

  return (
    <div ref={container}>
      <ScaffolderForm
        schema={props.step.schema}
        uiSchema={props.step.uiSchema}
        formData={data}
        formContext={props.formContext}
        validator={validator}
        fields={customFields}
        customValidate={customValidate}
        transformErrors={transformErrors}
        onChange={event => {
          setData(event.formData ?? {});
          props.onChange(event.formData ?? {});
        }}
        onSubmit={event => {
          setPageErrors([]);
          props.onNext(event.formData ?? {});
        }}
        onError={errors => {
          setAttempted(true);
          setPageErrors(pageLevelErrors(errors));
        }}
        liveValidate={attempted ? 'onChange' : undefined}
        showErrorList={false}
        // RJSF would focus the first error in Ajv's order; the reader expects the first on screen.
        focusOnFirstError={() => focusFirstInvalid(container.current)}
        noHtml5Validate
      >
        {pageErrors.length > 0 ? (
          // Problems with no field of their own would otherwise block Next without a word.
          <Alert
            color="red"
            variant="light"
            role="alert"
            mt="md"
            title="This page is not complete"
            icon={<IconAlertTriangle aria-hidden />}
          >
            <List size="sm">
              {pageErrors.map((message, index) => (
                <List.Item key={index}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <Group justify="space-between" mt="xl">
          {props.onBack ? (
            <Button
              variant="default"
              leftSection={<IconArrowLeft size={16} aria-hidden />}
              onClick={props.onBack}
            >
              {props.backLabel}
            </Button>
          ) : (
            <span />
          )}
          <Button type="submit" rightSection={<IconArrowRight size={16} aria-hidden />}>
            {props.nextLabel}
          </Button>
        </Group>
      </ScaffolderForm>
    </div>
  );
}

/** Focuses the topmost invalid input once the errors have rendered. */
function focusFirstInvalid(root: HTMLElement | null): void {
  requestAnimationFrame(() => {
    const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
    invalid?.scrollIntoView({ block: 'center' });
  });
}
