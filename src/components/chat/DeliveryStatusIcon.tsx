import DoneAllIcon from '@mui/icons-material/DoneAll';
import DoneIcon from '@mui/icons-material/Done';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined';
import ScheduleIcon from '@mui/icons-material/Schedule';
import UploadIcon from '@mui/icons-material/Upload';
import type { DeliveryStatus } from '../../store/useChatStore';
import { Hint } from '../common/Hint';

const LABELS: Record<DeliveryStatus, string> = {
  queued: 'Queued: will be sent when the connection is back',
  sending: 'Sending',
  sent: 'Delivered',
  answered: 'Answered',
  failed: 'Not delivered',
};

const ICONS: Record<DeliveryStatus, typeof DoneIcon> = {
  queued: ScheduleIcon,
  sending: UploadIcon,
  sent: DoneIcon,
  answered: DoneAllIcon,
  failed: ErrorOutlineIcon,
};

type DeliveryStatusIconProps = { status: DeliveryStatus };

export function DeliveryStatusIcon({ status }: DeliveryStatusIconProps) {
  const Icon = ICONS[status];
  return (
    <Hint title={LABELS[status]}>
      <Icon
        titleAccess={LABELS[status]}
        // The bubble's own text colour: red or grey on the user's blue bubble was hard to see.
        // The shape tells a failure apart, and the failed bubble says so in words. Full
        // strength and a size up: at 14 px and 0.8 the ticks were barely there on the blue.
        sx={{ fontSize: 16, color: 'inherit' }}
      />
    </Hint>
  );
}
