export { type Actor, actAs, anon, callerOf, claimsOf, rpcAs, serviceRole, type UserActor, user } from "./actors.ts";
export { asCaller, type CallerContext, rpc, type Tx } from "./postgrest.ts";
export { Random, seedFromEnv } from "./random.ts";
