#!/usr/bin/env node
// Installed entry point: runs the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../src/main.ts');
