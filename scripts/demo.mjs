// npm run demo: a real VS Code in your browser with examples/ open and Metric Lens loaded, plus a
// simulated training run appending to examples/live/history.csv every second.
//
//   npm run demo [-- --port 8080] [-- --no-simulate]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, freePort, startServer, workbenchUrl } from './harness/vscode-web.mjs';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : await freePort();
const examples = join(ROOT, 'examples');

const server = await startServer({ port });
let simulator;
if (!args.includes('--no-simulate')) {
  simulator = spawn(process.execPath, [join(examples, 'live', 'simulate.mjs')], { stdio: 'inherit' });
}
const url = workbenchUrl({ port: server.port, folder: examples, extensionDevelopmentPath: ROOT });
console.log(`\nMetric Lens demo: open this URL in a browser on this machine\n\n  ${url}\n`);
console.log(
  'Then open live/history.csv and click the graph icon in the editor title (or run "Metric Lens: Show Curves").',
);
console.log('Ctrl+C stops the server and the simulated run.\n');

const stop = async () => {
  simulator?.kill();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
