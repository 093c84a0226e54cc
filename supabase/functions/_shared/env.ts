import { z } from "zod";

/**
 * The environment Supabase gives every Edge Function, parsed once. This is the
 * only module that reads the process environment.
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
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment of the running Deno process (`serve` calls it once, at start). */
export function loadEnv(): Env {
  const parsed = EnvSchema.safeParse(Deno.env.toObject());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid Edge Function environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}
