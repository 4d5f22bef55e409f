import CheckIcon from '@mui/icons-material/Check';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import { useEffect, useState } from 'react';
import { Hint } from '../common/Hint';
import { downloadFile } from './downloadFile';

type TableActionsProps = {
  /** The table as CSV; asked for on a click only, since a streamed table changes often. */
  csv: () => string;
  fileName: () => string;
};

/** "Copy as CSV" and "Download CSV" for a table of an answer. */
export function TableActions({ csv, fileName }: TableActionsProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const copy = () => {
    // Clipboard access can be refused (insecure origin, permissions); the button just stays.
    navigator.clipboard?.writeText(csv()).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  // The byte order mark makes Excel read the file as UTF-8 (€, £ and names intact).
  const download = () =>
    downloadFile(new Blob(['\uFEFF', csv()], { type: 'text/csv;charset=utf-8' }), fileName());

  return (
    <Box sx={{ display: 'flex', gap: 0.5, ml: 'auto' }}>
      <Hint title={copied ? 'Copied' : 'Copy as CSV'}>
        <IconButton size="small" aria-label="Copy as CSV" onClick={copy}>
          {copied ? <CheckIcon fontSize="inherit" /> : <ContentCopyIcon fontSize="inherit" />}
        </IconButton>
      </Hint>
      <Hint title="Download CSV">
        <IconButton size="small" aria-label="Download CSV" onClick={download}>
          <FileDownloadOutlinedIcon fontSize="inherit" />
        </IconButton>
      </Hint>
    </Box>
  );
}
