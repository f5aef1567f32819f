import { Command, Flags, Errors, type Interfaces } from '@oclif/core';
import { CardError } from '@modellake/card';
import { createLakeClient, LakeApiError, type LakeClient } from '@modellake/client';
import { LakeError, openLake, resolveLakeHome, type OpenLake } from '@modellake/core';
import os from 'node:os';

/** Exit codes of the CLI. */
export const EXIT = { error: 1, invalid: 2, notFound: 3, auth: 4, unreachable: 5 } as const;

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>;
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * Base of every `modellake` command: `--home` / `--lake-url` / `--token` / `--json`, a lake client that
 * works on an embedded lake (in-process) or a remote one, and error mapping to exit codes with hints.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static enableJsonFlag = true;
  static baseFlags = {
    home: Flags.string({ summary: 'Embedded lake directory.', env: 'MODELLAKE_HOME', helpGroup: 'LAKE' }),
    'lake-url': Flags.string({ summary: 'Use a remote lake at this URL instead of the embedded one.', env: 'MODELLAKE_URL', helpGroup: 'LAKE' }),
    token: Flags.string({ summary: 'API token for a remote lake.', env: 'MODELLAKE_TOKEN', helpGroup: 'LAKE' }),
  };

  protected flags!: BaseFlags<T>;
  protected args!: BaseArgs<T>;
  /** Variadic arguments (commands with `static strict = false`). */
  protected rest!: string[];
  private embedded: OpenLake | undefined;
  private client: LakeClient | undefined;

  public async init(): Promise<void> {
    await super.init();
    const { flags, args, argv } = await this.parse({ flags: this.ctor.flags, baseFlags: (super.ctor as unknown as typeof BaseCommand).baseFlags, args: this.ctor.args, strict: this.ctor.strict, enableJsonFlag: this.ctor.enableJsonFlag });
    this.flags = flags as BaseFlags<T>;
    this.args = args as BaseArgs<T>;
    this.rest = argv as string[];
  }

  /** The lake home directory for embedded mode. */
  protected home(): string {
    return resolveLakeHome(this.flags.home);
  }

  /** The embedded lake, opened on first use (only in embedded mode). */
  protected openEmbedded(): OpenLake {
    this.embedded ??= openLake({
      home: this.home(),
      config: { auth: { trustedActor: { name: `local:${os.userInfo().username}`, role: 'admin' } } },
    });
    return this.embedded;
  }

  /** A client for the selected lake: remote with `--lake-url`, else the embedded lake in `--home` through its in-process fetch handler. */
  protected lake(): LakeClient {
    if (this.client) return this.client;
    const url = this.flags['lake-url'];
    if (url) {
      this.client = createLakeClient({ baseUrl: url, ...(this.flags.token ? { token: this.flags.token } : {}) });
    } else {
      const { app } = this.openEmbedded();
      this.client = createLakeClient({ baseUrl: 'http://embedded.lake', fetch: async (input, init) => app.fetch(new Request(input, init)) });
    }
    return this.client;
  }

  /** True when output goes to a person (TTY, not --json). */
  protected interactive(): boolean {
    return !this.jsonEnabled() && !!process.stderr.isTTY;
  }

  protected async finally(err: Error | undefined): Promise<unknown> {
    if (this.embedded) await this.embedded.close();
    return super.finally(err);
  }

  /** Sets the process exit code (oclif's JSON mode otherwise exits 1) and hands the error to oclif. */
  private fail(message: string, exit: number, code: string): Promise<unknown> {
    process.exitCode = exit;
    const e = new Errors.CLIError(message, { exit, code }) as Errors.CLIError & { exitCode?: number };
    e.exitCode = exit;
    return super.catch(e);
  }

  protected async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (err instanceof LakeApiError) {
      const hint = err.code === 'lake-unreachable' ? '' : err.status === 401 ? ' Pass --token (or MODELLAKE_TOKEN); create one with `modellake token create`.' : err.status === 403 ? ' Ask an admin for a token with a stronger role.' : '';
      const issues = (err.problem?.issues as { path: string; message: string }[] | undefined)?.map((i) => `\n  ${i.path || '/'}: ${i.message}`).join('') ?? '';
      const code = err.status === 0 ? EXIT.unreachable : err.status === 401 || err.status === 403 ? EXIT.auth : err.status === 404 || err.status === 410 ? EXIT.notFound : err.status === 422 || err.status === 400 || err.status === 413 ? EXIT.invalid : EXIT.error;
      return this.fail(`${err.message}${issues}${hint}`, code, err.code);
    }
    if (err instanceof CardError) {
      return this.fail(`${err.message}${err.issues.map((i) => `\n  ${i.path || '/'}: ${i.message}`).join('')}`, EXIT.invalid, err.code);
    }
    if (err instanceof LakeError) {
      return this.fail(err.message, err.status === 404 ? EXIT.notFound : EXIT.error, err.code);
    }
    return super.catch(err);
  }
}
