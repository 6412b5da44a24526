/**
 * exclusions.set / exclusions.history: the analyst's decisions, appended to the event's history
 * with who, when and why (never rewritten); windows.build follows the latest one.
 */
import os from 'node:os';
import type { OpOutput, OpParsedInput } from '../../shared/api';
import { ForeseisError } from '../../shared/errors';
import { currentDecision, listExclusionHistory, recordExclusion, resolveEventRef, withProject } from '../store';

/** The operating-system user, the default author of a decision. */
export function defaultAuthor(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function exclusionSetHandler(input: OpParsedInput<'exclusions.set'>): Promise<OpOutput<'exclusions.set'>> {
  const reason = (input.reason ?? '').trim();
  if (input.action === 'exclude' && !reason) throw new ForeseisError('bad-input', 'excluding an event needs a reason (--reason "...")');
  return withProject(input.dir, {}, async (p) => {
    const e = resolveEventRef(p, input.event);
    await p.writeTransaction(() => recordExclusion(p, e.id, input.action, reason || 'included', input.author?.trim() || defaultAuthor()));
    const decision = currentDecision(p, e.id);
    if (!decision) throw new ForeseisError('internal', `the decision about event ${e.id} was not recorded`);
    return { decision, history: listExclusionHistory(p, e.id) };
  });
}

export function exclusionHistoryHandler(input: OpParsedInput<'exclusions.history'>): Promise<OpOutput<'exclusions.history'>> {
  return withProject(input.dir, {}, (p) => listExclusionHistory(p, input.event === undefined ? undefined : resolveEventRef(p, input.event).id));
}
