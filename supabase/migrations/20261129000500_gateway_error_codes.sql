-- The local Edge Functions gateway (packages/local-stack/src/functions.ts)
-- answers two codes of its own, in the functions' error envelope: 404
-- FUNCTION_NOT_FOUND for a name no function has, and 502 BAD_GATEWAY while a
-- function's Deno process is down (it is being restarted) or broke off its
-- answer. They belong to the one catalogue like every other code, and
-- private.error_codes is that catalogue in the database (a test keeps it
-- equal to supabase/functions/_shared/error-codes.ts and docs/error_codes.md).
-- No SQL raises them; private.raise simply knows them too.

-- =============================================================================
-- The gateway's codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('FUNCTION_NOT_FOUND', 404, 'No Edge Function has that name.'),
  ('BAD_GATEWAY', 502, 'The Edge Function is not running or broke off its answer; retry shortly.');
