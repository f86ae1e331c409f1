import type { MantineTheme } from '@mantine/core';
import type { Css, StylesheetJson } from 'cytoscape';
import {
  canvasColors,
  coloredKinds,
  kindColors,
  relationColor,
  shade,
  type Scheme,
} from './graphColors';
import { relationKinds } from './relationTypes';

export const nodeFontSize = 12;
export const nodeLineHeight = 1.35;
export const nodePaddingX = 14;
export const nodePaddingY = 9;
export const edgeLabelFontSize = 10;

/**
 * Cytoscape's stylesheet for the current theme and colour scheme. Nodes carry classes
 * (`kind-component`, `root`, `missing`) and edges `rel-dependsOn`; colours come from here only,
 * so switching the scheme restyles without touching the elements.
 */
export function graphStylesheet(
  theme: MantineTheme,
  scheme: Scheme,
  options: { largeGraph: boolean },
): StylesheetJson {
  const canvas = canvasColors(theme, scheme);
  const fallback = kindColors(theme, scheme, 'other');
  return [
    {
      // While a big graph pans, Cytoscape moves a snapshot; the area it has not drawn yet
      // takes the page's background instead of a grey veil.
      selector: 'core',
      // Cytoscape's typings mark every core property required; these are the ones we change.
      style: {
        'outside-texture-bg-color': canvas.background,
        'outside-texture-bg-opacity': 1,
        'active-bg-opacity': 0,
      } as Partial<Css.Core> as Css.Core,
    },
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: 'data(width)',
        height: 'data(height)',
        label: 'data(label)',
        'text-wrap': 'wrap',
        'text-max-width': '1000px',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-family': theme.fontFamily ?? 'sans-serif',
        'font-size': nodeFontSize,
        'line-height': nodeLineHeight,
        color: canvas.text,
        'background-color': fallback.fill,
        'border-color': fallback.border,
        'border-width': 1.5,
        // Labels too small to read are skipped when zoomed out: legible and much faster.
        'min-zoomed-font-size': 7,
        'overlay-opacity': 0,
      },
    },
    ...coloredKinds.map(kind => {
      const colors = kindColors(theme, scheme, kind);
      return {
        selector: `node.kind-${kind.toLocaleLowerCase('en-US')}`,
        style: { 'background-color': colors.fill, 'border-color': colors.border },
      };
    }),
    {
      selector: 'node.root',
      style: {
        'border-width': 3,
        'font-weight': 'bold',
        'underlay-color': canvas.highlight,
        'underlay-padding': 6,
        'underlay-opacity': scheme === 'dark' ? 0.85 : 0.7,
        'underlay-shape': 'round-rectangle',
      },
    },
    {
      selector: 'node.missing',
      style: {
        'background-color': canvas.background,
        'border-color': shade(theme, 'gray', scheme === 'dark' ? 5 : 6),
        'border-style': 'dashed',
        color: canvas.dimmed,
      },
    },
    {
      selector: 'node.hovered',
      style: { 'border-width': 3, 'z-index': 20 },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        // Bézier curves keep parallel edges (provides + depends on) apart; straight lines draw
        // much faster when there are thousands.
        'curve-style': options.largeGraph ? 'straight' : 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        // On big graphs, only the hovered node's edges are labelled: cheaper, and readable.
        label: options.largeGraph ? '' : 'data(label)',
        'font-family': theme.fontFamily ?? 'sans-serif',
        'font-size': edgeLabelFontSize,
        color: canvas.dimmed,
        'text-background-color': canvas.background,
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 9,
        'overlay-opacity': 0,
      },
    },
    {
      // Edges with ELK's route around the nodes in between.
      selector: 'edge.routed',
      style: {
        'curve-style': 'round-segments',
        'segment-weights': 'data(weights)',
        'segment-distances': 'data(distances)',
        'segment-radii': [14],
        'source-endpoint': 'data(sourceEndpoint)',
        'target-endpoint': 'data(targetEndpoint)',
        // Cytoscape 3.34 supports `endpoints`; its type declarations predate it.
        'edge-distances': 'endpoints' as 'node-position',
      },
    },
    ...relationKinds.map(kind => ({
      selector: `edge.rel-${kind.forward}`,
      style: {
        'line-color': relationColor(theme, scheme, kind.forward),
        'target-arrow-color': relationColor(theme, scheme, kind.forward),
      },
    })),
    {
      // Labels drawn as nodes where ELK placed them; the edge's own label would overlap.
      selector: 'node.edge-label',
      style: {
        // Only the text has a background: when zoomed out too far for text, the line shows.
        'background-opacity': 0,
        'border-width': 0,
        'text-background-color': canvas.background,
        'text-background-opacity': 1,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'font-size': edgeLabelFontSize,
        'font-weight': 'normal',
        color: canvas.dimmed,
        'min-zoomed-font-size': 8,
        events: 'no',
        'z-index': 5,
      },
    },
    { selector: 'node.edge-label.hovered-label', style: { color: canvas.text } },
    { selector: 'edge.labelled', style: { label: '' } },
    {
      selector: 'edge.hovered',
      style: { width: 3, 'z-index': 20, color: canvas.text, label: 'data(label)' },
    },
    // Edges whose label is a node of its own keep theirs hidden, hovered or not.
    { selector: 'edge.labelled.hovered', style: { label: '' } },
    {
      selector: '.faded',
      style: { opacity: 0.18, 'text-opacity': 0 },
    },
  ];
}
