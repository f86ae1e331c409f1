export { GitCommandError, runGit, scrub, type GitCommand, type GitTransport } from './runGit';
