#!/usr/bin/env node
'use strict';
// Whether tests/k8s/node_modules holds exactly the packages of
// package-lock.json (npm's node_modules/.package-lock.json compared with
// it). Standard library only, so it runs before `npm ci`:
//   node tests/k8s/lib/npm_installed.js   exit 0 in sync, 1 otherwise
// tools/dev test runs `npm ci` in tests/k8s when this says 1.

const fs = require('node:fs');
const path = require('node:path');

const DIR = path.join(__dirname, '..');

// Problems (empty when node_modules matches package-lock.json).
function npmProblems(dir = DIR) {
  let lock;
  let installed;
  try {
    lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  } catch (e) {
    return [`cannot read tests/k8s/package-lock.json: ${e.message}`];
  }
  try {
    installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', '.package-lock.json'), 'utf8'));
  } catch (e) {
    return [`tests/k8s/node_modules is not installed (${e.code || e.message})`];
  }
  const stale = [];
  const want = Object.entries(lock.packages || {}).filter(([p]) => p.startsWith('node_modules/'));
  for (const [p, meta] of want) {
    const have = (installed.packages || {})[p];
    if (!have || have.version !== meta.version) {
      stale.push(`${p.slice('node_modules/'.length)} ${have ? have.version : 'absent'} (lock: ${meta.version})`);
    }
  }
  for (const p of Object.keys(installed.packages || {})) {
    if (p.startsWith('node_modules/') && !(lock.packages || {})[p]) stale.push(`${p.slice(13)} not in the lock`);
  }
  return stale.length ? [`tests/k8s/node_modules differs from package-lock.json: ${stale.join(', ')}`] : [];
}

if (require.main === module) {
  const problems = npmProblems();
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exit(problems.length ? 1 : 0);
}

module.exports = { npmProblems };
