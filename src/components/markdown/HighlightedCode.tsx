import { type CssVarsTheme, useColorScheme, useTheme } from '@mui/material/styles';
import { PrismLight as SyntaxHighlighter } from 'react-syntax-highlighter';
import bash from 'react-syntax-highlighter/dist/esm/languages/prism/bash';
import json from 'react-syntax-highlighter/dist/esm/languages/prism/json';
import python from 'react-syntax-highlighter/dist/esm/languages/prism/python';
import sql from 'react-syntax-highlighter/dist/esm/languages/prism/sql';
import typescript from 'react-syntax-highlighter/dist/esm/languages/prism/typescript';
import yaml from 'react-syntax-highlighter/dist/esm/languages/prism/yaml';
import oneDark from 'react-syntax-highlighter/dist/esm/styles/prism/one-dark';
import oneLight from 'react-syntax-highlighter/dist/esm/styles/prism/one-light';
import { CODE_BLOCK_STYLE } from './codeStyle';
import { codeStyleFor } from './readableCodeStyle';

// Only the languages the assistant uses are bundled; others render unhighlighted.
const LANGUAGES = { bash, json, python, sql, typescript, yaml } as const;
const ALIASES: Record<string, keyof typeof LANGUAGES> = {
  sh: 'bash',
  shell: 'bash',
  console: 'bash',
  py: 'python',
  ts: 'typescript',
  yml: 'yaml',
};
for (const [name, grammar] of Object.entries(LANGUAGES)) {
  SyntaxHighlighter.registerLanguage(name, grammar);
}

type HighlightedCodeProps = { language: string | undefined; code: string };

/** Code with Prism colours. Loaded on demand: most answers have no code. */
export function HighlightedCode({ language, code }: HighlightedCodeProps) {
  const { colorScheme } = useColorScheme();
  const scheme = colorScheme === 'dark' ? 'dark' : 'light';
  // The theme is made with CSS variables (app/themePrimitives): it has both schemes' palettes.
  const paper = useTheme<CssVarsTheme>().colorSchemes[scheme]?.palette.background.paper;
  const name = language && (ALIASES[language] ?? language);
  const known = name !== undefined && name in LANGUAGES;
  return (
    <SyntaxHighlighter
      language={known ? name : 'text'}
      style={codeStyleFor(scheme === 'dark' ? oneDark : oneLight, scheme, paper)}
      customStyle={CODE_BLOCK_STYLE}
      wrapLongLines={false}
      // Focusable, so that code wider than the screen can be scrolled with the keyboard.
      tabIndex={0}
    >
      {code}
    </SyntaxHighlighter>
  );
}
