import { ChatContainer } from '../components/chat/ChatContainer';
import { AppTheme } from './AppTheme';

export function App() {
  return (
    <AppTheme>
      <ChatContainer />
    </AppTheme>
  );
}
