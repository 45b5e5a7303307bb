// Prints the closing line of `npm test`: the sum of every jest run recorded in .test-results/.
import { readdirSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const nodes = new Set();
for (const file of readdirSync('.test-results')) {
  if (!file.endsWith('.json')) continue;
  const r = JSON.parse(readFileSync(`.test-results/${file}`, 'utf8'));
  passed += r.passed;
  failed += r.failed;
  if (r.node) nodes.add(r.node);
}
console.log(`tests: ${passed} passed, ${failed} failed (Node ${[...nodes].join(', ') || process.version})`);
process.exit(failed > 0 ? 1 : 0);
