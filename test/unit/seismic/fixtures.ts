/** Reads the real miniSEED fixtures (test/fixtures/mseed, see PROVENANCE.md). */
import { readFileSync } from 'node:fs';

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/mseed/${name}`, import.meta.url)));
}
