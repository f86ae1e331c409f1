import { Alert } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconInfoCircle } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface Notice {
  tone: 'success' | 'info' | 'error';
  message: ReactNode;
}

const toneStyles = {
  success: { color: 'green', Icon: IconCheck },
  info: { color: 'blue', Icon: IconInfoCircle },
  error: { color: 'red', Icon: IconAlertTriangle },
} as const;

/**
 * What the last header action did ("Copied …", "Refresh scheduled …"). The live region is always
 * in the page, so screen readers announce each new message.
 */
export function HeaderNotice(props: { notice: Notice | null; onClose: () => void }) {
  const notice = props.notice;
  const style = notice ? toneStyles[notice.tone] : undefined;
  return (
    <div role="status">
      {notice && style ? (
        <Alert
          // The live region around it announces the message; the Alert is only its look.
          role="presentation"
          color={style.color}
          variant="light"
          icon={<style.Icon size={18} aria-hidden />}
          withCloseButton
          closeButtonLabel="Dismiss message"
          onClose={props.onClose}
          py="xs"
        >
          {notice.message}
        </Alert>
      ) : null}
    </div>
  );
}
