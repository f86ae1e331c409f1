// `npm run dev`: the backend (restarted on change) and Vite's dev server (hot reload, proxying
// /api to the backend) side by side. Open the URL Vite prints. Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn(
    process.execPath,
    ['--import', 'tsx', '--watch', 'packages/backend/src/main.ts', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  ),
  spawn('npm', ['run', 'dev', '--workspace', '@callboard/app'], { stdio: 'inherit' }),
];

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2_000).unref();
}

for (const child of children) {
  child.on('exit', code => stop(code ?? 1));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
