/**
 * Preload of the main window (sandboxed, context-isolated). Exposes exactly one object,
 * `window.foreseis` (see ./protocol.ts), and nothing else: no ipcRenderer, no process, no require.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { operationNames } from '../shared/operations';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('foreseis', createBridge(ipcRenderer, operationNames));
