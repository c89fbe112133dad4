// npm run dist: builds the app and packages it with electron-builder (electron-builder.yml). Its
// npmRebuild step rebuilds better-sqlite3 in node_modules for the target's Electron, which is what the
// package must carry; afterwards better-sqlite3 is rebuilt for plain Node again, so that `npm test`,
// the CLI and the benchmarks keep working after packaging (also when packaging failed).
import { runThenRestoreNodeBuild } from './electron-abi.mjs';

process.exit(
  runThenRestoreNodeBuild([
    ['npm', ['run', 'build']],
    ['npx', ['electron-builder', '--publish', 'never']],
  ]),
);
