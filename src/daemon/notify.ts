import { hostname } from 'node:os';
import { redact } from '../config/redact.js';
import { version } from '../version.js';
import type { DaemonLog } from './log.js';
import { describeTargets, seconds, type RunEvent } from './run-event.js';

export type NotifyOn = 'failure' | 'recovery' | 'success';

export interface NotifyConfig {
  url: string;
  on: NotifyOn[];
}

/** Which notification a finished run calls for, if any. A cancelled run (shutdown) calls for none. */
export function notificationFor(event: RunEvent, on: readonly NotifyOn[]): NotifyOn | null {
  if (event.status === 'failure') return on.includes('failure') ? 'failure' : null;
  if (event.status !== 'success') return null;
  if (event.previous === 'failure' && on.includes('recovery')) return 'recovery';
  return on.includes('success') ? 'success' : null;
}

/**
 * The JSON body: what ran, how it ended, the numbers. Built from the run's own fields (never the
 * config), then passed through redact() as well. `text` makes it readable in chat webhooks as is.
 */
export function notificationBody(event: RunEvent, kind: NotifyOn, host = hostname()): Record<string, unknown> {
  const verb = kind === 'failure' ? `failed (exit ${event.exitCode})` : kind === 'recovery' ? 'recovered' : 'succeeded';
  const detail = describeTargets(event.targets);
  const failures = kind === 'failure' && event.consecutiveFailures > 1 ? ` — ${event.consecutiveFailures} failures in a row` : '';
  const text = `integr on ${host}: ${event.schedule} ${verb} in ${seconds(event.durationMs)}${failures}${detail ? ` — ${detail}` : ''}${event.error ? ` — ${event.error.message}` : ''}`;
  return {
    source: 'integr',
    version,
    host,
    event: kind,
    text,
    schedule: event.schedule,
    run: event.run,
    trigger: event.trigger,
    status: event.status,
    exitCode: event.exitCode,
    startedAt: event.startedAt,
    finishedAt: event.finishedAt,
    durationMs: event.durationMs,
    consecutiveFailures: event.consecutiveFailures,
    targets: event.targets,
    ...(event.error ? { error: event.error } : {}),
  };
}

/** Where a webhook goes, without its path or query (which often carry a token). */
export function webhookOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

/**
 * POSTs run summaries to a webhook. One attempt with a timeout: a notification that fails is logged
 * and counted, and never fails or delays the run beyond that timeout.
 */
export class Notifier {
  constructor(
    private readonly config: NotifyConfig,
    private readonly log: DaemonLog,
    private readonly options: { timeoutMs?: number; onResult?: (ok: boolean) => void } = {},
  ) {}

  async afterRun(event: RunEvent): Promise<void> {
    const kind = notificationFor(event, this.config.on);
    if (!kind) return;
    const where = webhookOrigin(this.config.url);
    try {
      const res = await fetch(this.config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': `integr/${version}` },
        body: redact(JSON.stringify(notificationBody(event, kind))),
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      // The body is not needed; read it so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new Error(`the webhook answered HTTP ${res.status}`);
      this.options.onResult?.(true);
      this.log.log('info', 'notify.sent', `${event.schedule}: ${kind} notification sent to ${where}`, { schedule: event.schedule, notification: kind });
    } catch (err) {
      this.options.onResult?.(false);
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? 'timed out' : e.cause?.code ?? e.cause?.message ?? e.message;
      this.log.log('warn', 'notify.failed', `${event.schedule}: ${kind} notification to ${where} failed: ${why}`, { schedule: event.schedule, notification: kind });
    }
  }
}
