// An e-mail address that wraps only when it does not fit its line, and then
// before its "@" or a dot, never at a hyphen (a break after "northwind-"
// reads as the end of the address). Each piece from one "@" or dot to the
// next is an inline block: the line breaks between pieces, and inside a piece
// only when that piece alone is wider than the line (the last resort).
// The pieces are spans with no space between them, so the address copies whole.
export function EmailText({ address }: { readonly address: string }) {
  const pieces = address.split(/(?=[@.])/);
  return (
    <span className="email-text">
      {pieces.map((piece, index) => (
        // The pieces of one address never move: their place is their identity.
        <span key={index} className="email-text__piece">
          {piece}
        </span>
      ))}
    </span>
  );
}
