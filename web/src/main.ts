/** Entry point of the browser client. */
import { prefetchPinned } from './pinned.js';
import { startApp } from './ui/app.js';

// Workers and the worklet are fetched and integrity-checked from the start (src/pinned.ts).
prefetchPinned();

void startApp(document.getElementById('app')!);
