import { Mark } from '@mantine/core';
import { splitHighlight } from './highlight';

/** A highlighted field as React elements: matches in `<mark>`, the rest as plain text. */
export function Highlighted(props: { text: string; preTag: string; postTag: string }) {
  return (
    <>
      {splitHighlight(props.text, props.preTag, props.postTag).map((part, index) =>
        part.marked ? (
          <Mark key={index} color="yellow">
            {part.text}
          </Mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
