// An e-mail address or a web address that wraps only when it does not fit its
// line, and then at the address's own seams, never at a hyphen (a break after
// "northwind-" reads as the end of the address): an e-mail address before its
// "@" or a dot; a web address before a dot, a "?" or a "#", and before a "/"
// of its path ("https://" stays whole). Each piece from one seam to the next
// is an inline block: the line breaks between pieces, and inside a piece only
// when that piece alone is wider than the line (the last resort).
// The pieces are spans with no space between them, so the address copies whole.

/** Where each kind of address may break: before these. */
const seams = {
  email: /(?=[@.])/,
  url: /(?=[.?#])|(?<![:/])(?=\/)/,
} as const;

export type PiecedKind = keyof typeof seams;

export function PiecedText({ text, kind }: { readonly text: string; readonly kind: PiecedKind }) {
  const pieces = text.split(seams[kind]);
  return (
    <span className="pieced-text">
      {pieces.map((piece, index) => (
        // The pieces of one address never move: their place is their identity.
        <span key={index} className="pieced-text__piece">
          {piece}
        </span>
      ))}
    </span>
  );
}
