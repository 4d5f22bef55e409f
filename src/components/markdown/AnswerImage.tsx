import ImageOutlinedIcon from '@mui/icons-material/ImageOutlined';
import Link from '@mui/material/Link';
import { inlineImageUrl, safeHref } from './imageHosts';

type AnswerImageProps = { src: string | undefined; alt: string | undefined };

/**
 * An image in an answer. Shown only from an allow-listed host; otherwise a link that shows
 * its alt text, so nothing is fetched until the reader chooses to open it.
 */
export function AnswerImage({ src, alt }: AnswerImageProps) {
  const label = alt?.trim() || 'Image';
  const inline = inlineImageUrl(src);
  if (inline) {
    return (
      <img
        src={inline}
        alt={label}
        loading="lazy"
        referrerPolicy="no-referrer"
        style={{ maxWidth: '100%', height: 'auto' }}
      />
    );
  }
  const href = safeHref(src);
  const content = (
    <>
      <ImageOutlinedIcon fontSize="inherit" sx={{ verticalAlign: '-0.15em', mr: 0.25 }} />
      {label}
    </>
  );
  if (!href) return <span>{content}</span>;
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer" title={`Image: ${href}`}>
      {content}
    </Link>
  );
}
