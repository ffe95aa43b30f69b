/** Entry point of the browser client. */
import { startApp } from './ui/app.js';

startApp(document.getElementById('app')!);
