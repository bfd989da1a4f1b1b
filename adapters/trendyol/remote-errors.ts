// What Trendyol's refusals mean for a person: credential problems (401/403) become REMOTE_AUTH with
// a hint naming the keys and the mandatory User-Agent; Trendyol's `{ errors: [{ key, message, errorCode }] }`
// bodies are read so a message says what Trendyol said.
import { IntegrError } from '../../src/errors.js';
import { RemoteError } from '../../src/http/errors.js';

export interface ErrorContext {
  /** The channel's name, prefixing every message. */
  name: string;
  sellerId: string;
  userAgent: string;
  baseUrl: string;
}

/** The messages of a Trendyol error body (errors[].message, else `message`/`exception`); [] when it has none. */
export function trendyolErrorMessages(body: string | undefined): string[] {
  if (!body) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  if (!parsed || typeof parsed !== 'object') return [];
  const p = parsed as { errors?: unknown; message?: unknown; exception?: unknown };
  const out: string[] = [];
  if (Array.isArray(p.errors)) {
    for (const e of p.errors as { message?: unknown; key?: unknown }[]) {
      const m = typeof e?.message === 'string' && e.message.trim() ? e.message.trim() : typeof e?.key === 'string' ? e.key : '';
      if (m) out.push(m);
    }
  }
  if (!out.length && typeof p.message === 'string' && p.message.trim()) out.push(p.message.trim());
  if (!out.length && typeof p.exception === 'string') out.push(p.exception);
  return out;
}

const isStage = (baseUrl: string) => /stageapigw\./i.test(baseUrl);

/** 401/403 (and the stage gateway's 503 for IPs not whitelisted) as a clear credential error; undefined for anything else. */
export function credentialError(err: unknown, ctx: ErrorContext): IntegrError | undefined {
  if (!(err instanceof RemoteError) || err.status === undefined) return undefined;
  if (err.status === 401) {
    const exception = /ClientApiAuthenticationException/.test(err.body ?? '') ? ' ClientApiAuthenticationException' : '';
    return new IntegrError('REMOTE_AUTH', `${ctx.name}: Trendyol refused the credentials (HTTP 401${exception}) for seller ${ctx.sellerId}`, {
      cause: err,
      hint: `check apiKey and apiSecret (seller panel: Hesap Bilgilerim > Entegrasyon Bilgileri, master user); stage and production credentials differ`,
    });
  }
  if (err.status === 403) {
    const said = trendyolErrorMessages(err.body);
    return new IntegrError(
      'REMOTE_AUTH',
      `${ctx.name}: Trendyol denied access (HTTP 403${said.length ? `: ${said.join('; ')}` : ''}); it does so when the User-Agent header is missing or wrong`,
      {
        cause: err,
        hint: `integr sends "User-Agent: ${ctx.userAgent}"; Trendyol requires "{sellerId} - SelfIntegration" or "{sellerId} - {IntegratorName}" (letters and digits, at most 30): check sellerId and integrator, and that the credentials belong to seller ${ctx.sellerId}`,
      },
    );
  }
  if (err.status === 503 && isStage(ctx.baseUrl)) {
    return new IntegrError('REMOTE_AUTH', `${ctx.name}: the Trendyol stage gateway answered 503 (it does so for IP addresses that are not whitelisted)`, {
      cause: err,
      hint: 'ask Trendyol (call centre or ticket) to whitelist this machine’s IP for stage, or use the production baseUrl',
    });
  }
  return undefined;
}
