// A set of subscribers of one kind, for the buses: subscribe (returns its unsubscribe) and call all.
export function handlerSet<T>() {
  const handlers = new Set<(value: T) => void>();
  return {
    on(handler: (value: T) => void): () => void {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    emit(value: T): void {
      for (const h of handlers) h(value);
    },
    clear: () => handlers.clear(),
  };
}
