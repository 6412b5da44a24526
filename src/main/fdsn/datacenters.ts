/**
 * FDSN data centres: a name the user types (`--datacenter iris`) or any base URL, resolved to the
 * three service roots. A base URL such as `http://127.0.0.1:8080` means
 * `URL/fdsnws/{event,station,dataselect}/1/` (the FDSN web-service specification's fixed layout).
 */
import { ForeseisError } from '../../shared/errors';

export type FdsnService = 'event' | 'station' | 'dataselect';

export interface DataCenter {
  /** the name the user gave ('iris', 'usgs', 'isc' or the base URL itself) */
  name: string;
  /** service root URLs, each ending in '/', e.g. 'https://service.iris.edu/fdsnws/event/1/' */
  services: Partial<Record<FdsnService, string>>;
}

/**
 * The built-in centres. USGS serves events only (ComCat); ISC serves events and stations (its
 * FDSN station service is a copy of the IR registry) but no waveforms, so `download` with
 * --datacenter isc says so instead of failing on a 404.
 */
const BUILT_IN: Record<string, Partial<Record<FdsnService, string>>> = {
  iris: {
    event: 'https://service.iris.edu/fdsnws/event/1/',
    station: 'https://service.iris.edu/fdsnws/station/1/',
    dataselect: 'https://service.iris.edu/fdsnws/dataselect/1/',
  },
  usgs: { event: 'https://earthquake.usgs.gov/fdsnws/event/1/' },
  isc: {
    event: 'https://www.isc.ac.uk/fdsnws/event/1/',
    station: 'https://www.isc.ac.uk/fdsnws/station/1/',
  },
};

export const builtInDataCenterNames = Object.keys(BUILT_IN);

export function resolveDataCenter(nameOrUrl: string): DataCenter {
  const key = nameOrUrl.trim().toLowerCase();
  const builtIn = BUILT_IN[key];
  if (builtIn) return { name: key, services: { ...builtIn } };
  let url: URL;
  try {
    url = new URL(nameOrUrl.trim());
  } catch {
    throw new ForeseisError('bad-input', `unknown data centre '${nameOrUrl}': use ${builtInDataCenterNames.join(', ')} or a base URL such as http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ForeseisError('bad-input', `data centre URL must be http or https: '${nameOrUrl}'`);
  }
  const base = url.href.replace(/\/+$/, '');
  return {
    name: base,
    services: {
      event: `${base}/fdsnws/event/1/`,
      station: `${base}/fdsnws/station/1/`,
      dataselect: `${base}/fdsnws/dataselect/1/`,
    },
  };
}

/** The root of one service, or a clear error when the centre does not offer it. */
export function serviceUrl(dc: DataCenter, service: FdsnService): string {
  const url = dc.services[service];
  if (!url) throw new ForeseisError('bad-input', `data centre '${dc.name}' has no fdsnws-${service} service`);
  return url;
}
