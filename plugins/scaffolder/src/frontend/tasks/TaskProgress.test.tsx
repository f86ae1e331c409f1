// @vitest-environment happy-dom
import { MantineProvider } from '@mantine/core';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine, StepState } from './taskEvents';
import { TaskLog } from './TaskLog';
import { TaskSteps } from './TaskSteps';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const steps: StepState[] = [
  {
    id: 'fetch',
    name: 'Fetch skeleton',
    action: 'fetch:template',
    status: 'completed',
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: '2025-01-01T10:00:04.200Z',
  },
  { id: 'publish', name: 'Publish', action: 'publish:git', status: 'failed' },
  { id: 'register', name: 'Register', status: 'open' },
];

const lines: LogLine[] = [
  {
    eventId: 1,
    stepId: 'fetch',
    message: 'Fetched 12 files',
    createdAt: '2025-01-01T10:00:01.000Z',
  },
  { eventId: 2, stepId: 'publish', message: 'Push refused', createdAt: '2025-01-01T10:00:05.000Z' },
  { eventId: 3, message: 'Run failed', createdAt: '2025-01-01T10:00:06.000Z' },
];

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});
afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function render(node: ReactNode) {
  act(() => root.render(<MantineProvider>{node}</MantineProvider>));
}

describe('TaskSteps', () => {
  it('lists each step with its status and duration, and chooses one to filter the log', () => {
    const onSelect = vi.fn();
    render(<TaskSteps steps={steps} onSelect={onSelect} />);
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.map(button => button.getAttribute('aria-label') ?? button.textContent)).toEqual([
      'All steps',
      'Fetch skeleton: Completed, 4.2 s. Show its log.',
      'Publish: Failed. Show its log.',
      'Register: Waiting. Show its log.',
    ]);
    expect(buttons[0]?.getAttribute('aria-pressed')).toBe('true');
    act(() => buttons[2]?.click());
    expect(onSelect).toHaveBeenCalledWith('publish');
  });
});

describe('TaskLog', () => {
  it('heads each step’s lines with its name, and shows one step’s lines when chosen', () => {
    render(<TaskLog lines={lines} steps={steps} onSelect={() => {}} waiting={false} />);
    const log = container.querySelector('[role="log"]');
    expect(log?.textContent).toContain('Fetch skeleton');
    expect(log?.textContent).toContain('Fetched 12 files');
    expect(log?.textContent).toContain('Task');
    expect(log?.textContent).toContain('Run failed');

    render(
      <TaskLog
        lines={lines}
        steps={steps}
        selected="publish"
        onSelect={() => {}}
        waiting={false}
      />,
    );
    const filtered = container.querySelector('[role="log"]');
    expect(filtered?.getAttribute('aria-label')).toBe('Log of Publish');
    expect(filtered?.textContent).toContain('Push refused');
    expect(filtered?.textContent).not.toContain('Fetched 12 files');
  });

  it('says it is waiting before the first line', () => {
    render(<TaskLog lines={[]} steps={steps} onSelect={() => {}} waiting />);
    expect(container.querySelector('[role="log"]')?.textContent).toBe(
      'Waiting for the task to start…',
    );
  });
});
