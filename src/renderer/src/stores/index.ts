/**
 * The one place every store is hydrated (on start) and dehydrated (when the page goes away), so a
 * new store cannot forget either.
 */
import type { Pinia } from 'pinia';
import { useSessionStore } from './session';

export function hydrateStores(pinia: Pinia): void {
  useSessionStore(pinia).hydrate();
}

export function dehydrateStores(pinia: Pinia): void {
  useSessionStore(pinia).dehydrate();
}
