/**
 * The names of the contract's operations, without their schemas: the preload imports only this,
 * so the sandboxed bridge stays small (no zod), and `api.ts` is checked against it at compile time.
 */
export const operationNames = ['project.init', 'project.info', 'events.list', 'segments.list', 'synth.generate', 'windows.build', 'train.run', 'runs.list', 'evaluate.run', 'curve.run', 'demo.run', 'catalogue.build', 'import.run', 'export.run', 'qc.run', 'exclusions.set', 'exclusions.history', 'download.run', 'figure.export', 'figure.report', 'analysis.run'] as const;

export type OperationName = (typeof operationNames)[number];
