/**
 * The paper's Table 1 as printed (resources/presets/table1.json), one typed list read by both the
 * built-in catalogue (table1.ts) and the synthetic project (synthetic/catalogue.ts).
 */
import table1 from '../../../resources/presets/table1.json';
import type { Split } from '../../shared/records';

export interface Table1Row {
  time: string;
  latitudeDeg: number;
  longitudeDeg: number;
  depthKm: number;
  catalogue: string;
  mw: number;
  /** Δ as printed in the paper, degrees (computed Δ may differ: see table1.ts) */
  deltaDeg: number;
  split: Split;
  station: string;
}

/** The rows in printed order. */
export const table1Events: readonly Table1Row[] = (table1 as { events: Table1Row[] }).events;

/** Where the table comes from (the paper's reference). */
export const TABLE1_SOURCE = (table1 as { source: string }).source;
