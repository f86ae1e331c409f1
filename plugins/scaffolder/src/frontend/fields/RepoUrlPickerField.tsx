import {
  Alert,
  Button,
  Code,
  Fieldset,
  Input,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import type { FieldProps } from '@rjsf/utils';
import { useQuery } from '@tanstack/react-query';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { publishTargetsQuery } from '../api/queries';
import { fieldChrome } from './fieldChrome';
import {
  availableTargets,
  buildRepoUrlValue,
  ownerChoices,
  readRepoUrlRules,
  readRepoUrlValue,
  repoUrlProblems,
  type RepoUrlParts,
} from './repoUrl';

/**
 * `ui:field: RepoUrlPicker`: where the new repository goes. The host is one of the publish
 * targets this Callboard has (narrowed by `ui:options.allowedHosts`), the owner is picked from
 * the allowed owners or typed, the repository name typed (or picked from `allowedRepos`). The
 * value is Backstage's `host?owner=…&repo=…`.
 */
export function RepoUrlPickerField(props: FieldProps<string>) {
  const chrome = fieldChrome(props);
  const rules = useMemo(() => readRepoUrlRules(chrome.options), [chrome.options]);
  const targets = useQuery(publishTargetsQuery());
  const hosts = useMemo(
    () => (targets.data ? availableTargets(targets.data, rules) : undefined),
    [targets.data, rules],
  );

  // The inputs keep what is typed; the stored value follows. A value set from outside (a
  // restored form) replaces the inputs.
  const [parts, setParts] = useState<RepoUrlParts>(() => readRepoUrlValue(props.formData));
  const [emitted, setEmitted] = useState<string | undefined>(props.formData);
  if (props.formData !== emitted) {
    setEmitted(props.formData);
    setParts(readRepoUrlValue(props.formData));
  }
  // With one host to choose from, it is chosen: shown selected and part of the value.
  const onlyHost = hosts?.length === 1 ? hosts[0]?.host : undefined;
  const shown: RepoUrlParts = { ...parts, host: parts.host || onlyHost || '' };
  const change = (next: RepoUrlParts) => {
    setParts(next);
    const value = buildRepoUrlValue({ ...next, host: next.host || onlyHost || '' });
    setEmitted(value);
    props.onChange(value, props.fieldPathId.path);
  };

  const target = targets.data?.find(item => item.host === shown.host);
  const owners = ownerChoices(target, rules);
  // Once RJSF has validated this field (on Next), each input says what is wrong with it.
  const problems = chrome.error ? repoUrlProblems(shown, rules, targets.data) : {};
  const complete = shown.host && shown.owner.trim() && shown.repo.trim();

  return (
    <Fieldset
      id={chrome.id}
      // Focusable, so that RJSF's "focus the first error" lands here and scrolls it into view.
      tabIndex={-1}
      legend={
        <Text fw={500} size="sm" component="span">
          {chrome.label}
          {chrome.required ? (
            <Text span c="var(--mantine-color-error)" aria-hidden>
              {' '}
              *
            </Text>
          ) : null}
        </Text>
      }
      disabled={chrome.disabled}
      variant="filled"
      radius="md"
    >
      <Stack gap="sm">
        {chrome.description ? (
          <Text size="sm" c="dimmed">
            {chrome.description}
          </Text>
        ) : null}
        {targets.isError ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title="Could not load the places repositories may go"
          >
            <Text size="sm">{targets.error.message}</Text>
            <Button
              size="xs"
              color="red"
              mt="sm"
              loading={targets.isFetching}
              onClick={() => void targets.refetch()}
            >
              Retry
            </Button>
          </Alert>
        ) : hosts && hosts.length === 0 ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            <Text size="sm">
              {rules.allowedHosts
                ? `This template publishes only to ${rules.allowedHosts.join(', ')}, and no publish target of this Callboard is one of them.`
                : 'This Callboard has no publish targets configured (scaffolder.targets).'}{' '}
              Ask whoever runs Callboard to add one.
            </Text>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {hosts ? (
            <Select
              id={`${chrome.id}-host`}
              label="Host"
              required={chrome.required}
              placeholder="Choose a host"
              data={hosts.map(item => ({
                value: item.host,
                label: item.title === item.host ? item.host : `${item.title} (${item.host})`,
              }))}
              value={shown.host || null}
              onChange={host => change({ ...parts, host: host ?? '' })}
              error={problems.host}
              allowDeselect={false}
              autoFocus={chrome.autoFocus}
            />
          ) : (
            <Stack gap={6} aria-hidden>
              <Skeleton h={14} w={40} />
              <Skeleton h={36} />
            </Stack>
          )}
          {owners ? (
            <Select
              id={`${chrome.id}-owner`}
              label="Owner"
              required={chrome.required}
              placeholder="Choose an owner"
              data={owners}
              value={parts.owner || null}
              onChange={owner => change({ ...parts, owner: owner ?? '' })}
              error={problems.owner}
              searchable
            />
          ) : (
            <TextInput
              id={`${chrome.id}-owner`}
              label="Owner"
              required={chrome.required}
              placeholder="e.g. platform"
              value={parts.owner}
              onChange={event => change({ ...parts, owner: event.currentTarget.value })}
              error={problems.owner}
              autoComplete="off"
              spellCheck={false}
            />
          )}
          {rules.allowedRepos ? (
            <Select
              id={`${chrome.id}-repo`}
              label="Repository name"
              required={chrome.required}
              placeholder="Choose a repository"
              data={rules.allowedRepos}
              value={parts.repo || null}
              onChange={repo => change({ ...parts, repo: repo ?? '' })}
              error={problems.repo}
              searchable
            />
          ) : (
            <TextInput
              id={`${chrome.id}-repo`}
              label="Repository name"
              required={chrome.required}
              placeholder="e.g. payments-api"
              value={parts.repo}
              onChange={event => change({ ...parts, repo: event.currentTarget.value })}
              error={problems.repo}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </SimpleGrid>
        {target?.description ? (
          <Text size="xs" c="dimmed">
            {target.description}
          </Text>
        ) : null}
        {complete ? (
          <Text size="xs" c="dimmed">
            The repository will be{' '}
            <Code>
              {shown.host}/{shown.owner.trim()}/{shown.repo.trim()}
            </Code>
          </Text>
        ) : null}
        {chrome.error && !problems.host && !problems.owner && !problems.repo ? (
          <Input.Error>{chrome.error}</Input.Error>
        ) : null}
      </Stack>
    </Fieldset>
  );
}
