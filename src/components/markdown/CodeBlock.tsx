import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useState } from 'react';
import { CopyButton } from '../common/CopyButton';
import { BlockOverflow } from './BlockOverflow';
import { loadHighlightedCode } from './blockRenderers';
import { CODE_BLOCK_STYLE } from './codeStyle';

/** Longer code is shown in part, with "Show all" and copy. */
export const CODE_PREVIEW_LINES = 400;
/** Longer code is not highlighted: Prism builds a node per token, and that is slow. */
export const MAX_HIGHLIGHTED_CHARS = 20_000;

const HighlightedCode = lazy(() =>
  loadHighlightedCode().then((m) => ({ default: m.HighlightedCode })),
);

type CodeBlockProps = {
  language: string | undefined;
  code: string;
  /** False while the block is still streaming: colours come once it is complete. */
  highlight: boolean;
};

function PlainCode({ language, code }: { language: string | undefined; code: string }) {
  return (
    // Focusable, so that code wider than the screen can be scrolled with the keyboard.
    <pre style={CODE_BLOCK_STYLE} tabIndex={0}>
      <code className={language ? `language-${language}` : undefined}>{code}</code>
    </pre>
  );
}

export function CodeBlock({ language, code, highlight }: CodeBlockProps) {
  const [showAll, setShowAll] = useState(false);
  const lines = code.split('\n');
  const partial = !showAll && lines.length > CODE_PREVIEW_LINES;
  const shown = partial ? lines.slice(0, CODE_PREVIEW_LINES).join('\n') : code;
  const colour = highlight && shown.length <= MAX_HIGHLIGHTED_CHARS;
  return (
    <Box
      sx={{
        my: 1,
        borderRadius: 2,
        bgcolor: 'action.hover',
        '& pre:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: -2 },
      }}
      data-language={language}
    >
      {/* The copy button sits in a bar of its own, never over the code (on a phone it would
          cover the end of the first lines). Not part of a copied answer. */}
      <Box
        data-copy="skip"
        sx={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          pl: 1.5,
          pr: 0.5,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <Typography variant="caption" sx={{ color: 'text.secondary', fontFamily: 'monospace' }}>
          {language ?? 'code'}
        </Typography>
        <CopyButton text={code} label="Copy code" />
      </Box>
      {colour ? (
        <Suspense fallback={<PlainCode language={language} code={shown} />}>
          <HighlightedCode language={language} code={shown} />
        </Suspense>
      ) : (
        <PlainCode language={language} code={shown} />
      )}
      {partial && (
        <BlockOverflow
          shown={CODE_PREVIEW_LINES}
          total={lines.length}
          unit="lines"
          copyText={code}
          copyLabel="Copy all code"
          onShowAll={() => setShowAll(true)}
        />
      )}
    </Box>
  );
}
