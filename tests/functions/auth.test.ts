import { type Claims, createSigningKeys, LOCAL_AUTH_ISSUER, type SigningKeys, signToken } from "@comarapa/local-stack";
import { importJWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { parseEnv, WELL_KNOWN_LOCAL_JWT_SECRET } from "../../supabase/functions/_shared/env.ts";
import { anon, claimsOf, serviceRole, testKeys, tokenFor } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, type ProductFixture } from "../helpers/fixtures.ts";
import {
  expectError,
  get,
  type InProcess,
  postJson,
  read,
  type Sale,
  useInProcessApps,
  useUsers,
  writesNothing,
} from "./support.ts";

/**
 * JWT verification in the function: ES256 tokens against SUPABASE_JWKS and
 * legacy HS256 tokens against SUPABASE_JWT_SECRET; a function configured with
 * only one of them refuses the other kind; every forged or unusable token is
 * 401 and writes nothing.
 */

const db = useTestDatabase();
const both = useInProcessApps(db);
const jwksOnly = useInProcessApps(db, (keys) => ({ jwks: keys.jwks }));
const secretOnly = useInProcessApps(db, (keys) => ({ jwtSecret: keys.jwtSecret }));
const users = useUsers(db);
let product: ProductFixture;
let otherKeys: SigningKeys;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 1000 });
  otherKeys = await createSigningKeys();
});

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function withoutClaim(claims: Claims, name: string): Claims {
  const { [name]: _dropped, ...rest } = claims;
  return rest as Claims;
}

/** A correctly signed token with exactly these times (signToken always sets `iat` now and an `exp`). */
async function signedAt(alg: "ES256" | "HS256", times: { iat: number; exp?: number }): Promise<string> {
  const keys = testKeys();
  const jwt = new SignJWT({ ...claimsOf(users.staff), ...times })
    .setIssuer(LOCAL_AUTH_ISSUER)
    .setProtectedHeader(alg === "HS256" ? { alg, typ: "JWT" } : { alg, typ: "JWT", kid: keys.privateJwk.kid });
  return alg === "HS256"
    ? jwt.sign(new TextEncoder().encode(keys.jwtSecret))
    : jwt.sign(await importJWK(keys.privateJwk, "ES256"));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function sellWith(apps: InProcess, token: string) {
  return postJson(apps.sales, "/sales", { items: [{ product_id: product.id, quantity: 1 }] }, { as: token });
}

async function soldBy(apps: InProcess, token: string): Promise<Sale> {
  const { status, body, text } = await read<Sale>(await sellWith(apps, token));
  expect(status, text).toBe(201);
  return body.data as Sale;
}

describe("both kinds of token", () => {
  it("an ES256 token (SUPABASE_JWKS) and a legacy HS256 token (SUPABASE_JWT_SECRET) both work", async () => {
    const es = await soldBy(both, await tokenFor(users.staff, { alg: "ES256" }));
    const hs = await soldBy(both, await tokenFor(users.staff2, { alg: "HS256" }));
    expect([es.created_by, hs.created_by]).toEqual([users.staff.id, users.staff2.id]);
    for (const alg of ["ES256", "HS256"] as const) {
      const res = await get(both.reports, "/reports/low-stock", { as: users.viewer, alg });
      expect(res.status).toBe(200);
    }
  });

  it("configured with SUPABASE_JWKS only: ES256 works, HS256 is 401", async () => {
    expect((await soldBy(jwksOnly, await tokenFor(users.staff, { alg: "ES256" }))).created_by).toBe(users.staff.id);
    await writesNothing(db.sql, async () =>
      expectError(sellWith(jwksOnly, await tokenFor(users.staff, { alg: "HS256" })), 401, "UNAUTHORIZED"),
    );
    await expectError(
      get(jwksOnly.reports, "/reports/low-stock", { as: users.viewer, alg: "HS256" }),
      401,
      "UNAUTHORIZED",
    );
  });

  it("configured with SUPABASE_JWT_SECRET only: HS256 works, ES256 is 401", async () => {
    expect((await soldBy(secretOnly, await tokenFor(users.staff, { alg: "HS256" }))).created_by).toBe(users.staff.id);
    await writesNothing(db.sql, async () =>
      expectError(sellWith(secretOnly, await tokenFor(users.staff, { alg: "ES256" })), 401, "UNAUTHORIZED"),
    );
    await expectError(
      get(secretOnly.reports, "/reports/low-stock", { as: users.viewer, alg: "ES256" }),
      401,
      "UNAUTHORIZED",
    );
  });
});

describe("forged and unusable tokens are 401 and write nothing", () => {
  const forgeries: [string, () => Promise<string>][] = [
    [
      "ES256 signed with another key under the same kid",
      () =>
        signToken(
          { ...otherKeys, privateJwk: { ...otherKeys.privateJwk, kid: testKeys().privateJwk.kid } },
          claimsOf(users.staff),
        ),
    ],
    ["ES256 signed with another key and kid", () => signToken(otherKeys, claimsOf(users.staff))],
    [
      "HS256 signed with a wrong secret",
      () =>
        signToken(
          { ...testKeys(), jwtSecret: "not-the-secret-but-at-least-thirty-two-characters" },
          claimsOf(users.staff),
          { alg: "HS256" },
        ),
    ],
    [
      "HS256 signed with the public key set as the secret (algorithm confusion)",
      () =>
        signToken({ ...testKeys(), jwtSecret: JSON.stringify(testKeys().jwks) }, claimsOf(users.staff), {
          alg: "HS256",
        }),
    ],
    [
      "alg none",
      async () => {
        const now = Math.floor(Date.now() / 1000);
        return `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ ...claimsOf(users.staff), iat: now, exp: now + 3600 })}.`;
      },
    ],
    ["expired ES256", () => tokenFor(users.staff, { expiresIn: -60 })],
    ["expired HS256", () => tokenFor(users.staff, { alg: "HS256", expiresIn: -60 })],
    [
      "a valid signature over a payload changed afterwards",
      async () => {
        const [header, , signature] = (await tokenFor(users.viewer)).split(".");
        const now = Math.floor(Date.now() / 1000);
        return `${header}.${base64url({ ...claimsOf(users.staff), iat: now, exp: now + 3600 })}.${signature}`;
      },
    ],
    ["role postgres", () => signToken(testKeys(), { ...claimsOf(users.staff), role: "postgres" })],
    ["role supabase_admin", () => signToken(testKeys(), { ...claimsOf(users.staff), role: "supabase_admin" })],
    [
      "role authenticator (HS256)",
      () => signToken(testKeys(), { ...claimsOf(users.staff), role: "authenticator" }, { alg: "HS256" }),
    ],
    [
      "role staff (a store role, not an API role)",
      () => signToken(testKeys(), { ...claimsOf(users.staff), role: "staff" }),
    ],
    [
      "no role claim",
      () => {
        const { role: _role, ...claims } = claimsOf(users.staff);
        return signToken(testKeys(), claims as Claims);
      },
    ],
    ["another audience", () => signToken(testKeys(), { ...claimsOf(users.staff), aud: "https://other.example.com" })],
    ["no audience", () => signToken(testKeys(), withoutClaim(claimsOf(users.staff), "aud"))],
    [
      "a foreign issuer",
      () => signToken(testKeys(), claimsOf(users.staff), { issuer: "https://otro-proyecto.supabase.co/auth/v1" }),
    ],
    ["no expiry (ES256)", () => signedAt("ES256", { iat: nowSeconds() })],
    ["no expiry (HS256)", () => signedAt("HS256", { iat: nowSeconds() })],
    [
      "issued a year ahead",
      () => signedAt("ES256", { iat: nowSeconds() + 365 * 24 * 3600, exp: nowSeconds() + 400 * 24 * 3600 }),
    ],
    ["a sub that is not a user id", () => signToken(testKeys(), { ...claimsOf(users.staff), sub: "admin" })],
    ["not a JWT", async () => "definitely-not-a-token"],
    ["a JWT with a garbage header", async () => `${Buffer.from("{{").toString("base64url")}.e30.sig`],
  ];

  it.each(forgeries)("%s", async (_name, forge) => {
    const token = await forge();
    const error = await writesNothing(db.sql, () => expectError(sellWith(both, token), 401, "UNAUTHORIZED"));
    expect(error.details).toBeNull();
    await expectError(get(both.reports, "/reports/low-stock", { as: token }), 401, "UNAUTHORIZED");
    await expectError(get(both.sales, `/sales/${crypto.randomUUID()}`, { as: token }), 401, "UNAUTHORIZED");
  });

  it("a token that is not valid yet (nbf in the future) is 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await signToken(testKeys(), { ...claimsOf(users.staff), nbf: now + 600 });
    await writesNothing(db.sql, () => expectError(sellWith(both, token), 401, "UNAUTHORIZED"));
  });
});

describe("the claims a signature does not vouch for", () => {
  it("accepts a user's token issued a few seconds ahead (clocks drift) and an API key issued by `supabase`", async () => {
    const soon = await signedAt("ES256", { iat: nowSeconds() + 30, exp: nowSeconds() + 3600 });
    expect((await soldBy(both, soon)).created_by).toBe(users.staff.id);
    const hostedKey = await signToken(testKeys(), { role: "service_role" }, { alg: "HS256", issuer: "supabase" });
    expect((await soldBy(both, hostedKey)).created_by).toBeNull();
  });
});

describe("the environment a function starts with", () => {
  const base = {
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:54322/postgres",
    SUPABASE_JWT_SECRET: WELL_KNOWN_LOCAL_JWT_SECRET,
  };

  it("refuses the well-known local HS256 secret on a project that is not local", () => {
    expect(() => parseEnv({ ...base, SUPABASE_URL: "https://abcdefghij.supabase.co" })).toThrow(
      /well-known local secret/,
    );
  });

  it.each(["http://127.0.0.1:54321", "http://localhost:54321", "http://kong:8000"])(
    "accepts it on a local stack (%s), and takes the issuer from the URL unless told",
    (url) => {
      expect(parseEnv({ ...base, SUPABASE_URL: url }).authIssuer).toBe(`${url}/auth/v1`);
      expect(parseEnv({ ...base, SUPABASE_URL: url, COMARAPA_AUTH_ISSUER: LOCAL_AUTH_ISSUER }).authIssuer).toBe(
        LOCAL_AUTH_ISSUER,
      );
    },
  );

  it("accepts a project's own secret anywhere", () => {
    const env = parseEnv({
      ...base,
      SUPABASE_URL: "https://abcdefghij.supabase.co",
      SUPABASE_JWT_SECRET: "a-project-secret-that-nobody-else-knows-0123456789",
    });
    expect(env.authIssuer).toBe("https://abcdefghij.supabase.co/auth/v1");
  });
});

describe("API roles in the token", () => {
  it("anon is 401 for sales and reports; service_role acts as the service role", async () => {
    const anonToken = await tokenFor(anon);
    await writesNothing(db.sql, () => expectError(sellWith(both, anonToken), 401, "UNAUTHORIZED"));
    await expectError(get(both.reports, "/reports/low-stock", { as: anonToken }), 401, "UNAUTHORIZED");
    await expectError(get(both.reports, "/reports/daily-summary", { as: anonToken }), 401, "UNAUTHORIZED");

    const sale = await soldBy(both, await tokenFor(serviceRole, { alg: "HS256" }));
    expect(sale.created_by).toBeNull();
  });
});
