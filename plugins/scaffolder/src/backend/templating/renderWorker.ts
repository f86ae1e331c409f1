import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '@callboard/plugin-api/common';
import { createTemplateEngine } from './createTemplateEngine';
import type {
  RenderJob,
  RenderRequest,
  RenderResponse,
  RenderWorkerData,
  RenderedFileText,
} from './renderJobs';
import type { TemplateEngine } from './TemplateEngine';

/**
 * A render worker (ADR 0019): runs the sandboxed engine off the main thread, one job at a time.
 * The main thread bounds it from outside (heap cap, deadline, terminate), so nothing a template
 * does here can block the server or grow its heap.
 */
const port = parentPort;
if (!port) throw new Error('renderWorker runs in a worker thread');
const { limits } = workerData as RenderWorkerData;
const engine = createTemplateEngine({ limits });

function renderFiles(
  job: Extract<RenderJob, { kind: 'files' }>,
  renderer: TemplateEngine,
): RenderedFileText[] {
  return job.files.map(file => {
    try {
      const path = file.renderPath
        ? renderer.renderString(file.path, job.context, job.options)
        : file.path;
      return file.content === undefined
        ? { path }
        : { path, content: renderer.renderString(file.content, job.context, job.options) };
    } catch (error) {
      throw error instanceof InputError ? new InputError(`${file.path}: ${error.message}`) : error;
    }
  });
}

function run(job: RenderJob): unknown {
  switch (job.kind) {
    case 'value':
      return engine.renderTracked(job.value, job.context, job.secretPaths);
    case 'string':
      return engine.renderString(job.template, job.context, job.options);
    case 'files':
      return renderFiles(job, engine);
  }
}

port.on('message', ({ id, job }: RenderRequest) => {
  let response: RenderResponse;
  try {
    response = { id, ok: true, result: run(job) };
  } catch (error) {
    const known = error instanceof Error;
    response = {
      id,
      ok: false,
      name: known ? error.name : 'Error',
      message: known ? error.message : String(error),
    };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true } satisfies RenderResponse);
