import { analyzeLocation, findLocation, type Location } from '../../common';
import { summarizeAnalysis, type AnalysisSummary } from './summarizeAnalysis';

export interface TargetAnalysis {
  target: string;
  summary: AnalysisSummary;
  /** The location already registered with exactly this URL, if any. */
  existingLocation?: Location;
}

/**
 * Asks the catalog what registering `target` would produce (nothing is written) and whether
 * the same URL is registered already, so the review can say so before anyone clicks Import.
 */
export async function analyzeTarget(target: string): Promise<TargetAnalysis> {
  const [response, existingLocation] = await Promise.all([
    analyzeLocation(target),
    findLocation('url', target),
  ]);
  const summary = summarizeAnalysis(response);
  if (existingLocation) {
    summary.blocker = {
      title: 'This URL is already registered',
      message: `${target} is registered in the catalog already; its entities are listed below.`,
      hint: 'The catalog reads it again periodically. To read it right now, refresh it.',
    };
  }
  return { target, summary, existingLocation };
}
