/**
 * The download part of the contract: what `download.run` is asked (which events, which station and
 * channels, how many hours, how many noise-B windows, and how to talk to the data centre) and what
 * it answers, per event and overall.
 */
import { z } from 'zod';

/** How the download talks to the data centre; defaults suit a real FDSN centre. */
export const downloadTuningSchema = z
  .object({
    /** one request per this many seconds of data (cut on a grid since the epoch) */
    chunkSeconds: z.number().positive().default(3600),
    /** requests in flight at once (FDSN centres ask clients to keep this small) */
    concurrency: z.number().int().min(1).max(16).default(3),
    method: z.enum(['GET', 'POST']).default('POST'),
    /** a request that receives no byte for this long is abandoned and retried, s */
    stallTimeoutSeconds: z.number().positive().default(60),
    /** attempts per request in all (the first included) */
    maxAttempts: z.number().int().min(1).max(50).default(6),
    /** first backoff delay (doubles each attempt, full jitter), ms */
    backoffBaseMs: z.number().min(0).default(1000),
    backoffMaxMs: z.number().min(0).default(60_000),
    /** a Retry-After longer than this is cut to it, s */
    maxRetryAfterSeconds: z.number().min(0).default(300),
    /** a span answered 413 is halved until it is shorter than this, s */
    minChunkSeconds: z.number().positive().default(60),
    /** station metadata format asked of fdsnws-station */
    metadataFormat: z.enum(['xml', 'text']).default('xml'),
    /** ask again for spans a previous run was told hold no data (204/404) */
    retryNoData: z.boolean().default(false),
    /** noise-B placement */
    noiseBSeed: z.number().int().default(1),
    noiseBMinHoursFromEvent: z.number().min(0).default(48),
    /** noise-B range (ISO times); default: from the earliest to the latest event of the project */
    noiseBFrom: z.string().optional(),
    noiseBTo: z.string().optional(),
  })
  .strict();
export type DownloadTuning = z.output<typeof downloadTuningSchema>;

export const downloadRunInput = z
  .object({
    dir: z.string().min(1, 'a project folder is required'),
    /** event set (default: the project's default set) */
    set: z.string().optional(),
    /** iris, usgs, isc or a base URL; remembered in the project */
    datacenter: z.string().optional(),
    /** NET.STA or NET.STA.LOC (default: each event's station, else IU.MAJO); remembered */
    station: z.string().regex(/^[A-Za-z0-9]{1,2}\.[A-Za-z0-9]{1,5}(\.[A-Za-z0-9-]{0,2})?$/, 'expected NET.STA or NET.STA.LOC').optional(),
    channels: z.array(z.string().regex(/^[A-Za-z0-9]{3}$/, 'a channel code has 3 characters')).min(1).default(['BH1', 'BH2', 'BHZ']),
    /** hours of data before each origin time (and the length of each noise-B window) */
    hours: z.number().positive().max(240).default(10),
    /** noise-B windows to download */
    noiseB: z.number().int().min(0).max(10_000).default(0),
    tuning: downloadTuningSchema.default(downloadTuningSchema.parse({})),
  })
  .strict();

export interface DownloadGap {
  channel: string;
  startTimeUs: number;
  endTimeUs: number;
  lengthSeconds: number;
  lengthSamples: number;
}

export type DownloadTargetStatus = 'stored' | 'already-stored' | 'no-data' | 'incomplete';

export interface DownloadTargetResult {
  kind: 'event' | 'noise-b';
  eventId: number | null;
  label: string;
  stationCode: string;
  startTimeUs: number;
  endTimeUs: number;
  status: DownloadTargetStatus;
  segmentId: number | null;
  /**
   * total: chunks planned for the window; cached: of those, answered by an earlier run. The others
   * count answered requests of this run (a chunk split after a 413 counts as its halves).
   */
  chunks: { total: number; cached: number; downloaded: number; noData: number; failed: number };
  channels: { code: string; pieces: number; samples: number }[];
  gaps: DownloadGap[];
  missingChannels: string[];
  problems: string[];
}

export interface DownloadResult {
  dir: string;
  datacenter: string;
  eventSet: string;
  targets: DownloadTargetResult[];
  requests: { sent: number; retried: number; split: number; noData: number; failed: number };
  bytesDownloaded: number;
  seconds: number;
}
