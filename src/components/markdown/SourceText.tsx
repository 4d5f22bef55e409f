/** A markdown block's source as it is, for the moment before the markdown renderer is there. */
export function SourceText({ source }: { source: string }) {
  return <p style={{ whiteSpace: 'pre-wrap' }}>{source}</p>;
}
