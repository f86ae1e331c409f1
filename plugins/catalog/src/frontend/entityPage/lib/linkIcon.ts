import {
  IconAlertTriangle,
  IconBook,
  IconBrandGithub,
  IconBrandGitlab,
  IconBrandSlack,
  IconCategory,
  IconChartLine,
  IconDashboard,
  IconFileText,
  IconHelp,
  IconLink,
  IconMail,
  IconMessage,
  IconNotebook,
  IconUser,
  IconUsers,
  IconWorld,
  type Icon,
} from '@tabler/icons-react';

/** Backstage's link icon keys and common link types, as icons; anything else is a plain link. */
const iconsByKey: Readonly<Record<string, Icon>> = {
  alert: IconAlertTriangle,
  warning: IconAlertTriangle,
  catalog: IconCategory,
  chat: IconMessage,
  slack: IconBrandSlack,
  dashboard: IconDashboard,
  metrics: IconChartLine,
  docs: IconBook,
  documentation: IconBook,
  techdocs: IconBook,
  email: IconMail,
  mail: IconMail,
  github: IconBrandGithub,
  gitlab: IconBrandGitlab,
  group: IconUsers,
  help: IconHelp,
  logs: IconFileText,
  runbook: IconNotebook,
  user: IconUser,
  web: IconWorld,
  website: IconWorld,
};

/** The icon for a link, from its `icon` key, else its `type`. */
export function linkIcon(link: { icon?: string; type?: string }): Icon {
  for (const key of [link.icon, link.type]) {
    const icon = key ? iconsByKey[key.toLowerCase()] : undefined;
    if (icon) return icon;
  }
  return IconLink;
}
