#!/usr/bin/env node
// Builds dist/ when it is missing or older than any file under src/, so `npm start` on a fresh
// clone needs no separate build step and a rebuilt tree is never stale.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = join(root, 'dist', 'main.js');
const stale = !existsSync(built) || newest(join(root, 'src')) > statSync(built).mtimeMs;
if (stale) {
  console.log('Building Convene…');
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
}
