import { type Claims, type SigningKeys, type SignOptions, signToken } from "./keys.ts";
import { withConnection } from "./postgres.ts";

export interface DemoUser {
  id: string;
  email: string;
  role: string | null;
  token: string;
}

/** The claims GoTrue puts in a signed-in user's access token (before the hook). */
export function userClaims(user: { id: string; email: string | null }): Claims {
  return {
    aud: "authenticated",
    sub: user.id,
    email: user.email ?? "",
    phone: "",
    role: "authenticated",
    aal: "aal1",
    amr: [{ method: "password", timestamp: Math.floor(Date.now() / 1000) }],
    session_id: crypto.randomUUID(),
    is_anonymous: false,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {},
  };
}

/**
 * Signs an access token for every user in `auth.users`, passing the claims
 * through `public.custom_access_token_hook` when the schema has it, as GoTrue
 * does on sign-in (there is no GoTrue here).
 */
export async function demoUserTokens(dbUrl: string, keys: SigningKeys, options: SignOptions = {}): Promise<DemoUser[]> {
  return withConnection(dbUrl, async (sql) => {
    const [{ hook }] = (await sql`
      select to_regprocedure('public.custom_access_token_hook(jsonb)') is not null as hook
    `) as unknown as [{ hook: boolean }];
    const users = await sql<{ id: string; email: string }[]>`
      select id::text, email from auth.users where deleted_at is null order by email
    `;
    const result: DemoUser[] = [];
    for (const user of users) {
      let claims = userClaims(user);
      if (hook) {
        const event = { user_id: user.id, claims, authentication_method: "password" };
        const [row] = await sql<{ out: { claims: Claims } }[]>`
          select public.custom_access_token_hook(${sql.json(event as never)}) as out
        `;
        claims = row?.out.claims ?? claims;
      }
      result.push({
        id: user.id,
        email: user.email,
        role: typeof claims.user_role === "string" ? claims.user_role : null,
        token: await signToken(keys, claims, options),
      });
    }
    return result;
  });
}

/** The legacy `anon` and `service_role` API keys, HS256-signed as `supabase start` prints them. */
export async function apiKeys(keys: SigningKeys): Promise<{ anon: string; serviceRole: string }> {
  const tenYears = 10 * 365 * 24 * 3600;
  return {
    anon: await signToken(keys, { role: "anon" }, { alg: "HS256", expiresIn: tenYears }),
    serviceRole: await signToken(keys, { role: "service_role" }, { alg: "HS256", expiresIn: tenYears }),
  };
}
