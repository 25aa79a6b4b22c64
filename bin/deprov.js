#!/usr/bin/env node
// The deprov command. The sources are TypeScript, loaded through tsx's ESM hook.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
