// Wix's standard error bodies (api notes §1.5): applicationError for business failures,
// validationError with fieldViolations for bad requests, an empty shell for 5xx.

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function applicationError(status: number, message: string, code: string, description: string, data: Record<string, unknown> = {}): FakeResponse {
  return { status, body: { message, details: { applicationError: { code, description, data } } } };
}

export function validationError(field: string, description: string, violatedRule = 'VALIDATION', data: Record<string, unknown> = {}): FakeResponse {
  return {
    status: 400,
    body: { message: `${field}: ${description}`, details: { validationError: { fieldViolations: [{ field, description, violatedRule, ruleName: violatedRule, data }] } } },
  };
}

export function systemError(status = 500): FakeResponse {
  return { status, body: { message: '', details: {} } };
}

export function ok(body: unknown): FakeResponse {
  return { status: 200, body };
}
