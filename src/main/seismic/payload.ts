/**
 * The data section of a miniSEED record, decoded by encoding: one function for miniSEED 2 and 3,
 * which share the encoding codes (SEED appendix / FDSN miniSEED 3 §encodings). Fixed-width
 * encodings follow the given byte order; Steim frames are big-endian in miniSEED 3 and follow the
 * record's data byte order in miniSEED 2 (the caller says which).
 */
import { MiniseedError } from './miniseedError';
import { ENCODING, ENCODING_NAMES, type Samples, type SampleType } from './miniseedRecord';
import { decodeSteim } from './steim';

export interface Payload {
  samples: Samples;
  sampleType: SampleType;
}

/**
 * @param dataStart byte offset of the data section in `view`
 * @param dataBytes bytes the data section holds
 * @param littleEndian byte order of fixed-width samples and (in miniSEED 2) of Steim frames
 * @param steimLittleEndian byte order of Steim frames
 * @param offset the record's offset, for errors
 */
export function decodePayload(view: DataView, dataStart: number, dataBytes: number, sampleCount: number, encoding: number, littleEndian: boolean, steimLittleEndian: boolean, offset: number): Payload {
  if (sampleCount === 0) return { samples: new Int32Array(0), sampleType: 'int32' };
  const fixedWidth = (width: number): void => {
    if (sampleCount * width > dataBytes) {
      throw new MiniseedError(`${sampleCount} ${ENCODING_NAMES[encoding]} samples need ${sampleCount * width} bytes, data section has ${dataBytes}`, offset);
    }
  };
  switch (encoding) {
    case ENCODING.int16: {
      fixedWidth(2);
      const s = new Int32Array(sampleCount);
      for (let i = 0; i < sampleCount; i++) s[i] = view.getInt16(dataStart + 2 * i, littleEndian);
      return { samples: s, sampleType: 'int32' };
    }
    case ENCODING.int32: {
      fixedWidth(4);
      const s = new Int32Array(sampleCount);
      for (let i = 0; i < sampleCount; i++) s[i] = view.getInt32(dataStart + 4 * i, littleEndian);
      return { samples: s, sampleType: 'int32' };
    }
    case ENCODING.float32: {
      fixedWidth(4);
      const s = new Float32Array(sampleCount);
      for (let i = 0; i < sampleCount; i++) s[i] = view.getFloat32(dataStart + 4 * i, littleEndian);
      return { samples: s, sampleType: 'float32' };
    }
    case ENCODING.float64: {
      fixedWidth(8);
      const s = new Float64Array(sampleCount);
      for (let i = 0; i < sampleCount; i++) s[i] = view.getFloat64(dataStart + 8 * i, littleEndian);
      return { samples: s, sampleType: 'float64' };
    }
    case ENCODING.steim1:
    case ENCODING.steim2:
      return { samples: decodeSteim(view, dataStart, dataBytes, sampleCount, encoding === ENCODING.steim1 ? 1 : 2, steimLittleEndian, offset), sampleType: 'int32' };
    default:
      throw new MiniseedError(`unsupported encoding ${encoding} (${ENCODING_NAMES[encoding] ?? 'unknown'})`, offset);
  }
}
