import Box from '@mui/material/Box';
import { useColorScheme } from '@mui/material/styles';
import { PrismLight as SyntaxHighlighter } from 'react-syntax-highlighter';
import bash from 'react-syntax-highlighter/dist/esm/languages/prism/bash';
import json from 'react-syntax-highlighter/dist/esm/languages/prism/json';
import python from 'react-syntax-highlighter/dist/esm/languages/prism/python';
import sql from 'react-syntax-highlighter/dist/esm/languages/prism/sql';
import typescript from 'react-syntax-highlighter/dist/esm/languages/prism/typescript';
import yaml from 'react-syntax-highlighter/dist/esm/languages/prism/yaml';
import oneDark from 'react-syntax-highlighter/dist/esm/styles/prism/one-dark';
import oneLight from 'react-syntax-highlighter/dist/esm/styles/prism/one-light';
import { CopyButton } from '../common/CopyButton';

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

type CodeBlockProps = { language: string | undefined; code: string };

export function CodeBlock({ language, code }: CodeBlockProps) {
  const { colorScheme } = useColorScheme();
  const name = language && (ALIASES[language] ?? language);
  const known = name !== undefined && name in LANGUAGES;
  return (
    <Box sx={{ position: 'relative', my: 1, '& pre': { m: '0 !important', borderRadius: 1 } }}>
      <Box sx={{ position: 'absolute', top: 4, right: 4, zIndex: 1 }}>
        <CopyButton text={code} label="Copy code" />
      </Box>
      <SyntaxHighlighter
        language={known ? name : 'text'}
        style={colorScheme === 'dark' ? oneDark : oneLight}
        customStyle={{ fontSize: '0.85rem', padding: '12px 40px 12px 12px' }}
        wrapLongLines={false}
      >
        {code}
      </SyntaxHighlighter>
    </Box>
  );
}
