import { describe, expect, it } from 'vitest';
import { scaffolderConfigSchema } from './scaffolderConfig';

describe('the scaffolder config', () => {
  it('bounds rendering and workspaces by default', () => {
    const config = scaffolderConfigSchema.parse(undefined);
    expect(config.rendering).toEqual({ timeout: { seconds: 5 }, maxMemoryMb: 256, workers: 2 });
    expect(config.workspaceQuota).toEqual({ perRunMb: 1024, totalMb: 10240 });
    expect(scaffolderConfigSchema.parse({ rendering: { maxMemoryMb: 512 } }).rendering).toEqual({
      timeout: { seconds: 5 },
      maxMemoryMb: 512,
      workers: 2,
    });
  });

  it('refuses bounds that are not bounds, naming the key', () => {
    const issues = (value: unknown) =>
      scaffolderConfigSchema.safeParse(value).error?.issues.map(issue => issue.path.join('.'));
    expect(issues({ rendering: { maxMemoryMb: 4 } })).toEqual(['rendering.maxMemoryMb']);
    expect(issues({ rendering: { workers: 0 } })).toEqual(['rendering.workers']);
    expect(issues({ rendering: { timeout: 'soon' } })).toEqual(['rendering.timeout']);
    expect(issues({ rendering: { heap: 1 } })).toEqual(['rendering']);
    expect(issues({ workspaceQuota: { perRunMb: 0 } })).toEqual(['workspaceQuota.perRunMb']);
    expect(issues({ workspaceQuota: { totalMb: -1 } })).toEqual(['workspaceQuota.totalMb']);
  });
});
