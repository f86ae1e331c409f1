import { Button, Group, Stack, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { Ref } from 'react';

/**
 * The URL field and the Analyze button, in a form so Enter in the field analyzes. Errors are
 * the field's own (the server's message under it, announced with it).
 */
export function RepositoryUrlForm({
  inputRef,
  ...props
}: {
  value: string;
  onChange: (value: string) => void;
  onAnalyze: () => void;
  analyzing: boolean;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <form
      noValidate
      onSubmit={event => {
        event.preventDefault();
        props.onAnalyze();
      }}
    >
      <Stack gap="sm" align="flex-start">
        <TextInput
          ref={inputRef}
          w="100%"
          maw={760}
          label="Repository URL"
          description="A repository, a folder in it, or a catalog-info.yaml file, e.g. https://github.com/acme/payments, https://github.com/acme/monorepo/tree/main/services/billing or https://github.com/acme/payments/blob/main/catalog-info.yaml"
          placeholder="https://github.com/acme/payments"
          value={props.value}
          onChange={event => props.onChange(event.currentTarget.value)}
          error={props.error}
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          data-autofocus
        />
        <Group gap="sm">
          <Button
            type="submit"
            loading={props.analyzing}
            leftSection={<IconSearch size={16} aria-hidden />}
          >
            Analyze
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
