import { Button, Group, Select } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconChevronsLeft } from '@tabler/icons-react';
import { pageSizes } from './catalogSearchParams';

/**
 * Previous/next by the server's cursors, and the page size. There are no page numbers to jump
 * to: a cursor only knows its neighbours, which is what keeps paging fast at any depth.
 */
export function PageControls(props: {
  pageSize: number;
  onPageSize: (size: number) => void;
  onFirst?: () => void;
  onPrevious?: () => void;
  onNext?: () => void;
}) {
  return (
    <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
      <Select
        label="Rows per page"
        data={pageSizes.map(size => String(size))}
        value={String(props.pageSize)}
        onChange={value => {
          if (value) props.onPageSize(Number(value));
        }}
        allowDeselect={false}
        w={140}
        size="sm"
      />
      <Group gap="xs" component="nav" aria-label="Pages">
        <Button
          variant="default"
          leftSection={<IconChevronsLeft size={16} aria-hidden />}
          disabled={!props.onFirst}
          onClick={props.onFirst}
        >
          First page
        </Button>
        <Button
          variant="default"
          leftSection={<IconChevronLeft size={16} aria-hidden />}
          disabled={!props.onPrevious}
          onClick={props.onPrevious}
        >
          Previous page
        </Button>
        <Button
          variant="default"
          rightSection={<IconChevronRight size={16} aria-hidden />}
          disabled={!props.onNext}
          onClick={props.onNext}
        >
          Next page
        </Button>
      </Group>
    </Group>
  );
}
