#!/usr/bin/env node
// The `switchboard` command. The TypeScript sources are compiled to dist/ by `npm ci` (prepare).
import { main } from "../dist/cli/main.js";

process.exitCode = await main();
