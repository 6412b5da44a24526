import fs from 'node:fs';
import path from 'node:path';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { DELTA_MISMATCH_TOLERANCE_DEG, greatCircleDistanceDeg } from '../catalogue/distance';
import { addToEventSet, DATABASE_FILE, ensureEventSet, insertSegment, openProject, upsertEvent, upsertStation } from '../store';
import { generateSegment, generateSyntheticProject, type SyntheticSettingsInput } from '../synthetic';
import { type HandlerContext, progressReporter, throwIfCancelled } from './context';

export const SYNTHETIC_EVENT_SET = 'synthetic';

function toGeneratorSettings(s: OpParsedInput<'synth.generate'>['settings']): SyntheticSettingsInput {
  return {
    seed: s.seed,
    eventCount: s.events,
    hoursBeforeOrigin: s.hoursBeforeEvent,
    noiseB: s.noiseBSegments === undefined ? {} : { count: s.noiseBSegments },
    precursor: {
      frequenciesHz: s.precursorFrequenciesHz,
      ...(s.precursorStrength === undefined ? {} : { relativeStrength: s.precursorStrength }),
      ...(s.precursorTimeConstantSeconds === undefined ? {} : { timeConstantSeconds: s.precursorTimeConstantSeconds }),
      ...(s.precursorGate === undefined ? {} : { gate: s.precursorGate }),
    },
  };
}

/**
 * Write a synthetic project: station metadata, the catalogue as an event set with its split, the
 * recording before each event, the noise-B recordings and the ground truth of what was injected.
 * The whole import is one transaction: killed half-way, the project is as it was before.
 */
export async function generateSynthetic(input: OpParsedInput<'synth.generate'>, ctx: HandlerContext): Promise<OpOutput<'synth.generate'>> {
  const started = Date.now();
  const abs = path.resolve(input.dir);
  if (fs.existsSync(abs) && !fs.existsSync(path.join(abs, DATABASE_FILE)) && fs.readdirSync(abs).length > 0) {
    throw new ForeseisError('bad-input', `${abs} is not empty and not a project; choose a new folder`);
  }
  const generatorSettings = toGeneratorSettings(input.settings);
  const plan = generateSyntheticProject(generatorSettings);
  const project = openProject(abs, { create: true });
  try {
    const held = project.db.prepare('SELECT COUNT(*) AS n FROM segments').get() as { n: number };
    if (held.n > 0) throw new ForeseisError('bad-input', `${abs} already holds recordings; synthesize into a new folder`);
    const report = progressReporter(ctx);
    let samplesWritten = 0;
    await project.writeTransaction(async () => {
      const stationIds = new Map<string, { stationId: number; channelIds: Map<string, number> }>();
      for (const st of plan.stations) stationIds.set(st.code, upsertStation(project, st));
      const setId = ensureEventSet(project, SYNTHETIC_EVENT_SET, `synthetic catalogue (${plan.settings.catalogue.source === 'auto' && plan.settings.eventCount === 31 ? "the paper's Table 1" : 'seeded random'}), seed ${plan.settings.seed}`);
      const eventIds: number[] = [];
      for (const e of plan.events) {
        const st = plan.stations.find((s) => s.code === e.stationCode);
        const distanceDeg = st ? greatCircleDistanceDeg(st.latitudeDeg, st.longitudeDeg, e.latitudeDeg, e.longitudeDeg) : null;
        const flags = distanceDeg !== null && Math.abs(distanceDeg - e.deltaDeg) > DELTA_MISMATCH_TOLERANCE_DEG ? ['delta-mismatch'] : [];
        const id = upsertEvent(project, {
          publicId: e.publicId,
          originTimeMs: e.originTimeMs,
          latitudeDeg: e.latitudeDeg,
          longitudeDeg: e.longitudeDeg,
          depthKm: e.depthKm,
          magnitude: e.mw,
          magnitudeType: 'Mw',
          catalogue: e.catalogue,
          author: 'synthetic',
          stationCode: e.stationCode,
          distanceDeg,
          flags,
        });
        addToEventSet(project, setId, id, e.split);
        eventIds.push(id);
      }
      for (let i = 0; i < plan.segments.length; i++) {
        throwIfCancelled(ctx.signal);
        // Yield to the event loop between segments so Ctrl-C and progress get through.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const seg = plan.segments[i];
        const data = generateSegment(plan.settings, seg.ref);
        const ids = stationIds.get(seg.stationCode);
        if (!ids) throw new Error(`segment ${seg.id}: unknown station ${seg.stationCode}`);
        const startTimeUs = seg.startTimeMs * 1000;
        const segmentId = insertSegment(
          project,
          {
            stationId: ids.stationId,
            kind: seg.kind,
            eventId: seg.eventIndex === null ? null : eventIds[seg.eventIndex],
            startTimeUs,
            endTimeUs: startTimeUs + Math.round((data.sampleCount / data.sampleRateHz) * 1e6),
            source: `synthetic:${seg.id}`,
          },
          data.channelCodes.map((code, c) => ({
            channelId: ids.channelIds.get(code) as number,
            startTimeUs,
            sampleRateHz: data.sampleRateHz,
            data: data.channels[c],
          })),
        );
        project.db.prepare('INSERT INTO synthetic_truth (segment_id, truth_json) VALUES (?, ?)').run(segmentId, JSON.stringify(plan.truth[i]));
        samplesWritten += data.sampleCount * data.channels.length;
        report((i + 1) / plan.segments.length, `${seg.id} (${i + 1}/${plan.segments.length})`);
      }
      project.setMeta('default_event_set', SYNTHETIC_EVENT_SET);
      project.setMeta('synthetic_settings', JSON.stringify({ generator: plan.generator, settings: plan.settings }));
    });
    return {
      dir: abs,
      eventSet: SYNTHETIC_EVENT_SET,
      events: plan.events.length,
      noiseBSegments: plan.segments.filter((s) => s.kind === 'noise-b').length,
      samplesWritten,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    project.close();
  }
}
