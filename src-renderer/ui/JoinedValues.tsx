// Typed values shown side by side on one line ("Software · Berlin · EMEA"),
// each in a <bdi> of its own: a Hebrew or Arabic value reads in its own
// direction and takes neither the " · " nor its neighbours along (a plain
// join of "תוכנה · Berlin" set the dot on the wrong side of the Hebrew).
import { Fragment } from 'react';

export function JoinedValues({ parts }: { readonly parts: readonly string[] }) {
  return (
    <>
      {parts
        .filter((part) => part !== '')
        .map((part, index) => (
          // The place is the key: two equal parts are two values.
          <Fragment key={index}>
            {index === 0 ? null : ' · '}
            <bdi>{part}</bdi>
          </Fragment>
        ))}
    </>
  );
}
