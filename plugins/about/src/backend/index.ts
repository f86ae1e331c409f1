export { aboutPlugin } from './aboutPlugin';
