#!/usr/bin/env node
/**
 * Builds the CPU engine's WebAssembly kernels from C source: every
 * src/main/model/kernels/simd/csrc/*.c becomes resources/kernels/<name>.wasm.
 *
 * Why C and clang: the hot loops of this network (dilated conv1d and its gradients, batch-norm
 * reductions, max-pool) need 128-bit SIMD and shared-memory threads; clang's wasm32 target with
 * -msimd128 vectorizes them well and needs no toolchain download (Debian's clang + lld).
 * The built .wasm files are committed too, so a machine without clang still gets the fast engine;
 * CI rebuilds them from source (`.ci/run` installs clang and runs this script) before testing.
 *
 * Each module imports a shared memory (env.memory) so worker threads can run the same kernels
 * over the same tensors, exports its functions by name, and exports __stack_pointer so every
 * thread's instance can be given its own stack.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src/main/model/kernels/simd/csrc');
const outDir = path.join(root, 'resources/kernels');

function findClang() {
  for (const name of [process.env.CLANG, 'clang-16', 'clang-17', 'clang-18', 'clang-15', 'clang-14', 'clang']) {
    if (!name) continue;
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

const clang = findClang();
const sources = readdirSync(srcDir).filter((f) => f.endsWith('.c'));
if (!clang) {
  const optional = process.argv.includes('--if-available');
  console.error(`build-kernels: no clang found (apt-get install clang-16 lld-16); ${optional ? 'keeping the committed .wasm files' : 'cannot build'}`);
  process.exit(optional ? 0 : 1);
}
mkdirSync(outDir, { recursive: true });
const flags = [
  '--target=wasm32',
  '-O3',
  '-msimd128',
  '-matomics',
  '-mbulk-memory',
  '-mmutable-globals',
  '-nostdlib',
  '-fno-builtin',
  '-Wall',
  '-Werror',
  '-Wl,--no-entry',
  '-Wl,--import-memory',
  '-Wl,--shared-memory',
  '-Wl,--max-memory=4294967296',
  '-Wl,--export=__stack_pointer',
  '-Wl,--export=__heap_base',
  '-fuse-ld=lld',
];
// Modules share one memory: each gets its own 64 KiB slot for static data (--global-base) so two
// modules' constants never land on the same addresses; the runtime places every thread's stack
// above the highest __heap_base, so the linker's own stack is kept tiny.
sources.sort();
for (const [index, file] of sources.entries()) {
  const name = path.basename(file, '.c');
  const perModule = [`-Wl,--global-base=${1024 + index * 65536}`, '-Wl,-z,stack-size=4096'];
  const out = path.join(outDir, `${name}.wasm`);
  execFileSync(clang, [...flags, ...perModule, '-o', out, path.join(srcDir, file)], { stdio: 'inherit', env: { ...process.env, PATH: `/usr/lib/llvm-16/bin:${process.env.PATH}` } });
  console.log(`build-kernels: ${path.relative(root, out)} (${statSync(out).size} bytes) from ${file} with ${clang}`);
}
