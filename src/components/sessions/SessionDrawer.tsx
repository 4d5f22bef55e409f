import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import { useChatStore } from '../../store/useChatStore';
import { SessionList } from './SessionList';

const DRAWER_WIDTH = 288;

type SessionDrawerProps = { mobileOpen: boolean; onClose: () => void };

/** Conversations: always visible on wide screens, a slide-over on phones. */
export function SessionDrawer({ mobileOpen, onClose }: SessionDrawerProps) {
  const newChat = useChatStore((s) => s.newChat);
  const contents = (
    <Box sx={{ width: DRAWER_WIDTH, display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box sx={{ p: 1.5 }}>
        <Button
          fullWidth
          variant="outlined"
          startIcon={<AddIcon />}
          onClick={() => {
            newChat();
            onClose();
          }}
        >
          New chat
        </Button>
      </Box>
      <Box sx={{ flex: 1, overflowY: 'auto' }}>
        <SessionList onPicked={onClose} />
      </Box>
    </Box>
  );

  return (
    <Box
      component="nav"
      aria-label="Conversations"
      sx={{ width: { md: DRAWER_WIDTH }, flexShrink: { md: 0 } }}
    >
      <Drawer
        variant="temporary"
        open={mobileOpen}
        onClose={onClose}
        sx={{ display: { xs: 'block', md: 'none' } }}
        slotProps={{ root: { keepMounted: true } }}
      >
        {contents}
      </Drawer>
      <Drawer variant="permanent" open sx={{ display: { xs: 'none', md: 'block' } }}>
        {contents}
      </Drawer>
    </Box>
  );
}
