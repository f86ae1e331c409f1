// Runs before the app: applies the saved theme (or the OS preference) to avoid a flash of the
// wrong one. Keep the key in step with `colorSchemeStorageKey` in src/theme.ts.
try {
  var saved = window.localStorage.getItem('callboard-color-scheme');
  var scheme =
    saved === 'light' || saved === 'dark'
      ? saved
      : window.matchMedia('(prefers-color-scheme: dark)').matches
        ? 'dark'
        : 'light';
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
} catch {
  // No storage (private mode, blocked cookies): the app sets the scheme once it starts.
}
