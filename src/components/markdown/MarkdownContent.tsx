import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Skeleton from '@mui/material/Skeleton';
import { lazy, memo, Suspense } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { parseChartSpec } from '../../protocol/chart';
import { CodeBlock } from './CodeBlock';
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

// The charting library is large; only conversations with a chart pay for it.
const ChartBlock = lazy(() => import('./ChartBlock').then((m) => ({ default: m.ChartBlock })));

const components: Components = {
  pre: ({ node }) => {
    const code = (node as HastNode | undefined)?.children?.find((c) => c.tagName === 'code');
    const language = languageOf(code);
    const source = code ? textOf(code).replace(/\n$/, '') : '';
    const chart = language === 'chart' ? parseChartSpec(source) : null;
    if (chart) {
      return (
        <Suspense fallback={<Skeleton variant="rounded" height={300} sx={{ my: 1.5 }} />}>
          <ChartBlock spec={chart} />
        </Suspense>
      );
    }
    return <CodeBlock language={language} code={source} />;
  },
  table: ({ children }) => <MarkdownTable>{children}</MarkdownTable>,
  thead: ({ children }) => <TableHead>{children}</TableHead>,
  tbody: ({ children }) => <TableBody>{children}</TableBody>,
  tr: ({ children }) => <TableRow>{children}</TableRow>,
  th: ({ children, style }) => (
    <TableCell align={style?.textAlign as 'right' | undefined}>{children}</TableCell>
  ),
  td: ({ children, style }) => (
    <TableCell align={style?.textAlign as 'right' | undefined}>{children}</TableCell>
  ),
  a: ({ href, children }) => (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </Link>
  ),
};

type MarkdownContentProps = { content: string };

/** Assistant content: GitHub-flavoured markdown, raw HTML shown as text. */
export const MarkdownContent = memo(function MarkdownContent({ content }: MarkdownContentProps) {
  return (
    <Box
      sx={{
        overflowWrap: 'anywhere',
        // The flag comment tells Emotion this selector is meant; nothing here renders on a server.
        '& > :first-child /* emotion-disable-server-rendering-unsafe-selector-warning-please-do-not-use-this-the-warning-exists-for-a-reason */':
          { mt: 0 },
        '& > :last-child': { mb: 0 },
        '& p, & ul, & ol': { my: 1 },
        '& h1, & h2, & h3, & h4': { mt: 2, mb: 1, lineHeight: 1.3 },
        '& h1': { fontSize: '1.35rem' },
        '& h2': { fontSize: '1.2rem' },
        '& h3, & h4': { fontSize: '1.05rem' },
        '& :not(pre) > code': {
          fontFamily: 'monospace',
          fontSize: '0.9em',
          px: 0.5,
          borderRadius: 0.5,
          bgcolor: 'action.hover',
        },
      }}
    >
      <Markdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} components={components}>
        {content}
      </Markdown>
    </Box>
  );
});
