/** miniSEED 2 and 3 decoding, miniSEED 2 writing and trace merging: the public surface of src/main/seismic. */
export { MiniseedError, type MiniseedProblem } from './miniseedError';
export { btimeToUs, formatTimeUs, parseTimeUs } from './btime';
export { decodeRecord, nominalSampleRateHz, ENCODING, type DecodedRecord, type Samples, type SampleType, type ByteOrder } from './miniseedRecord';
export { decodeMiniseed, type DecodedMiniseed } from './decodeMiniseed';
export { decodeRecord3, isMiniseed3, miniseed3Crc, parseSourceId } from './miniseed3Record';
export { mergeTraces, type Trace, type GapOrOverlap, type MergedTraces } from './mergeTraces';
export { writeMiniseed, chooseEncoding, rateFactorMultiplier, type TraceToWrite, type WriteOptions, type WrittenMiniseed, type WriteEncoding } from './writeMiniseed';
