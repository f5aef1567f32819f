import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { openLake, type OpenLake, type OpenLakeOptions } from './open.js';

/** Options of {@link startLakeServer}. */
export interface StartLakeServerOptions extends OpenLakeOptions {
  /** @default 8470 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
}

/** A running lake server. */
export interface LakeServer extends OpenLake {
  url: string;
  server: ServerType;
}

/** Opens the lake and serves its API over HTTP. The only place that opens a port. */
export async function startLakeServer(options: StartLakeServerOptions = {}): Promise<LakeServer> {
  const opened = openLake(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: opened.app.fetch, port: options.port ?? 8470, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
  return {
    ...opened,
    url,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await opened.close();
    },
  };
}
