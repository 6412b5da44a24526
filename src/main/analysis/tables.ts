/**
 * Each analysis result as a CSV table (the numbers behind its figure, its settings and findings in
 * '#' comment lines) and as a few lines of readable summary. Pure formatting.
 */
import type { AnalysisData, RelativeDifferenceCurve, SequentialScores } from '../../shared/analysis';

const hz = (f: number): string => `${f.toFixed(3)} Hz`;

function table(comments: string[], header: string[], rows: (string | number | boolean)[][]): string {
  return [...comments.map((c) => `# ${c}`), header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function peaksLine(name: string, c: RelativeDifferenceCurve): string {
  const list = c.peaks.map((p) => `${hz(p.frequencyHz)} (+${p.relativeDifferencePercent.toFixed(1)} %, ${p.excessSigmas.toFixed(1)} σ)`).join(', ');
  return `${name}: ${c.peaks.length ? list : 'no significant peak'} — noise level ${c.noiseLevelPercent.toFixed(2)} %`;
}

function windowName(w: SequentialScores['window']): string {
  return `event #${w.eventId}, interval ${w.interval} (${w.label}, ${w.secondsBeforeOrigin} s before origin)`;
}

export function analysisCsv(data: AnalysisData): string {
  const settings = `settings ${JSON.stringify(data.settings)}`;
  switch (data.kind) {
    case 'spectra':
      return table(
        [`cumulative amplitude spectra (Fig. 10), summed over events and channels ${data.channels.join(' ')}; ${data.segmentSamples}-sample segments at ${data.sampleRateHz} Hz`, settings],
        ['frequency_hz', 'train_noise', 'train_precursor', 'test_noise', 'test_precursor'],
        data.frequencyHz.map((f, k) => [f, data.train.noiseAmplitude[k], data.train.precursorAmplitude[k], data.test.noiseAmplitude[k], data.test.precursorAmplitude[k]]),
      );
    case 'relative-difference':
      return table(
        [
          'relative difference (precursor - noise) / noise in % (Fig. 11), raw and Savitzky-Golay smoothed',
          `train peaks Hz: ${data.train.peaks.map((p) => p.frequencyHz).join(' ') || 'none'}`,
          `test peaks Hz: ${data.test.peaks.map((p) => p.frequencyHz).join(' ') || 'none'}`,
          `common peaks Hz: ${data.commonPeaks.map((p) => p.frequencyHz).join(' ') || 'none'}`,
          `smoothing window ${data.smoothingWindowBins} bins of ${data.binWidthHz} Hz`,
          settings,
        ],
        ['frequency_hz', 'train_percent', 'train_smoothed_percent', 'test_percent', 'test_smoothed_percent'],
        data.frequencyHz.map((f, k) => [f, data.train.relativeDifferencePercent[k], data.train.smoothedPercent[k], data.test.relativeDifferencePercent[k], data.test.smoothedPercent[k]]),
      );
    case 'spectrogram':
      return table(
        [`spectrogram (Fig. 9) of ${windowName(data.window)}, standardized samples`, settings],
        ['channel', 'time_s', 'frequency_hz', 'amplitude'],
        data.channels.flatMap((c) => c.amplitude.flatMap((row, t) => row.map((a, k) => [c.channel, data.timeS[t], data.frequencyHz[k], a]))),
      );
    case 'sequential':
      return table(
        [
          `sequential scores (Fig. 6) of ${windowName(data.window)}: sub-windows of ${data.subWindowSamples} samples every ${data.strideSamples}`,
          `largest rise: ${data.largestRise ? `${data.largestRise.fromScore} -> ${data.largestRise.toScore} at sub-window ${data.largestRise.toIndex}` : 'none'}`,
          ...(data.search ? [`search over ${data.search.intervalsSearched} intervals: largest rise in ${windowName(data.search.window)}: ${JSON.stringify(data.search.largestRise)}`] : []),
          settings,
        ],
        ['index', 'start_sample', 'start_s', 'score'],
        data.scores.map((s, i) => [i, data.startSamples[i], data.startS[i], s]),
      );
    case 'time-occlusion':
      return table(
        [
          `time occlusion (Fig. 7) of sub-window ${data.subIndex} of ${windowName(data.window)}; unmasked score ${data.baselineScore}`,
          ...data.curves.map((c) => `masked ${c.masked}: below ${data.settings.threshold} at samples ${c.regionsBelowThreshold.map((r) => `${r.startSample}-${r.endSample}`).join(' ') || 'none'}`),
          settings,
        ],
        ['mask_start_sample', 'mask_start_s', ...data.curves.map((c) => `score_masked_${c.masked}`)],
        data.maskStartSamples.map((s, i) => [s, data.maskStartS[i], ...data.curves.map((c) => c.scores[i])]),
      );
    case 'frequency-occlusion':
      return table(
        [
          `frequency occlusion (Fig. 8): test set low-passed (Butterworth order ${data.settings.order}, ${data.settings.phase}); unfiltered accuracy ${data.baseline.accuracyPercent} %, loss ${data.baseline.loss}`,
          `accuracy drops significantly below ${data.dropBelowHz ?? 'none'} Hz`,
          settings,
        ],
        ['cutoff_hz', 'accuracy_percent', 'loss', 'significant_drop'],
        data.cutoffs.map((c) => [c.cutoffHz, c.accuracyPercent, c.loss, c.significantDrop]),
      );
  }
}

export function analysisSummary(data: AnalysisData): string[] {
  switch (data.kind) {
    case 'spectra':
      return [
        `cumulative spectra of ${data.segmentSamples}-sample segments, 0–${data.frequencyHz[data.frequencyHz.length - 1]} Hz`,
        `train: ${data.train.precursorSpectra} precursor and ${data.train.noiseSpectra} noise spectra from ${data.train.events} events`,
        `test:  ${data.test.precursorSpectra} precursor and ${data.test.noiseSpectra} noise spectra from ${data.test.events} events`,
      ];
    case 'relative-difference':
      return [
        `relative difference, Savitzky-Golay over ${data.settings.smoothingWidthHz} Hz (${data.smoothingWindowBins} bins), peaks in ${data.settings.peakBandHz.join('–')} Hz`,
        peaksLine('train', data.train),
        peaksLine('test ', data.test),
        `common: ${data.commonPeaks.map((p) => hz(p.frequencyHz)).join(', ') || 'none'}`,
      ];
    case 'spectrogram':
      return [`spectrogram of ${windowName(data.window)}: ${data.timeS.length} windows × ${data.frequencyHz.length} frequencies × ${data.channels.length} channels`];
    case 'sequential': {
      const rise = (r: SequentialScores['largestRise']): string => (r ? `${r.fromScore.toFixed(2)} → ${r.toScore.toFixed(2)} at ${data.startS[r.toIndex]?.toFixed(1) ?? r.toIndex} s` : 'none');
      return [
        `sequential scores of ${windowName(data.window)}: ${data.scores.length} sub-windows every ${data.strideSamples} samples`,
        `scores ${data.scores.map((s) => s.toFixed(2)).join(' ')}`,
        `largest rise: ${rise(data.largestRise)}`,
        ...(data.search ? [`search over ${data.search.intervalsSearched} intervals: largest rise in ${windowName(data.search.window)}: ${data.search.largestRise ? `${data.search.largestRise.fromScore.toFixed(2)} → ${data.search.largestRise.toScore.toFixed(2)}` : 'none'}`] : []),
      ];
    }
    case 'time-occlusion':
      return [
        `time occlusion of sub-window ${data.subIndex} of ${windowName(data.window)}: mask ${data.settings.maskSamples} samples every ${data.settings.strideSamples}, ${data.maskStartSamples.length} positions; unmasked score ${data.baselineScore.toFixed(3)}`,
        ...data.curves.map(
          (c) => `masked ${c.masked.padEnd(3)}: min ${Math.min(...c.scores).toFixed(3)}; below ${data.settings.threshold}: ${c.regionsBelowThreshold.map((r) => `${r.startS.toFixed(1)}–${r.endS.toFixed(1)} s`).join(', ') || 'nowhere'}`,
        ),
      ];
    case 'frequency-occlusion':
      return [
        `frequency occlusion: ${data.cutoffs.length} cutoffs ${data.settings.startHz}→${data.settings.stopHz} Hz, ${data.testSubWindows} test sub-windows of ${data.testEvents} events, ${data.seconds.toFixed(1)} s`,
        `unfiltered accuracy ${data.baseline.accuracyPercent.toFixed(1)} %, loss ${data.baseline.loss.toFixed(3)}`,
        `accuracy drops significantly below ${data.dropBelowHz === null ? '— (no persistent drop)' : hz(data.dropBelowHz)}`,
      ];
  }
}
