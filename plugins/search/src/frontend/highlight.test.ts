import { describe, expect, it } from 'vitest';
import { splitHighlight } from './highlight';

describe('splitHighlight', () => {
  it('splits on the server tags into plain and marked parts', () => {
    expect(
      splitHighlight('Takes <mark>card</mark> <mark>payments</mark>.', '<mark>', '</mark>'),
    ).toEqual([
      { text: 'Takes ', marked: false },
      { text: 'card', marked: true },
      { text: ' ', marked: false },
      { text: 'payments', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('keeps markup in the text as text, and survives unbalanced tags', () => {
    expect(splitHighlight('<img onerror=x> <mark>a</mark>', '<mark>', '</mark>')).toEqual([
      { text: '<img onerror=x> ', marked: false },
      { text: 'a', marked: true },
    ]);
    expect(splitHighlight('x <mark>open', '<mark>', '</mark>')).toEqual([
      { text: 'x ', marked: false },
      { text: 'open', marked: true },
    ]);
    expect(splitHighlight('a </mark> b', '<mark>', '</mark>')).toEqual([
      { text: 'a </mark> b', marked: false },
    ]);
    expect(splitHighlight('', '<mark>', '</mark>')).toEqual([]);
  });

  it('joins adjacent marks and works with any tags', () => {
    expect(splitHighlight('[[a]][[b]] c', '[[', ']]')).toEqual([
      { text: 'ab', marked: true },
      { text: ' c', marked: false },
    ]);
  });
});
