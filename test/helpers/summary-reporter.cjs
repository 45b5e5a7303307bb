// Jest reporter: records this run's totals in .test-results/ so `scripts/test-summary.mjs`
// can print one closing line ("tests: N passed, N failed") for the whole `npm test`.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = globalConfig.displayName || path.basename(String(globalConfig.rootDir)) || 'jest';
  }
  // The Node the tests run on (jest's workers use the same binary), printed in every log.
  onRunStart() {
    process.stderr.write(`jest: ${this.name} on Node ${process.version} (${process.execPath})\n`);
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(process.cwd(), '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const configArg = process.argv[process.argv.indexOf('-c') + 1] || 'all';
    const name = path.basename(configArg).replace(/^jest\.|\.config\.js$/g, '') || 'all';
    const summary = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      total: results.numTotalTests,
      node: process.version,
    };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(summary));
  }
}
module.exports = SummaryReporter;
