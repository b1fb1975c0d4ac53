// Types for the PouchDB packages the sync benchmark's baseline uses
// (pouchdb-core 9, its memory and HTTP adapters, replication, express-pouchdb
// 4), which ship no types of their own. Only the surface the benchmark calls
// is declared, and every result PouchDB computes is `unknown` here: the
// callers parse it with zod (pouchdb-client.ts), so nothing below claims a
// shape that is not checked at run time.

declare module 'pouchdb-core' {
  /** What a plugin module exports; only PouchDB.plugin() looks inside. */
  export interface PouchPlugin {
    readonly __brand: 'PouchPlugin';
  }

  /** A document as written: an id, an optional revision, and JSON fields that do not start with `_`. */
  export interface PouchDocument {
    readonly _id: string;
    readonly _rev?: string;
    readonly [field: string]: unknown;
  }

  /** node-fetch (v2) options as the HTTP adapter passes them to its fetch; `agent` is node-fetch's own. */
  export interface FetchOptions {
    readonly [option: string]: unknown;
  }

  export type Fetch = (url: string, options: FetchOptions) => Promise<unknown>;

  export interface DatabaseOptions {
    readonly adapter?: string;
    /** The HTTP adapter's fetch; the benchmark passes one with a pinned-CA agent. */
    readonly fetch?: Fetch;
    /** The HTTP adapter checks (and creates) the remote database first unless this is true. */
    readonly skip_setup?: boolean;
  }

  export interface ReplicateOptions {
    readonly batch_size?: number;
    readonly batches_limit?: number;
  }

  /** A replication in progress: an event emitter that is also thenable. */
  export interface Replication extends PromiseLike<unknown> {
    cancel(): void;
  }

  export interface AllDocsOptions {
    readonly keys?: readonly string[];
    readonly include_docs?: boolean;
    readonly limit?: number;
  }

  export default class PouchDB {
    static plugin(plugin: PouchPlugin): typeof PouchDB;
    static defaults(options: DatabaseOptions): typeof PouchDB;
    static replicate(source: PouchDB, target: PouchDB, options?: ReplicateOptions): Replication;
    /** PouchDB's own fetch (node-fetch 2 behind fetch-cookie). */
    static fetch(url: string, options: FetchOptions): Promise<unknown>;
    static readonly version: string;

    constructor(name: string, options?: DatabaseOptions);
    readonly name: string;
    info(): Promise<unknown>;
    get(id: string): Promise<unknown>;
    bulkDocs(docs: readonly PouchDocument[]): Promise<unknown>;
    allDocs(options: AllDocsOptions): Promise<unknown>;
    close(): Promise<void>;
    destroy(): Promise<void>;
  }
}

declare module 'pouchdb-adapter-memory' {
  import type { PouchPlugin } from 'pouchdb-core';
  const plugin: PouchPlugin;
  export default plugin;
}

declare module 'pouchdb-adapter-http' {
  import type { PouchPlugin } from 'pouchdb-core';
  const plugin: PouchPlugin;
  export default plugin;
}

declare module 'pouchdb-replication' {
  import type { PouchPlugin } from 'pouchdb-core';
  const plugin: PouchPlugin;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type PouchDB from 'pouchdb-core';

  export interface ExpressPouchDBOptions {
    /** 'minimumForPouchDB' serves what a PouchDB client needs; 'fullCouchDB' adds auth, config and logs on disk. */
    readonly mode?: 'minimumForPouchDB' | 'fullCouchDB';
    readonly overrideMode?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
  }

  /** The express application: a request listener for an http(s) server. */
  export interface ExpressPouchDBApp {
    (request: IncomingMessage, response: ServerResponse): void;
    /** Installs the PouchDB to serve; resolves once its daemons (all-dbs registry) run. */
    setPouchDB(pouch: typeof PouchDB): Promise<unknown>;
  }

  export default function expressPouchDB(options?: ExpressPouchDBOptions): ExpressPouchDBApp;
}
