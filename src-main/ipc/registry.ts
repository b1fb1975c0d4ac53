// Transport-neutral handler registry. Every call, whatever shell carried it,
// goes through the same steps: sender check → channel check → input parse →
// permission check → handler → output parse → typed result. Nothing but a
// WireError (closed code + plain message) ever leaves on failure.
import type { z } from 'zod';
import {
  contract,
  isChannel,
  type Channel,
  type ChannelOutput,
  type ParsedInput,
} from '../../src-shared/ipc/contract';
import { AppError, type Result, type WireError } from '../../src-shared/ipc/errors';
import { fieldRuleOf, type Reason } from '../../src-shared/ipc/reasons';
import type { Logger } from '../log/logger';
import { DiskFullError, isDiskFull } from '../vault/disk-full';
import type { AccessPolicy } from '../policy/access.policy';

export interface Sender {
  readonly transport: 'electron' | 'headless' | 'test';
  /** The origin (scheme://host[:port]) of the frame or page that sent the call. */
  readonly origin: string;
}

export interface CallContext {
  readonly sender: Sender;
}

export type Handlers = {
  readonly [C in Channel]: (input: ParsedInput<C>, context: CallContext) => Promise<ChannelOutput<C>>;
};

export interface RegistryOptions {
  readonly handlers: Handlers;
  readonly policy: AccessPolicy;
  readonly isTrustedSender: (sender: Sender) => boolean;
  readonly log: Logger;
  /** Called once an accepted call's handler has finished (answered: true, or failed): what it wrote is committed by then. */
  readonly afterCall?: (channel: Channel, answered: boolean) => void;
}

/** A path segment as the schema names it: an index, or a field name of the contract's shape; anything else (a key the caller chose) is not repeated. */
function pathSegment(segment: PropertyKey): string {
  if (typeof segment === 'number') return String(segment);
  return typeof segment === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(segment) ? segment : '?';
}

/**
 * Describes a schema failure by field path and rule only, never by value. Zod
 * quotes the keys it did not expect ("Unrecognized keys: …"), and a key is
 * input too (a name typed where a field name goes): they are counted instead.
 */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(pathSegment).join('.') : 'input';
    const message = issue.code === 'unrecognized_keys' ? `${issue.keys.length} unknown field${issue.keys.length === 1 ? '' : 's'}` : issue.message;
    return `${path}: ${message}`;
  });
  return `Invalid input (${parts.join('; ')})`;
}

/** The first schema failure as a reason the renderer can word: the field path (as describeIssues names it) and the rule. */
export function issueReason(error: z.ZodError): Reason | undefined {
  const issue = error.issues[0];
  if (issue === undefined) return undefined;
  const path = issue.path.length > 0 ? issue.path.slice(0, 8).map(pathSegment).join('.') : 'input';
  return { code: 'invalid_request', path, rule: fieldRuleOf(issue) };
}

function fail(code: WireError['code'], message: string, reason?: Reason): Result<never> {
  return { ok: false, error: reason === undefined ? { code, message } : { code, message, reason } };
}

export class IpcRegistry {
  constructor(private readonly options: RegistryOptions) {}

  async dispatch(sender: Sender, channel: unknown, input: unknown): Promise<Result<unknown>> {
    const { log } = this.options;
    if (!this.options.isTrustedSender(sender)) {
      log.log('warn', 'ipc.rejected_sender', { transport: sender.transport });
      return fail('FORBIDDEN_SENDER', 'This window may not call FieldVault.');
    }
    if (!isChannel(channel)) {
      log.log('warn', 'ipc.unknown_channel', {});
      return fail('UNKNOWN_CHANNEL', 'Unknown request.');
    }
    return this.#run(channel, sender, input);
  }

  async #run<C extends Channel>(channel: C, sender: Sender, input: unknown): Promise<Result<ChannelOutput<C>>> {
    const { log, policy, handlers } = this.options;
    const spec = contract[channel];
    try {
      policy.authorize(spec.permission);
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        log.log('info', 'ipc.bad_input', { channel });
        return fail('BAD_INPUT', describeIssues(parsed.error), issueReason(parsed.error));
      }
      const handler = handlers[channel] as (input: unknown, context: CallContext) => Promise<unknown>;
      let value: unknown;
      // Nothing is awaited before the handler: its transaction is queued as the call comes, so a lock asked for
      // after the call waits for it (the lock refuses what is queued after it begins).
      let answered = false;
      try {
        value = await handler(parsed.data, { sender });
        answered = true;
      } finally {
        this.options.afterCall?.(channel, answered);
      }
      // Parsing the output strips any field the contract does not name, so a
      // handler cannot leak more than the channel promises.
      return { ok: true, value: spec.output.parse(value) as ChannelOutput<C> };
    } catch (error) {
      if (error instanceof AppError) {
        log.log('info', 'ipc.app_error', { channel, code: error.code });
        return { ok: false, error: error.toWire() };
      }
      if (isDiskFull(error)) {
        log.log('warn', 'ipc.disk_full', { channel });
        return { ok: false, error: new DiskFullError().toWire() };
      }
      log.log('error', 'ipc.internal_error', { channel, kind: error instanceof Error ? error.name : typeof error });
      return fail('INTERNAL', 'Something went wrong. Nothing was changed.');
    }
  }
}
