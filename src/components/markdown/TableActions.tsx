import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import { CopyButton } from '../common/CopyButton';
import { Hint } from '../common/Hint';
import { downloadFile } from './downloadFile';

type TableActionsProps = {
  /** The table as CSV; asked for on a click only, since a streamed table changes often. */
  csv: () => string;
  fileName: () => string;
};

/** "Copy as CSV" and "Download CSV" for a table of an answer. */
export function TableActions({ csv, fileName }: TableActionsProps) {
  // The byte order mark makes Excel read the file as UTF-8 (€, £ and names intact).
  const download = () =>
    downloadFile(new Blob(['\uFEFF', csv()], { type: 'text/csv;charset=utf-8' }), fileName());

  return (
    <Box sx={{ display: 'flex', gap: 0.5, ml: 'auto' }}>
      <CopyButton label="Copy as CSV" getContent={() => ({ text: csv() })} />
      <Hint title="Download CSV">
        <IconButton size="small" aria-label="Download CSV" onClick={download}>
          <FileDownloadOutlinedIcon fontSize="inherit" />
        </IconButton>
      </Hint>
    </Box>
  );
}
