// A minimal Reflect metadata shim, loaded before @peculiar/x509: its
// dependency tsyringe refuses to load without `Reflect.getMetadata`, and the
// project does not ship the `reflect-metadata` package (the lead may add it
// and replace this file with `import 'reflect-metadata'`). Only the four
// functions tsyringe calls are provided; metadata lives in a WeakMap.
type MetadataTable = Map<unknown, Map<unknown, unknown>>;
const tables = new WeakMap<object, MetadataTable>();

function tableFor(target: object, property: unknown): Map<unknown, unknown> {
  let byProperty = tables.get(target);
  if (byProperty === undefined) {
    byProperty = new Map();
    tables.set(target, byProperty);
  }
  let table = byProperty.get(property);
  if (table === undefined) {
    table = new Map();
    byProperty.set(property, table);
  }
  return table;
}

function getMetadata(key: unknown, target: unknown, property?: unknown): unknown {
  for (let current: unknown = target; typeof current === 'object' || typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    if (current === null) break;
    const value = tables.get(current)?.get(property)?.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

if (!('getMetadata' in Reflect)) {
  Object.assign(Reflect, {
    defineMetadata(key: unknown, value: unknown, target: object, property?: unknown): void {
      tableFor(target, property).set(key, value);
    },
    getOwnMetadata(key: unknown, target: object, property?: unknown): unknown {
      return tables.get(target)?.get(property)?.get(key);
    },
    getMetadata,
    hasMetadata(key: unknown, target: object, property?: unknown): boolean {
      return getMetadata(key, target, property) !== undefined;
    },
    metadata(key: unknown, value: unknown) {
      return (target: object, property?: unknown): void => {
        tableFor(target, property).set(key, value);
      };
    },
  });
}

export {};
