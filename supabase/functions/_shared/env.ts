import { z } from "zod";

/**
 * The environment Supabase gives every Edge Function, parsed once at start
 * (`serve` reads it; nothing else reads the process environment).
 */
const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

const EnvSchema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_DB_URL: z.string().min(1),
  /** The project's public signing keys, `{"keys": [...]}` (asymmetric JWTs). */
  SUPABASE_JWKS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text) return undefined;
      try {
        return JwksSchema.parse(JSON.parse(text));
      } catch {
        ctx.addIssue({ code: "custom", message: 'SUPABASE_JWKS must be a JSON key set {"keys": [...]}' });
        return z.NEVER;
      }
    }),
  /** The legacy HS256 secret, when the project still signs with it. */
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  /**
   * The `iss` of the project's access tokens, when it is not
   * `<SUPABASE_URL>/auth/v1` (under `supabase start` the functions see
   * `http://kong:8000` while Auth signs as `http://127.0.0.1:54321/auth/v1`).
   */
  COMARAPA_AUTH_ISSUER: z.url().optional(),
  /** The vision model's key (a function secret: `supabase secrets set GEMINI_API_KEY=…`); without it no invoice is read. */
  GEMINI_API_KEY: z.string().min(1).optional(),
  /** The model that reads invoices (default DEFAULT_VISION_MODEL). */
  GEMINI_MODEL: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "a model name such as gemini-2.5-flash")
    .optional(),
  /** Where the Gemini REST API is (default its public address; a test points it at a local stand-in). */
  GEMINI_API_BASE_URL: z.url().optional(),
});

/** The model that reads invoices unless GEMINI_MODEL names another. */
const DEFAULT_VISION_MODEL = "gemini-2.5-flash";
/** The public address of the Gemini REST API. */
const GEMINI_API_BASE_URL = "https://generativelanguage.googleapis.com";

/** How the functions reach the vision model that reads invoices. */
export interface VisionSettings {
  /** Absent: no model is configured (the import answers AI_NOT_CONFIGURED). */
  apiKey?: string;
  model: string;
  baseUrl: string;
}

/**
 * The HS256 secret every `supabase start` uses (and this project's local
 * stack): public knowledge, so a token signed with it proves nothing outside
 * a machine of one's own.
 */
export const WELL_KNOWN_LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

/** Hosts a local stack serves from: ours (127.0.0.1, localhost) and `supabase start`'s (kong, host.docker.internal). */
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "kong", "host.docker.internal"]);

interface Env {
  dbUrl: string;
  jwks?: { keys: Record<string, unknown>[] };
  jwtSecret?: string;
  /** The `iss` the functions accept in a user's token. */
  authIssuer: string;
  vision: VisionSettings;
}

/**
 * The environment Supabase gives a function, checked. It refuses the
 * well-known local HS256 secret unless the stack says it is local: its
 * SUPABASE_URL is a local host.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid Edge Function environment: ${problems.join("; ")}`);
  }
  const env = parsed.data;
  const host = new URL(env.SUPABASE_URL).hostname;
  if (env.SUPABASE_JWT_SECRET === WELL_KNOWN_LOCAL_JWT_SECRET && !LOCAL_HOSTS.has(host)) {
    throw new Error(
      `invalid Edge Function environment: SUPABASE_JWT_SECRET is the well-known local secret, and ${host} is not a local stack`,
    );
  }
  return {
    dbUrl: env.SUPABASE_DB_URL,
    jwks: env.SUPABASE_JWKS,
    jwtSecret: env.SUPABASE_JWT_SECRET,
    authIssuer: env.COMARAPA_AUTH_ISSUER ?? `${env.SUPABASE_URL.replace(/\/+$/, "")}/auth/v1`,
    vision: {
      apiKey: env.GEMINI_API_KEY,
      model: env.GEMINI_MODEL ?? DEFAULT_VISION_MODEL,
      baseUrl: (env.GEMINI_API_BASE_URL ?? GEMINI_API_BASE_URL).replace(/\/+$/, ""),
    },
  };
}
