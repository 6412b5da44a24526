#!/usr/bin/env node
// The `foreseis` command. The CLI is TypeScript run through tsx's loader, so a fresh checkout
// needs no build step before `npx foreseis ...` works; the desktop app bundles the same sources.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/cli.ts');
