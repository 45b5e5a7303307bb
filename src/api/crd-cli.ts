// `npm run generate:crd`: writes the generated CRD (./crd.ts) into crds/ and its two shipped
// copies; `npm run generate:crd -- --check` only reports what differs and exits 1 if anything does.
import { fileURLToPath } from 'node:url';
import { GENERATE_COMMAND } from './crd.js';
import { staleCrdFiles, writeCrdFiles } from './crd-files.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(
      `generate:crd: unknown argument ${unknown[0]}\nusage: ${GENERATE_COMMAND} [-- --check]\n`,
    );
    return 2;
  }
  const changes = check ? staleCrdFiles(ROOT) : writeCrdFiles(ROOT);
  for (const { path, change } of changes) {
    if (check) process.stderr.write(`generate:crd: ${path} ${change} (run ${GENERATE_COMMAND})\n`);
    else process.stdout.write(`generate:crd: ${change === 'extra' ? 'removed' : 'wrote'} ${path}\n`);
  }
  return check && changes.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
