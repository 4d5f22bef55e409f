import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';
import { LazyMarkdownText } from '../../src/components/markdown/lazyMarkdownText';

// The app draws a resumed conversation once the markdown renderer is there (src/main.tsx);
// components under test start from the same point.
beforeAll(() => LazyMarkdownText.loaded());

afterEach(() => cleanup());
