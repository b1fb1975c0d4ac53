// A record's tags as small badges; the first few, then "+n".
export function TagList({ tags, max = 3 }: { readonly tags: readonly string[]; readonly max?: number }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, max);
  return (
    <span className="tags">
      {shown.map((tag) => (
        <span key={tag} className="badge">
          {tag}
        </span>
      ))}
      {tags.length > max ? <span className="faint small">{`+${tags.length - max}`}</span> : null}
    </span>
  );
}
