#!/usr/bin/env node
// The CLI is TypeScript run by Node's type stripping (Node >= 22.18); this shim keeps `parley` on PATH.
await import("../src/main.ts");
