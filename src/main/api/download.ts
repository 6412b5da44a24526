import type { OpOutput, OpParsedInput } from '../../shared/api';
import { projectDataCenter } from '../fdsn/project-datacenter';
import { downloadRecordings } from '../fdsn/download-manager';
import { serviceUrl } from '../fdsn/datacenters';
import { listEvents, resolveEventSet, withProject } from '../store';
import type { HandlerContext } from './context';

/**
 * Download the recordings before the events of a set (and noise-B windows) from the project's data
 * centre. Safe to interrupt at any point: a re-run resumes without fetching any answered chunk again.
 */
export function runDownloadHandler(input: OpParsedInput<'download.run'>, ctx: HandlerContext): Promise<OpOutput<'download.run'>> {
  return withProject(input.dir, {}, async (project) => {
    const dc = projectDataCenter(project, input.datacenter);
    serviceUrl(dc, 'dataselect'); // a centre without waveforms (usgs, isc) is refused here, in one line
    const eventSet = resolveEventSet(project, input.set);
    const events = listEvents(project, eventSet.id);
    const allOriginTimesMs = (project.db.prepare('SELECT origin_time_ms FROM events').all() as { origin_time_ms: number }[]).map((r) => r.origin_time_ms);
    return downloadRecordings(
      project,
      dc,
      { eventSet, events, allOriginTimesMs, station: input.station, channels: input.channels, hours: input.hours, noiseB: input.noiseB, tuning: input.tuning },
      ctx,
    );
  });
}
