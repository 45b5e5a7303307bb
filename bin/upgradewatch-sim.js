#!/usr/bin/env node
// upgradewatch-sim: the cloud simulator CLI. Needs the build output (`npm run build`).
import { main } from '../dist/simulator/cli.js';

process.exitCode = await main(process.argv.slice(2));
