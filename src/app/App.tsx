import { ChatContainer } from '../components/chat/ChatContainer';
import { AppTheme } from './AppTheme';
import { useDocumentTitle } from './useDocumentTitle';

export function App() {
  useDocumentTitle();
  return (
    <AppTheme>
      <ChatContainer />
    </AppTheme>
  );
}
