export * from './settings';
export * from './subwindows';
export * from './plan';
export * from './materialize';
