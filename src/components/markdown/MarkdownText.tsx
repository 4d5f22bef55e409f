import Link from '@mui/material/Link';
import { createElement, useContext, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { HeadingShift, shownLevel } from './headingLevels';
import { remarkGfmSyntax } from './remarkGfmSyntax';
import { AnswerImage } from './AnswerImage';
import { CodeBlock } from './CodeBlock';
import { FencedBlock } from './FencedBlock';
import { safeHref } from './imageHosts';
import { MarkdownTable } from './MarkdownTable';
import { remarkHtmlAsText } from './remarkHtmlAsText';

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: { className?: unknown };
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  return node.value ?? (node.children ?? []).map(textOf).join('');
}

function languageOf(node: HastNode | undefined): string | undefined {
  const classes = node?.properties?.className;
  if (!Array.isArray(classes)) return undefined;
  const match = classes.map(String).find((c) => c.startsWith('language-'));
  return match?.slice('language-'.length);
}

const align = (style: { textAlign?: unknown } | undefined) =>
  style?.textAlign === 'right' || style?.textAlign === 'center' ? style.textAlign : undefined;

/** A markdown heading at its place in the page's outline (headingLevels.ts). */
function Heading({ level, children }: { level: number; children?: ReactNode }) {
  const shown = shownLevel(level, useContext(HeadingShift));
  // The class keeps the size the answer gave it.
  return createElement(`h${shown}`, { className: `md-h${level}` }, children);
}

const components: Components = {
  h1: ({ children }) => <Heading level={1}>{children}</Heading>,
  h2: ({ children }) => <Heading level={2}>{children}</Heading>,
  h3: ({ children }) => <Heading level={3}>{children}</Heading>,
  h4: ({ children }) => <Heading level={4}>{children}</Heading>,
  h5: ({ children }) => <Heading level={5}>{children}</Heading>,
  h6: ({ children }) => <Heading level={6}>{children}</Heading>,
  // Code inside a list or quote; a top-level fence never gets here (see MarkdownBlock).
  pre: ({ node }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.tagName === 'code');
    const language = languageOf(code);
    const source = code ? textOf(code).replace(/\n$/, '') : '';
    if (language === 'chart') return <FencedBlock language={language} code={source} />;
    return <CodeBlock language={language} code={source} highlight />;
  },
  table: ({ children }) => <MarkdownTable>{children}</MarkdownTable>,
  // GFM writes alignment as a style; an attribute lets the table's one stylesheet apply it.
  th: ({ children, style }) => <th align={align(style)}>{children}</th>,
  td: ({ children, style }) => <td align={align(style)}>{children}</td>,
  a: ({ href, children }) => {
    const target = safeHref(href);
    if (!target) return <span>{children}</span>;
    return (
      <Link href={target} target="_blank" rel="noopener noreferrer">
        {children}
      </Link>
    );
  },
  img: ({ src, alt }) => <AnswerImage src={typeof src === 'string' ? src : undefined} alt={alt} />,
};

const remarkPlugins = [remarkGfmSyntax, remarkHtmlAsText];

type MarkdownTextProps = { source: string };

/** One block of GitHub-flavoured markdown; raw HTML is shown as text. */
export function MarkdownText({ source }: MarkdownTextProps) {
  return (
    <Markdown remarkPlugins={remarkPlugins} components={components}>
      {source}
    </Markdown>
  );
}
