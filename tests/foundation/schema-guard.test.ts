import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";

const db = useTestDatabase();

describe("schema guard", () => {
  it("has row level security enabled on every table in public", async () => {
    const rows = await db.sql`
      select relname from pg_class
       where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relrowsecurity
    `;
    expect(rows.map((row) => row.relname)).toEqual([]);
  });

  it("grants nothing to anon: no table, column, sequence, function or private schema privilege", async () => {
    const rows = await db.sql`
      select format('table %s %s', c.oid::regclass, p.priv) as grant
        from pg_class c
        cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(priv)
       where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
         and c.relkind in ('r', 'p', 'v', 'm', 'f')
         and has_table_privilege('anon', c.oid, p.priv)
      union all
      select format('column %s.%s %s', a.attrelid::regclass, a.attname, p.priv)
        from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) as p(priv)
       where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
         and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
         and has_column_privilege('anon', a.attrelid, a.attnum, p.priv)
      union all
      select format('sequence %s', c.oid::regclass)
        from pg_class c
       where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
         and case when c.relkind = 'S' then has_sequence_privilege('anon', c.oid, 'USAGE,SELECT,UPDATE') end
      union all
      select format('function %s', p.oid::regprocedure)
        from pg_proc p
       where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
         and has_function_privilege('anon', p.oid, 'EXECUTE')
      union all
      select 'schema private' where has_schema_privilege('anon', 'private', 'USAGE')
    `;
    expect(rows.map((row) => row.grant)).toEqual([]);
  });

  it("fixes the search_path of every function in public and private", async () => {
    const rows = await db.sql`
      select p.oid::regprocedure::text as fn
        from pg_proc p
       where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
         and not exists (select from unnest(coalesce(p.proconfig, '{}')) as setting where setting like 'search_path=%')
    `;
    expect(rows.map((row) => row.fn)).toEqual([]);
  });

  it("lets neither anon nor PUBLIC execute a security definer function", async () => {
    const rows = await db.sql`
      select p.oid::regprocedure::text as fn
        from pg_proc p
       where p.prosecdef
         and p.pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
         and (
           has_function_privilege('anon', p.oid, 'EXECUTE')
           or p.proacl is null
           or exists (select from aclexplode(p.proacl) as acl where acl.grantee = 0 and acl.privilege_type = 'EXECUTE')
         )
    `;
    expect(rows.map((row) => row.fn)).toEqual([]);
  });
});
