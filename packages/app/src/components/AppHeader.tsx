import { Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router-dom';
import { appTitle, Slot } from '@callboard/plugin-api/frontend';
import { ColorSchemeToggle } from './ColorSchemeToggle';

function Logo() {
  return (
    <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden focusable="false">
      <rect width="32" height="32" rx="7" fill="var(--mantine-primary-color-filled)" />
      <path
        d="M9 10h14M9 16h14M9 22h9"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}

export function AppHeader(props: { navOpened: boolean; onToggleNav: () => void; navId: string }) {
  const title = appTitle();
  return (
    <Group h="100%" px="md" gap="md" justify="space-between" wrap="nowrap">
      <Group gap="xs" wrap="nowrap">
        <Burger
          opened={props.navOpened}
          onClick={props.onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={props.navOpened ? 'Close navigation' : 'Open navigation'}
          aria-expanded={props.navOpened}
          aria-controls={props.navId}
        />
        <UnstyledButton
          component={Link}
          to="/"
          aria-label={`${title} home`}
          style={{ display: 'flex', alignItems: 'center', gap: 8, borderRadius: 6 }}
        >
          <Logo />
          <Text component="span" fw={700} size="lg" visibleFrom="xs">
            {title}
          </Text>
        </UnstyledButton>
      </Group>
      {/* Whatever plugin fills the slot; a spacer keeps the toggle on the right when none does. */}
      <Slot name="header.search" props={{}} first empty={<div style={{ flex: 1 }} />} />
      <ColorSchemeToggle />
    </Group>
  );
}
