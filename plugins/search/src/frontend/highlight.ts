/** A piece of highlighted text: plain, or a match the server marked. */
export interface HighlightPart {
  text: string;
  marked: boolean;
}

/**
 * Splits a highlighted field on the server's pre/post tags into plain and marked parts, so the
 * page renders matches as `<mark>` elements from text: the field itself is never parsed as HTML
 * (a description holding `<img onerror>` stays text). An unclosed tag marks the rest; a stray
 * post tag is kept as text.
 */
export function splitHighlight(text: string, preTag: string, postTag: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  const push = (piece: string, marked: boolean) => {
    if (piece === '') return;
    const last = parts.at(-1);
    if (last && last.marked === marked) last.text += piece;
    else parts.push({ text: piece, marked });
  };
  if (!preTag || !postTag) {
    push(text, false);
    return parts;
  }
  let rest = text;
  while (rest !== '') {
    const open = rest.indexOf(preTag);
    if (open === -1) {
      push(rest, false);
      break;
    }
    push(rest.slice(0, open), false);
    rest = rest.slice(open + preTag.length);
    const close = rest.indexOf(postTag);
    if (close === -1) {
      push(rest, true);
      break;
    }
    push(rest.slice(0, close), true);
    rest = rest.slice(close + postTag.length);
  }
  return parts;
}
