'use strict';
// Where an app's CPU went, from the .cpuprofile files BENCH_CPU_PROF writes: self time summed by
// package (node_modules/<name>, with @scope), by the app's own top-level folder (dist/<module>),
// or by Node itself, as a share of the busy (non-idle) time.
//
//   node bench/profile-summary.js <file.cpuprofile | directory> [top=25]
const fs = require('node:fs');
const path = require('node:path');

function ownerOf(url) {
  if (!url) return '(node / native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0)
    return `app: ${
      url
        .slice(dist + 6)
        .split('/')
        .slice(0, -1)
        .join('/') || '.'
    }`;
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  return url;
}

function summarise(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before samples[i]: attribute it to that sample's node.
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const owners = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    if (['(idle)', '(program)', '(garbage collector)'].includes(frame.functionName)) {
      if (frame.functionName !== '(idle)') {
        owners.set(frame.functionName, (owners.get(frame.functionName) ?? 0) + us);
        busy += us;
      }
      continue;
    }
    const owner = ownerOf(frame.url);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    busy += us;
  }
  return { busy, owners };
}

const [target, topArg] = process.argv.slice(2);
if (!target) {
  process.stderr.write(
    'usage: node bench/profile-summary.js <file.cpuprofile | directory> [top]\n',
  );
  process.exit(2);
}
const files = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(target, f))
  : [target];
for (const file of files) {
  const { busy, owners } = summarise(file);
  process.stdout.write(`\n${path.basename(file)}: ${(busy / 1000).toFixed(0)} ms busy\n`);
  [...owners.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(topArg ?? 25))
    .forEach(([owner, us]) =>
      process.stdout.write(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${owner}\n`),
    );
}
