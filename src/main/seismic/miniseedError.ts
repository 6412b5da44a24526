/**
 * The miniSEED decoder's one typed error. `offsetBytes` is where, in the decoded buffer, the
 * offending record (or stray bytes) begins, so a caller can report "record at byte 4096 is
 * truncated" and still keep every other record of the file.
 */
export class MiniseedError extends Error {
  override readonly name = 'MiniseedError';

  constructor(
    message: string,
    /** byte offset of the bad record in the decoded buffer */
    readonly offsetBytes: number,
  ) {
    super(`${message} (record at byte ${offsetBytes})`);
  }
}

/** A record that could not be decoded, as `decodeMiniseed` reports it (never thrown). */
export interface MiniseedProblem {
  /** byte offset of the bad record (or of the first stray byte) */
  offset: number;
  message: string;
}
