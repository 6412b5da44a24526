/**
 * The catalogue domain's commands: `catalogue` (FDSN event query or the Table 1 preset),
 * `import` (miniSEED files a user has) and `export` (stored samples as miniSEED or CSV).
 */
import type { CatalogueResult, ExportResult, ImportResult } from '../../shared/catalogue';
import { ForeseisError } from '../../shared/errors';
import { call, type Command, jsonOption, num } from './command-kit';

function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function formatCatalogue(r: CatalogueResult): string {
  const lines = [`event set '${r.eventSet}' from ${r.source}: ${r.events.length} events kept of ${r.received} received`];
  if (r.station) lines.push(`station ${r.station.code} (${r.station.latitudeDeg.toFixed(4)}, ${r.station.longitudeDeg.toFixed(4)}; coordinates from ${r.station.source})`);
  const rej = r.rejected;
  const dropped = rej.outsideTime + rej.outsideRadius + rej.magnitude + rej.notMomentMagnitude;
  if (dropped > 0) lines.push(`dropped: ${rej.outsideRadius} outside the radius, ${rej.magnitude} by magnitude, ${rej.notMomentMagnitude} not Mw, ${rej.outsideTime} outside the time range`);
  lines.push('   id  origin time (UTC)            lat       lon    depth  mag         Δ (°)  catalogue   split  flags');
  for (const e of r.events) {
    const mag = e.magnitude === null ? '–' : `${e.magnitude.toFixed(1)} ${e.magnitudeType ?? ''}`;
    lines.push(
      `${String(e.id).padStart(5)}  ${e.originTime.slice(0, 23)}  ${e.latitudeDeg.toFixed(3).padStart(8)}  ${e.longitudeDeg.toFixed(3).padStart(8)}  ${(e.depthKm === null ? '–' : e.depthKm.toFixed(1)).padStart(5)}  ${mag.padEnd(10)}  ${e.distanceDeg.toFixed(2).padStart(6)}${e.printedDistanceDeg === null ? '' : ` (${e.printedDistanceDeg.toFixed(2)})`}  ${(e.catalogue ?? '–').padEnd(10)}  ${(e.split ?? '–').padEnd(5)}  ${e.stationCode !== (r.station?.code ?? 'IU.MAJO') ? `${e.stationCode} ` : ''}${e.flags.join(',')}`,
    );
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

export function formatImport(r: ImportResult): string {
  const c = r.counts;
  const lines = [
    `event set '${r.eventSet}': ${c.complete} complete, ${c.partial} partial, ${c.missing} missing${c.alreadyStored ? `, ${c.alreadyStored} already stored (--replace to redo)` : ''}; ${r.files.length} file(s) read`,
  ];
  for (const e of r.events) {
    lines.push(`  ${String(e.eventId).padStart(5)}  ${e.originTime.slice(0, 19)}  ${(e.stationCode ?? '–').padEnd(9)}  ${e.status.padEnd(14)} ${e.channels.join(' ')}`);
    for (const m of e.missing) lines.push(`         missing ${m.channel} ${m.startTime} → ${m.endTime} (${m.seconds.toFixed(2)} s)`);
  }
  if (r.unmatchedFiles.length) lines.push(`files that matched no event (${r.unmatchedFiles.length}):`, ...r.unmatchedFiles.map((f) => `  ${f}`));
  for (const p of r.problems) lines.push(`problem: ${p}`);
  return lines.join('\n');
}

export const catalogueCommands: Command[] = [
  {
    name: 'catalogue',
    summary: 'build an event catalogue (FDSN event service or the Table 1 preset) with distances from the station',
    usage: 'foreseis catalogue DIR (--station NET.STA --start T --end T [--minmag M] [--maxradius DEG] [--datacenter iris|usgs|isc|URL] | --preset table1)',
    details:
      'Example (the paper): foreseis catalogue DIR --station IU.MAJO --minmag 6 --maxradius 20 --start 2012-03-01 --end 2020-03-01\n' +
      'The data centre is remembered in the project once given; a base URL such as http://127.0.0.1:8080 means URL/fdsnws/event/1/.\n' +
      'Δ is the great-circle distance in degrees; every rule is re-applied to what the service returned.',
    options: {
      station: { type: 'string', description: 'NET.STA (or NET.STA.LOC) distances are measured from' },
      latitude: { type: 'string', description: "station latitude, degrees (when the project has no metadata for it)" },
      longitude: { type: 'string', description: 'station longitude, degrees' },
      start: { type: 'string', description: 'start time, ISO 8601 UTC (e.g. 2012-03-01)' },
      end: { type: 'string', description: 'end time, ISO 8601 UTC' },
      minmag: { type: 'string', description: 'minimum magnitude' },
      maxmag: { type: 'string', description: 'maximum magnitude' },
      minradius: { type: 'string', description: 'minimum distance from the station, degrees' },
      maxradius: { type: 'string', description: 'maximum distance from the station, degrees' },
      'mw-only': { type: 'boolean', description: 'keep only moment magnitudes (Mw, Mww, Mwc, …)' },
      datacenter: { type: 'string', description: 'iris, usgs, isc or a base URL (remembered)' },
      format: { type: 'string', description: 'xml (QuakeML 1.2, default) or text' },
      catalog: { type: 'string', description: "the service's catalog parameter (e.g. ISC, NEIC PDE)" },
      contributor: { type: 'string', description: "the service's contributor parameter" },
      preset: { type: 'string', description: "table1: the paper's 31 events instead of a query" },
      set: { type: 'string', description: "event set name (default 'catalogue', or 'table1')" },
      ...jsonOption,
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const preset = str(flags.preset);
      if (preset !== undefined && preset !== 'table1') throw new ForeseisError('bad-input', `--preset expects table1, got '${preset}'`);
      const format = str(flags.format);
      if (format !== undefined && format !== 'xml' && format !== 'text') throw new ForeseisError('bad-input', `--format expects xml or text, got '${format}'`);
      const input = JSON.parse(
        JSON.stringify({
          dir,
          preset,
          station: str(flags.station),
          latitudeDeg: num(flags, 'latitude'),
          longitudeDeg: num(flags, 'longitude'),
          startTime: str(flags.start),
          endTime: str(flags.end),
          minMagnitude: num(flags, 'minmag'),
          maxMagnitude: num(flags, 'maxmag'),
          minRadiusDeg: num(flags, 'minradius'),
          maxRadiusDeg: num(flags, 'maxradius'),
          momentMagnitudeOnly: flags['mw-only'] === true ? true : undefined,
          datacenter: str(flags.datacenter),
          format,
          catalog: str(flags.catalog),
          contributor: str(flags.contributor),
          set: str(flags.set),
        }),
      ) as object;
      const r = await call('catalogue.build', input, 'catalogue');
      if (out.json) out.printJson(r);
      else out.print(formatCatalogue(r));
    },
  },
  {
    name: 'export',
    summary: "write an event's stored samples as miniSEED or CSV, exactly as stored (gaps stay gaps)",
    usage: 'foreseis export DIR --event ID --format mseed|csv --out PATH',
    details:
      'mseed: PATH is one file; each continuous stretch is its own run of records (Steim-2 for integer counts, float32 otherwise).\n' +
      "csv: PATH is a folder with one file per stretch: a '#' header (nslc, sample_rate_hz, start_time, samples) then time_utc,value.",
    options: {
      event: { type: 'string', description: 'event id (as foreseis events lists it)' },
      format: { type: 'string', description: 'mseed or csv' },
      out: { type: 'string', description: 'output file (mseed) or folder (csv)' },
      'record-length': { type: 'string', description: 'miniSEED record length, 512 or 4096 (default 4096)' },
      ...jsonOption,
    },
    positionals: [1, 1],
    async run([dir], flags, out) {
      const format = str(flags.format);
      if (format !== 'mseed' && format !== 'csv') throw new ForeseisError('bad-input', `--format expects mseed or csv, got '${format ?? ''}'`);
      const event = num(flags, 'event', 'int');
      if (event === undefined) throw new ForeseisError('bad-input', '--event ID is required');
      const target = str(flags.out);
      if (target === undefined) throw new ForeseisError('bad-input', '--out PATH is required');
      const recordLengthBytes = num(flags, 'record-length', 'int');
      const r: ExportResult = await call('export.run', JSON.parse(JSON.stringify({ dir, event, format, out: target, recordLengthBytes })) as object, 'export');
      if (out.json) {
        out.printJson(r);
        return;
      }
      out.print(`event ${r.eventId}: ${r.stretches.length} continuous stretch${r.stretches.length === 1 ? '' : 'es'}, ${(r.bytes / 1e6).toFixed(2)} MB → ${r.out}`);
      for (const s of r.stretches) out.print(`  ${s.nslc.padEnd(16)} ${s.startTime} → ${s.endTime}  ${s.sampleRateHz} Hz  ${s.samples} samples  ${s.encoding}`);
    },
  },
  {
    name: 'import',
    summary: "import miniSEED files or folders you already have and match them to the project's events",
    usage: 'foreseis import DIR FILE_OR_FOLDER... [--set NAME] [--hours 10] [--channels BH1,BH2,BHZ] [--replace]',
    details:
      "Each event of the set gets the data of its station in [origin − hours, origin), merged per channel and stored like a download (gaps stay gaps).\n" +
      'Every event is reported complete, partial (with the missing spans) or missing; files that matched no event are listed.',
    options: {
      set: { type: 'string', description: "event set to match (default: the project's default)" },
      hours: { type: 'string', description: 'hours of data before each origin (default 10)' },
      channels: { type: 'string', description: 'channels to store, comma-separated (default: all of the station found)' },
      replace: { type: 'boolean', description: "replace an event's stored recording" },
      ...jsonOption,
    },
    positionals: [2, Number.MAX_SAFE_INTEGER],
    async run([dir, ...paths], flags, out) {
      const channels = str(flags.channels)?.split(',').map((c) => c.trim()).filter((c) => c !== '');
      const input = JSON.parse(JSON.stringify({ dir, paths, set: str(flags.set), hoursBefore: num(flags, 'hours'), channels, replace: flags.replace === true ? true : undefined })) as object;
      const r: ImportResult = await call('import.run', input, 'import');
      if (out.json) {
        out.printJson(r);
        return;
      }
      out.print(formatImport(r));
    },
  },
];
