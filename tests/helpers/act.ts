import { type SigningKeys, signToken } from "@comarapa/local-stack";
import { type Actor, claimsOf } from "@comarapa/testkit";
import { inject } from "vitest";

export { type Actor, actAs, anon, claimsOf, rpcAs, serviceRole } from "@comarapa/testkit";

/** This run's signing keys (made once by the global setup). */
export function testKeys(): SigningKeys {
  return JSON.parse(inject("signingKeys")) as SigningKeys;
}

/** An access token for `actor`, signed with this run's keys (ES256 unless told). */
export function tokenFor(actor: Actor, options: { alg?: "ES256" | "HS256"; expiresIn?: number } = {}) {
  return signToken(testKeys(), claimsOf(actor), options);
}
