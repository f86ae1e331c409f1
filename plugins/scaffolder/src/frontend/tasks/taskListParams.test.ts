import { describe, expect, it } from 'vitest';
import { readTaskListState, taskListRequest, writeTaskListState } from './taskListParams';

describe('task list URL state', () => {
  it('round-trips, ignoring what is not a status or a page', () => {
    const state = { status: 'failed' as const, page: 3 };
    expect(writeTaskListState(state).toString()).toBe('status=failed&page=3');
    expect(readTaskListState(writeTaskListState(state))).toEqual(state);
    expect(readTaskListState(new URLSearchParams('status=bogus&page=-2'))).toEqual({
      status: undefined,
      page: 1,
    });
    expect(writeTaskListState({ page: 1 }).toString()).toBe('');
  });

  it('asks the server for the page', () => {
    expect(taskListRequest({ status: 'processing', page: 2 })).toEqual({
      status: 'processing',
      limit: 20,
      offset: 20,
    });
  });
});
