import type { Entity } from '@callboard/catalog-model';
import { ActionIcon, Code, Menu } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCopy, IconDotsVertical, IconTrash } from '@tabler/icons-react';
import { displayEntityRef } from '../lib/entityFacts';
import { errorMessage } from '@callboard/plugin-api/frontend';
import type { Notice } from './HeaderNotice';
import { UnregisterDialog } from './UnregisterDialog';

/** The entity's less common actions: copy its ref, unregister it. */
export function EntityMenu(props: { entity: Entity; onNotice: (notice: Notice) => void }) {
  const [unregisterOpen, unregister] = useDisclosure(false);
  const ref = displayEntityRef(props.entity);

  const copyRef = async () => {
    try {
      await navigator.clipboard.writeText(ref);
      props.onNotice({
        tone: 'success',
        message: (
          <>
            Copied <Code>{ref}</Code> to the clipboard.
          </>
        ),
      });
    } catch (error) {
      props.onNotice({
        tone: 'error',
        message: (
          <>
            Could not copy to the clipboard ({errorMessage(error)}). The entity ref is{' '}
            <Code>{ref}</Code>.
          </>
        ),
      });
    }
  };

  return (
    <>
      <Menu position="bottom-end" shadow="md" width={220}>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="More actions">
            <IconDotsVertical size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconCopy size={16} aria-hidden />}
            onClick={() => void copyRef()}
          >
            Copy entity ref
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={unregister.open}
          >
            Unregister entity…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {unregisterOpen ? (
        <UnregisterDialog entity={props.entity} opened onClose={unregister.close} />
      ) : null}
    </>
  );
}
