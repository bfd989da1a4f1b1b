import { RemoteError } from '../../src/http/errors.js';

// Wix explains failures in its body: details.applicationError {code, description} for business
// errors, details.validationError.fieldViolations[] for bad requests, an empty shell for 5xx
// (api notes §1.5). These helpers turn that into one readable line.

interface WixErrorBody {
  message?: unknown;
  details?: {
    applicationError?: { code?: unknown; description?: unknown };
    validationError?: { fieldViolations?: Array<{ field?: unknown; description?: unknown }> };
  };
}

/** "CODE: description" / "field: description; ..." / the message, from a Wix error body; '' when it says nothing. */
export function wixErrorDetail(body: string | undefined): string {
  if (!body) return '';
  let parsed: WixErrorBody;
  try {
    parsed = JSON.parse(body) as WixErrorBody;
  } catch {
    return body.replace(/\s+/g, ' ').trim().slice(0, 200);
  }
  if (!parsed || typeof parsed !== 'object') return '';
  const app = parsed.details?.applicationError;
  if (app && (app.code || app.description)) return [app.code, app.description].filter(Boolean).map(String).join(': ');
  const violations = parsed.details?.validationError?.fieldViolations;
  if (Array.isArray(violations) && violations.length > 0) {
    return violations.map((v) => [v.field, v.description].filter(Boolean).map(String).join(': ')).join('; ');
  }
  return typeof parsed.message === 'string' ? parsed.message : '';
}

/** A short reason for an item outcome: "HTTP 400 INVENTORY_NOT_TRACKED: ...". */
export function wixReason(err: RemoteError): string {
  if (err.status === undefined) return err.message;
  const detail = wixErrorDetail(err.body);
  return `HTTP ${err.status}${detail ? ` ${detail}` : ''}`;
}

/**
 * Re-throw a client error with the action and Wix's own explanation in the message, keeping
 * code, status, body and the sent/outcomeUnknown flags.
 */
export function wixError(err: unknown, channel: string, action: string, siteId: string): unknown {
  if (!(err instanceof RemoteError) || err.status === undefined) return err;
  const detail = wixErrorDetail(err.body);
  const hint =
    err.status === 401
      ? `check channels.${channel}.apiKey (an API key from the Wix API Keys Manager with Wix Stores permissions)`
      : err.status === 403
        ? `check channels.${channel}.siteId (${siteId}) and that the API key may access that site`
        : err.status === 428
          ? `the site runs the other catalog version; set channels.${channel}.catalog to auto`
          : err.hint;
  const what =
    err.status === 401 ? 'the API key was refused'
    : err.status === 403 ? 'access to the site was refused'
    : err.status === 429 ? 'throttled by Wix (retries exhausted)'
    : err.status >= 500 ? 'Wix failed with a server error'
    : err.status < 400 ? 'Wix answered with a body that is not the JSON its API documents'
    : 'Wix refused the request';
  return new RemoteError(err.code, `${channel}: ${action}: ${what} (HTTP ${err.status}${detail ? ` ${detail}` : ''})`, {
    status: err.status,
    body: err.body,
    sent: err.sent,
    outcomeUnknown: err.outcomeUnknown,
    hint,
    cause: err,
  });
}
