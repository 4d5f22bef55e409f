import FileDownloadOutlinedIcon from '@mui/icons-material/FileDownloadOutlined';
import TableChartOutlinedIcon from '@mui/icons-material/TableChartOutlined';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import { Hint } from '../common/Hint';

type ChartActionsProps = {
  /** The id of the data table, while it is shown. */
  dataId: string;
  dataShown: boolean;
  onToggleData: () => void;
  onDownloadPng: () => void;
};

/** "View data" (a disclosure: the chart's numbers as a table) and "Download PNG". */
export function ChartActions({
  dataId,
  dataShown,
  onToggleData,
  onDownloadPng,
}: ChartActionsProps) {
  return (
    <Box sx={{ display: 'flex', gap: 0.5, gridColumn: 2 }}>
      <Hint title={dataShown ? 'Hide data' : 'View data'}>
        <IconButton
          size="small"
          aria-label="View data"
          aria-expanded={dataShown}
          aria-controls={dataShown ? dataId : undefined}
          color={dataShown ? 'primary' : 'default'}
          onClick={onToggleData}
        >
          <TableChartOutlinedIcon fontSize="inherit" />
        </IconButton>
      </Hint>
      <Hint title="Download PNG">
        <IconButton size="small" aria-label="Download PNG" onClick={onDownloadPng}>
          <FileDownloadOutlinedIcon fontSize="inherit" />
        </IconButton>
      </Hint>
    </Box>
  );
}
