import { ActionIcon, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/**
 * Flips between light and dark. Until the user picks one, the OS preference applies; the choice
 * is saved in localStorage (see `colorSchemeManager`).
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const current = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = current === 'dark' ? 'light' : 'dark';
  const label = `Switch to ${next} theme`;
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={label}
      title={label}
    >
      {current === 'dark' ? (
        <IconSun size={18} stroke={1.75} aria-hidden />
      ) : (
        <IconMoon size={18} stroke={1.75} aria-hidden />
      )}
    </ActionIcon>
  );
}
