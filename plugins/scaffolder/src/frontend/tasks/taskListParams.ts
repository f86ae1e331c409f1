import { taskStatusSchema, type TaskStatus } from '../../common';

/** The task list's URL state: `/create/tasks?status=failed&page=2`. */
export interface TaskListState {
  status?: TaskStatus;
  /** 1-based. */
  page: number;
}

export const taskPageSize = 20;

export function readTaskListState(params: URLSearchParams): TaskListState {
  const status = taskStatusSchema.safeParse(params.get('status'));
  const page = Number(params.get('page'));
  return {
    status: status.success ? status.data : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

export function writeTaskListState(state: TaskListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.status) params.set('status', state.status);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

export function taskListRequest(state: TaskListState) {
  return { status: state.status, limit: taskPageSize, offset: (state.page - 1) * taskPageSize };
}
