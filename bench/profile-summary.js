'use strict';
// Where an app's CPU went, from the .cpuprofile files BENCH_CPU_PROF writes: each sample is
// charged to the nearest frame on its stack that belongs to a package (node_modules/<name>, with
// @scope) or to the app's own folder (dist/<module>), so Node's internals and native work count
// for whoever called them; shares of the busy (non-idle) time.
//
//   node bench/profile-summary.js <file.cpuprofile | directory> [top=25] [skip-ms]
// With skip-ms, the profile's first that many ms (the start-up) do not count.
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

function summarise(file, skipMs) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const chargedTo = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const owner = ownerOf(byId.get(at).callFrame.url);
      if (!owner.startsWith('node: ') && owner !== '(node / native)') return owner;
    }
    return ownerOf(byId.get(id).callFrame.url);
  };
  const selfUs = new Map();
  const times = [];
  let at = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((at += delta ?? 0));
  // The start-up (migrations, the OpenAPI document, the seed) is not the requests' cost.
  const from = times.findIndex((t) => t - profile.startTime >= skipMs * 1000);
  const to = profile.samples.length;
  // timeDeltas[i] is the time before samples[i]: attribute it to that sample's node.
  for (let i = from; i < to; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
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
    const owner = chargedTo(id);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    busy += us;
  }
  return { busy, owners };
}

const [target, topArg, skipArg] = process.argv.slice(2);
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
  const { busy, owners } = summarise(file, skipArg ? Number(skipArg) : 0);
  process.stdout.write(`\n${path.basename(file)}: ${(busy / 1000).toFixed(0)} ms busy\n`);
  [...owners.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(topArg ?? 25))
    .forEach(([owner, us]) =>
      process.stdout.write(`  ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${owner}\n`),
    );
}
