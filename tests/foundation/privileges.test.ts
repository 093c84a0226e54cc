import { migrateDatabase } from "@comarapa/local-stack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, dropTestDatabase, type Sql, type TestDatabase } from "../helpers/db.ts";

/** Every effective privilege the API roles (and PUBLIC, through them) hold on our schemas. */
async function privileges(sql: Sql): Promise<string[]> {
  const rows = await sql<{ line: string }[]>`
    with roles(name) as (values ('anon'), ('authenticated'), ('service_role')),
    schemas(oid) as (values ('public'::regnamespace), ('private'::regnamespace))
    select format('%s table %s %s', r.name, c.oid::regclass, p.priv) as line
      from pg_class c cross join roles r
      cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(priv)
     where c.relnamespace in (select oid from schemas) and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and has_table_privilege(r.name, c.oid, p.priv)
    union all
    select format('%s column %s.%s %s', r.name, a.attrelid::regclass, a.attname, p.priv)
      from pg_attribute a join pg_class c on c.oid = a.attrelid cross join roles r
      cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'REFERENCES']) as p(priv)
     where c.relnamespace in (select oid from schemas) and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and a.attnum > 0 and not a.attisdropped
       and has_column_privilege(r.name, a.attrelid, a.attnum, p.priv)
    union all
    select format('%s sequence %s %s', r.name, c.oid::regclass, p.priv)
      from pg_class c cross join roles r cross join unnest(array['USAGE', 'SELECT', 'UPDATE']) as p(priv)
     where c.relnamespace in (select oid from schemas)
       and case when c.relkind = 'S' then has_sequence_privilege(r.name, c.oid, p.priv) end
    union all
    select format('%s function %s', r.name, f.oid::regprocedure)
      from pg_proc f cross join roles r
     where f.pronamespace in (select oid from schemas) and has_function_privilege(r.name, f.oid, 'EXECUTE')
    union all
    select format('%s schema %s', r.name, s.oid::regnamespace)
      from schemas s cross join roles r where has_schema_privilege(r.name, s.oid, 'USAGE')
    order by 1
  `;
  return rows.map((row) => row.line);
}

let strict: TestDatabase;
let legacy: TestDatabase;

beforeAll(async () => {
  strict = await createTestDatabase();
  legacy = await createTestDatabase({ template: "template1" });
  await migrateDatabase(legacy.url, "legacy");
});
afterAll(async () => {
  await dropTestDatabase(strict);
  await dropTestDatabase(legacy);
});

describe("default privileges", () => {
  it("really differ between the two bootstrap modes (the comparison below means something)", async () => {
    const count = async (sql: Sql) =>
      (await sql`select count(*)::int as n from pg_default_acl where defaclnamespace = 'public'::regnamespace`)[0]
        ?.n as number;
    expect(await count(strict.sql)).toBe(0);
    expect(await count(legacy.sql)).toBeGreaterThan(0);
  });

  it("end with identical effective privileges whether new objects are auto-granted (legacy) or not (strict)", async () => {
    const fromStrict = await privileges(strict.sql);
    expect(fromStrict.length).toBeGreaterThan(0);
    expect(await privileges(legacy.sql)).toEqual(fromStrict);
  });
});
