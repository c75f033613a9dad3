// The answers every stand-in for the Teczka API gives in these tests, in the contract's shapes
// (docs/api-contract.md): a JSON body, a refusal in the error shape, and a sign-in.
import type { Role } from '../../src/contract';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A refusal in the API's error shape: `{error: {code, message: {pl, en}, details}}`. */
export function refusal(
  status: number,
  code: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message: { pl: `Błąd: ${code}`, en: `Error: ${code}` }, details } }, headers);
}

export interface TestUser {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit: string;
}

/**
 * The answer to `POST /api/auth/login` for `user`: the access token `tok` for an hour, unless
 * `tokens` says otherwise (a shorter expiry, a refresh token).
 */
export function signedIn(user: TestUser, tokens: Record<string, unknown> = {}): Response {
  return json(200, { access_token: 'tok', token_type: 'bearer', expires_in: 3600, ...tokens, user });
}
