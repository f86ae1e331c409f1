import { Button, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconBook,
  IconBrandGit,
  IconCategory,
  IconExternalLink,
  IconLink,
  type Icon,
} from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { Markdown } from '../components/Markdown';
import { outputLinks, outputTexts, type OutputLinkView } from './taskOutput';

/** Backstage's icon names that templates use most, mapped to ours; anything else is a link. */
const icons: Record<string, Icon> = {
  catalog: IconCategory,
  github: IconBrandGit,
  gitlab: IconBrandGit,
  git: IconBrandGit,
  docs: IconBook,
  techdocs: IconBook,
};

/** A finished task's links and text, from its rendered `spec.output`. */
export function TaskOutput(props: { output: Record<string, unknown> | undefined }) {
  const links = outputLinks(props.output);
  const texts = outputTexts(props.output);
  if (links.length === 0 && texts.length === 0) return null;
  const defaultText = texts.find(text => text.default) ?? texts[0];
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="task-output">
      <Stack gap="md">
        <Title order={2} size="h4" id="task-output">
          Output
        </Title>
        {links.length > 0 ? (
          <Group gap="sm">
            {links.map((link, index) => (
              <OutputLinkButton key={`${index}-${link.title}`} link={link} />
            ))}
          </Group>
        ) : null}
        {texts.length === 1 && defaultText ? (
          <Stack gap="xs">
            <Title order={3} size="h5">
              {defaultText.title}
            </Title>
            <Markdown content={defaultText.content} />
          </Stack>
        ) : texts.length > 1 ? (
          <Tabs defaultValue={String(texts.indexOf(defaultText ?? texts[0]!))}>
            <Tabs.List>
              {texts.map((text, index) => (
                <Tabs.Tab key={index} value={String(index)}>
                  {text.title}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {texts.map((text, index) => (
              <Tabs.Panel key={index} value={String(index)} pt="sm">
                <Markdown content={text.content} />
              </Tabs.Panel>
            ))}
          </Tabs>
        ) : null}
      </Stack>
    </Card>
  );
}

function OutputLinkButton(props: { link: OutputLinkView }) {
  const { link } = props;
  const LinkIcon = (link.icon && icons[link.icon.toLowerCase()]) || IconLink;
  if (link.to) {
    return (
      <Button component={Link} to={link.to} leftSection={<LinkIcon size={16} aria-hidden />}>
        {link.title}
      </Button>
    );
  }
  if (link.href) {
    return (
      <Button
        component="a"
        href={link.href}
        target="_blank"
        rel="noopener noreferrer"
        variant="default"
        leftSection={<LinkIcon size={16} aria-hidden />}
        rightSection={<IconExternalLink size={14} aria-label="(opens in a new tab)" role="img" />}
      >
        {link.title}
      </Button>
    );
  }
  return (
    <Text size="sm">
      {link.title}:{' '}
      <Text span ff="monospace" size="sm">
        {link.text}
      </Text>
    </Text>
  );
}
