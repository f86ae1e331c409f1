export {
  definePlugin,
  type FrontendPlugin,
  type FrontendPluginOptions,
  type NavItem,
  type PluginRoute,
} from './definePlugin';
export { appTitle, pageTitle } from './appTitle';
export { lazyNamed } from './lazyNamed';
export { apiUrl, fetchApi, parseJson, type ApiRequest } from '../common/fetchApi';
export { errorMessage, isNotFound, statusCodeOf } from './errorInfo';
export { formatDateTime, formatRelativeTime } from './formatTime';
export {
  collectContributions,
  PluginRegistryProvider,
  usePlugins,
  useSlotContributions,
} from './PluginRegistry';
export { Slot, SlotChromeProvider, SlotItem, type SlotChrome } from './Slot';
export type {
  SlotContribution,
  SlotContributions,
  SlotDefinitions,
  SlotName,
  SlotProps,
} from './slots';
