// Where troupe's own files are (proto/, bin/, build/, package.json), whether it runs from the
// sources (src/), the compiled build (dist/), the MPI launcher's bundle or a global npm install:
// the nearest directory above this module that holds troupe's package.json. Found once, by
// walking up, so that no module has to know how deep it sits in the tree.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && isTroupeManifest(manifest)) return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`troupe's package.json not found above ${start}`);
  }
}

/** A file of troupe's package: packagePath('proto'), packagePath('build', 'troupe-spawner'). */
export function packagePath(...segments: string[]): string {
  return path.join(packageRoot(), ...segments);
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

function isTroupeManifest(file: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'troupe';
  } catch {
    return false;
  }
}
