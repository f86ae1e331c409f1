import { Box, useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { canvasColors, kindColors } from './graphColors';

/** A small box in a kind's colours, as its nodes are drawn; dashed for a missing entity. */
export function KindSwatch(props: { kind: string; missing?: boolean }) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const colors = kindColors(theme, scheme, props.kind);
  return (
    <Box
      aria-hidden
      w={18}
      h={12}
      style={{
        flex: 'none',
        borderRadius: 3,
        border: `1.5px ${props.missing ? 'dashed' : 'solid'} ${props.missing ? 'var(--mantine-color-dimmed)' : colors.border}`,
        background: props.missing ? canvasColors(theme, scheme).background : colors.fill,
      }}
    />
  );
}
