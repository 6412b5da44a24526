/**
 * The session: which transport carries the contract, which project is open, and the last error
 * and progress the Node side reported. Every other store builds on it.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ProjectInfo } from '../../../shared/api';
import { toForeseisError, type SerializedError } from '../../../shared/errors';
import type { ForeseisBridge, ProgressEvent, TransportKind } from '../../../preload/protocol';
import { call, currentBridge } from '../transport';

export const useSessionStore = defineStore('session', () => {
  const bridge = shallowRef<ForeseisBridge | null>(null);
  const project = ref<ProjectInfo | null>(null);
  const error = ref<SerializedError | null>(null);
  const progress = ref<ProgressEvent | null>(null);
  const busy = ref(false);
  let unsubscribe: (() => void) | null = null;

  const transport = computed<TransportKind | null>(() => bridge.value?.transport ?? null);
  const projectDir = computed(() => project.value?.dir ?? null);

  /** Connects to the page's bridge (or the one given, in tests) and listens to its events. */
  function hydrate(source: ForeseisBridge | null = currentBridge()): void {
    dehydrate();
    bridge.value = source;
    unsubscribe = source?.subscribe((event) => {
      if (event.type === 'progress') progress.value = event;
    }) ?? null;
  }

  function dehydrate(): void {
    unsubscribe?.();
    unsubscribe = null;
    bridge.value = null;
    project.value = null;
    progress.value = null;
    error.value = null;
  }

  /** Opens the project in `dir`; on failure keeps the current one and reports the typed error. */
  async function openProject(dir: string): Promise<boolean> {
    const client = bridge.value;
    if (client === null) {
      error.value = { name: 'ForeseisError', code: 'internal', message: 'not connected to Foreseis' };
      return false;
    }
    busy.value = true;
    error.value = null;
    try {
      project.value = await call(client, 'project.info', { dir });
      return true;
    } catch (thrown) {
      error.value = toForeseisError(thrown).toJSON();
      return false;
    } finally {
      busy.value = false;
    }
  }

  function closeProject(): void {
    project.value = null;
    error.value = null;
  }

  return { transport, project, projectDir, error, progress, busy, hydrate, dehydrate, openProject, closeProject };
});
