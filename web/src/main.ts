/** Entry point of the browser client. */
import { startApp } from './ui/app.js';

void startApp(document.getElementById('app')!);
