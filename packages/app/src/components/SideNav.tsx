import { Box, NavLink, Stack } from '@mantine/core';
import { usePlugins, type NavItem } from '@callboard/plugin-api/frontend';
import { IconHome } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { collectNavItems, isNavItemActive } from '../navigation';

const homeItem: NavItem = { title: 'Home', to: '/', icon: IconHome, order: 0 };

/** The sidebar: Home, then every plugin's nav items by `order`. */
export function SideNav(props: { onNavigate?: () => void }) {
  const plugins = usePlugins();
  const items = useMemo(() => [homeItem, ...collectNavItems(plugins)], [plugins]);
  const { pathname } = useLocation();
  return (
    <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
      {items.map(item => {
        const Icon = item.icon;
        const active = isNavItemActive(item.to, pathname);
        return (
          <li key={item.to}>
            <NavLink
              component={Link}
              to={item.to}
              label={item.title}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={props.onNavigate}
              leftSection={
                Icon ? (
                  <Box component="span" aria-hidden display="flex">
                    <Icon size={20} stroke={1.75} />
                  </Box>
                ) : null
              }
              styles={{ label: { fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500 } }}
            />
          </li>
        );
      })}
    </Stack>
  );
}
