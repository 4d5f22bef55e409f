// The renderer everyone starts with, as the bench's yardstick: a minimal protocol client that
// re-renders the whole accumulated answer with react-markdown + remark-gfm on every delta
// (one setState per delta, no memoization, no throttling). The bench opens it as
// `?ws=<server url>&q=<question>`; it asks when "Ask" is pressed.

import { createRoot } from 'react-dom/client';
import { Baseline } from './Baseline';

createRoot(document.getElementById('root')!).render(<Baseline />);
