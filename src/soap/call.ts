import type { HttpClient } from '../http/client.js';
import { RemoteError, bodySnippet } from '../http/errors.js';
import { looksLikeCredentialRefusal } from '../shipments/carrier-text.js';
import { parseSoap, XmlParseError, type SoapMessage } from './parse.js';

export interface SoapCall {
  /** Carrier name for messages ("yurtici: ..."). */
  name: string;
  /** Path of the service endpoint on the client's origin. */
  path: string;
  operation: string;
  /** SOAPAction header value (quoted when sent); '' for services that route on the body. */
  soapAction: string;
  envelope: string;
  /** Reads are idempotent (retried on 5xx); creates are not (an unclear answer is re-read instead). */
  idempotent: boolean;
  /** Elements that are lists in the response, even with one entry. */
  arrays?: readonly string[];
  signal?: AbortSignal;
}

/**
 * POST one SOAP request and parse the answer. A SOAP fault becomes a RemoteError naming the
 * operation and the fault's text (refused credentials as REMOTE_AUTH, exit 5), whether it came with
 * HTTP 500 (the SOAP rule) or 200. A 2xx body that is not a readable envelope is an error whose
 * outcome is unknown: the carrier answered, but what it did cannot be read.
 */
export async function soapCall(client: HttpClient, call: SoapCall): Promise<SoapMessage> {
  let text: string;
  try {
    const res = await client.request<string>({
      method: 'POST',
      path: call.path,
      body: call.envelope,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${call.soapAction}"`, accept: 'text/xml' },
      idempotent: call.idempotent,
      responseType: 'text',
      signal: call.signal,
    });
    text = res.text;
  } catch (err) {
    if (err instanceof RemoteError && err.status !== undefined && err.body) {
      let fault: string | null = null;
      try {
        fault = parseSoap(err.body, call.arrays, { lenient: true }).fault?.message ?? null;
      } catch {
        // Not a SOAP envelope (a gateway's HTML page): the HTTP client's own error says enough.
      }
      if (fault !== null) throw faultError(call, fault, err);
    }
    throw err;
  }
  let msg: SoapMessage;
  try {
    msg = parseSoap(text, call.arrays);
  } catch (err) {
    const why = err instanceof XmlParseError ? err.message : String(err);
    throw new RemoteError('REMOTE_ERROR', `${call.name}: ${call.operation} answered with something that is not a SOAP envelope (${why}): ${bodySnippet(text, 160)}`, {
      status: 200,
      body: text,
      sent: true,
      outcomeUnknown: true,
    });
  }
  if (msg.fault) throw faultError(call, msg.fault.message);
  return msg;
}

function faultError(call: SoapCall, faultText: string, from?: RemoteError): RemoteError {
  const auth = looksLikeCredentialRefusal(faultText);
  return new RemoteError(auth ? 'REMOTE_AUTH' : 'REMOTE_ERROR', `${call.name}: ${call.operation} failed with a SOAP fault: ${bodySnippet(faultText, 300)}`, {
    status: from?.status ?? 200,
    body: from?.body,
    sent: true,
    // A fault is the server saying it did not do the operation; an HTTP 5xx without a fault would be unclear.
    outcomeUnknown: false,
    hint: auth ? `check the ${call.name} credentials in the config` : undefined,
    cause: from,
  });
}

/** The operation's response element (e.g. createShipmentResponse), or a clear error when it is missing. */
export function responseElement(msg: SoapMessage, call: Pick<SoapCall, 'name' | 'operation'>, element: string): Record<string, unknown> {
  const el = msg.body[element];
  if (el === undefined || el === null || typeof el !== 'object' || Array.isArray(el)) {
    if (el === '') return {};
    throw new RemoteError('REMOTE_ERROR', `${call.name}: ${call.operation} answered without ${element}`, { status: 200, sent: true, outcomeUnknown: true });
  }
  return el as Record<string, unknown>;
}
