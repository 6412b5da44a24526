/** Quality checks of a recording (the paper's exclusion criteria): one file per check. */
export { recordingFromTraces, sampleTimeUs, type QcChannel, type QcPiece, type QcRecording } from './recording';
export { checkGaps } from './gaps';
export { checkChannelLengths } from './channel-lengths';
export { checkSpikes, findExcursions, robustScores, type Excursion } from './spikes';
export { classicStaLta, triggerOnset } from './sta-lta';
export { checkImpulsive, groupSignals } from './impulsive';
export { checkClipping } from './clipping';
export { checkFlatLines } from './flat-lines';
export { median, medianAbsoluteDeviation, MAD_TO_SIGMA } from './robust';
export { suggestExclusion } from './suggest';
export { runQualityChecks, runQualityChecksAsync, type QcResult } from './run';

/** Bumped whenever a check's algorithm changes its output for the same settings: stored runs of an older version are not reused. */
export const QC_ALGORITHM_VERSION = 1;
