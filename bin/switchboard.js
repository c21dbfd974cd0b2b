#!/usr/bin/env node
// The `switchboard` command. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
import { run } from "../dist/cli/main.js";

process.exitCode = await run(process.argv);
