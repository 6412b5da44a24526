/**
 * The data centre a project uses, remembered once set: `catalogue` and `download` accept
 * `--datacenter iris|usgs|isc|URL`; the value given last is kept in the project's meta table so
 * later runs (and the UI) use the same centre without being told again.
 */
import { ForeseisError } from '../../shared/errors';
import type { Project } from '../store/project';
import { type DataCenter, resolveDataCenter } from './datacenters';

const META_KEY = 'fdsn.datacenter';

/**
 * The centre to use: `requested` (validated, then remembered) or the one remembered earlier, or
 * `fallback` (e.g. 'iris') when neither exists. Throws bad-input for an unknown name or bad URL.
 */
export function projectDataCenter(project: Project, requested: string | undefined, fallback = 'iris'): DataCenter {
  if (requested !== undefined && requested.trim() !== '') {
    const dc = resolveDataCenter(requested);
    project.setMeta(META_KEY, dc.name);
    return dc;
  }
  const remembered = project.getMeta(META_KEY);
  if (remembered !== undefined) {
    try {
      return resolveDataCenter(remembered);
    } catch {
      throw new ForeseisError('corrupt-project', `the project remembers an invalid data centre '${remembered}': pass --datacenter`);
    }
  }
  return resolveDataCenter(fallback);
}
