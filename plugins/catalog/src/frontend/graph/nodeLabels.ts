import type { GraphNode } from './loadEntityGraph';
import {
  edgeLabelFontSize,
  nodeFontSize,
  nodeLineHeight,
  nodePaddingX,
  nodePaddingY,
} from './graphStylesheet';

const maxTitleLength = 42;

/** What a node is called: its title when it has one, else its name. */
export function nodeDisplayName(node: GraphNode): string {
  return node.title ?? node.name;
}

/** `component · service`, or `component · not in the catalog`. */
export function nodeSubtitle(node: GraphNode): string {
  const kind = node.kind.toLocaleLowerCase('en-US');
  if (node.missing) return `${kind} · not in the catalog`;
  return node.type ? `${kind} · ${node.type}` : kind;
}

/** The two-line label drawn in the node. */
export function nodeLabel(node: GraphNode): string {
  const name = nodeDisplayName(node);
  const short = name.length > maxTitleLength ? `${name.slice(0, maxTitleLength - 1)}…` : name;
  const namespace = node.namespace === 'default' ? '' : `${node.namespace}/`;
  return `${namespace}${short}\n${nodeSubtitle(node)}`;
}

/**
 * Node boxes sized to their labels, measured with the canvas's own text metrics so the label
 * never spills out (the layout needs sizes before anything is drawn).
 */
export function measureNodes(
  nodes: readonly GraphNode[],
  fontFamily: string,
): Map<string, { label: string; width: number; height: number }> {
  const measure = textMeasurer(fontFamily);
  const font = (bold: boolean) => `${bold ? 'bold ' : ''}${nodeFontSize}px`;
  const height = Math.ceil(2 * nodeFontSize * nodeLineHeight + 2 * nodePaddingY);
  return new Map(
    nodes.map(node => {
      const label = nodeLabel(node);
      const textWidth = Math.max(...label.split('\n').map(line => measure(line, font(node.root))));
      return [node.id, { label, width: Math.ceil(textWidth + 2 * nodePaddingX), height }];
    }),
  );
}

/** Edge labels ("depends on") are small boxes ELK keeps clear of nodes and other labels. */
export function measureEdgeLabel(
  measure: ReturnType<typeof textMeasurer>,
  text: string,
): { text: string; width: number; height: number } {
  return {
    text,
    width: Math.ceil(measure(text, `${edgeLabelFontSize}px`) + 8),
    height: edgeLabelFontSize + 6,
  };
}

/** Text widths from the canvas's own metrics; `font` is the size and weight part of CSS `font`. */
export function textMeasurer(fontFamily: string): (text: string, font: string) => number {
  const context = document.createElement('canvas').getContext('2d');
  return (text, font) => {
    if (!context) return text.length * parseFloat(font.replace(/^bold /, '')) * 0.6;
    context.font = `${font} ${fontFamily}`;
    return context.measureText(text).width;
  };
}
