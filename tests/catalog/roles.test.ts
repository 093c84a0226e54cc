/**
 * Who has which role: only an admin grants, changes or removes roles, nobody
 * changes their own, a change applies on the caller's very next request, the
 * access-token hook adds a `user_role` claim for front ends, and no policy
 * trusts that claim.
 */

import { asCaller, type CallerContext, rpc, type Tx } from "@comarapa/testkit";
import { describe, expect, it } from "vitest";
import { type Actor, actAs, anon, claimsOf, serviceRole } from "../helpers/act.ts";
import { type Sql, useTestDatabase } from "../helpers/db.ts";
import { type AppRole, createProduct, createUser, useRoleUsers } from "../helpers/fixtures.ts";
import {
  expectAppError,
  expectPermissionDenied,
  expectRlsViolation,
  restoreStoreSettings,
  storeSettings,
  uniqueCode,
} from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

type User = Actor & { kind: "user" };

async function roleRow(userId: string) {
  const [row] = await db.sql<{ role: AppRole; granted_by: string | null; created_at: Date; updated_at: Date }[]>`
    select role, granted_by, created_at, updated_at from public.user_roles where user_id = ${userId}
  `;
  return row ?? null;
}

describe("granting, changing and removing roles", () => {
  it("lets an admin grant a role to a user who has none, recording which admin granted it", async () => {
    const target = await createUser(db.sql, null, "newhire");
    const [row] = await actAs(
      db.sql,
      users.admin,
      (tx) =>
        tx`insert into public.user_roles (user_id, role) values (${target.id}, 'staff') returning role, granted_by`,
    );
    expect(row).toEqual({ role: "staff", granted_by: users.admin.id });
  });

  it("lets an admin change another user's role and then remove it, stamping granted_by and updated_at", async () => {
    const target = await createUser(db.sql, "staff", "promoted");
    await db.sql`update public.user_roles set updated_at = '2020-01-01' where user_id = ${target.id}`;
    const changed = await actAs(db.sql, users.admin, async (tx) => {
      const [row] = await tx`
        update public.user_roles set role = 'manager' where user_id = ${target.id} returning role, granted_by, updated_at
      `;
      const [now] = await tx`select now() as now`;
      return { ...row, now: now?.now };
    });
    expect(changed).toEqual({ role: "manager", granted_by: users.admin.id, updated_at: changed.now, now: changed.now });
    const removed = await actAs(
      db.sql,
      users.admin,
      (tx) => tx`delete from public.user_roles where user_id = ${target.id} returning user_id`,
    );
    expect(removed).toEqual([{ user_id: target.id }]);
    expect(await roleRow(target.id)).toBeNull();
  });

  it("refuses every role but admin the power to grant a role, even the lowest one (42501 row level security)", async () => {
    for (const actor of [users.manager, users.staff, users.viewer, users.noRole]) {
      const target = await createUser(db.sql, null, "target");
      await expectRlsViolation(
        actAs(db.sql, actor, (tx) => tx`insert into public.user_roles (user_id, role) values (${target.id}, 'viewer')`),
      );
      expect(await roleRow(target.id)).toBeNull();
    }
  });

  it("refuses a manager promoting anyone to admin: the change affects no row and the role stays", async () => {
    const colleague = await createUser(db.sql, "staff", "colleague");
    const updated = await actAs(
      db.sql,
      users.manager,
      (tx) => tx`update public.user_roles set role = 'admin' where user_id in (${colleague.id}, ${users.manager.id})`,
    );
    expect(updated.count).toBe(0);
    expect((await roleRow(colleague.id))?.role).toBe("staff");
    expect((await roleRow(users.manager.id))?.role).toBe("manager");
  });

  it("refuses writing user_id, granted_by or the timestamps of a role row, even to an admin (42501: not granted)", async () => {
    const target = await createUser(db.sql, "viewer", "target");
    const other = await createUser(db.sql, null, "other");
    const before = await roleRow(target.id);
    await expectPermissionDenied(
      actAs(
        db.sql,
        users.admin,
        (tx) => tx`update public.user_roles set user_id = ${other.id} where user_id = ${target.id}`,
      ),
    );
    await expectPermissionDenied(
      actAs(
        db.sql,
        users.admin,
        (tx) => tx`update public.user_roles set granted_by = ${users.manager.id} where user_id = ${target.id}`,
      ),
    );
    await expectPermissionDenied(
      actAs(
        db.sql,
        users.admin,
        (tx) => tx`
          insert into public.user_roles (user_id, role, granted_by) values (${other.id}, 'viewer', ${users.manager.id})
        `,
      ),
    );
    await expectPermissionDenied(
      actAs(
        db.sql,
        serviceRole,
        (tx) => tx`update public.user_roles set created_at = '2020-01-01' where user_id = ${target.id}`,
      ),
    );
    expect(await roleRow(target.id)).toEqual(before);
    expect(await roleRow(other.id)).toBeNull();
  });
});

describe("nobody can change their own role", () => {
  it("refuses an admin changing their own role with PT403 CANNOT_CHANGE_OWN_ROLE", async () => {
    const admin = await createUser(db.sql, "admin", "self");
    await expectAppError(
      actAs(db.sql, admin, (tx) => tx`update public.user_roles set role = 'viewer' where user_id = ${admin.id}`),
      "PT403",
      "CANNOT_CHANGE_OWN_ROLE",
    );
    expect((await roleRow(admin.id))?.role).toBe("admin");
  });

  it("refuses an admin removing their own role with PT403 CANNOT_CHANGE_OWN_ROLE", async () => {
    const admin = await createUser(db.sql, "admin", "self");
    await expectAppError(
      actAs(db.sql, admin, (tx) => tx`delete from public.user_roles where user_id = ${admin.id}`),
      "PT403",
      "CANNOT_CHANGE_OWN_ROLE",
    );
    expect((await roleRow(admin.id))?.role).toBe("admin");
  });

  it("refuses an admin rewriting their own row through an upsert (POST with on_conflict) with PT403", async () => {
    const admin = await createUser(db.sql, "admin", "self");
    await expectAppError(
      actAs(
        db.sql,
        admin,
        (tx) => tx`
          insert into public.user_roles (user_id, role) values (${admin.id}, 'viewer')
          on conflict (user_id) do update set role = excluded.role
        `,
      ),
      "PT403",
      "CANNOT_CHANGE_OWN_ROLE",
    );
    expect((await roleRow(admin.id))?.role).toBe("admin");
  });

  it("refuses a user without a role granting themselves one (PT403 CANNOT_CHANGE_OWN_ROLE), so nothing is written", async () => {
    const loner = await createUser(db.sql, null, "loner");
    await expectAppError(
      actAs(db.sql, loner, (tx) => tx`insert into public.user_roles (user_id, role) values (${loner.id}, 'admin')`),
      "PT403",
      "CANNOT_CHANGE_OWN_ROLE",
    );
    expect(await roleRow(loner.id)).toBeNull();
  });

  it("refuses a manager promoting themselves to admin: their own row is not theirs to update (no row affected)", async () => {
    const manager = await createUser(db.sql, "manager", "climber");
    const result = await actAs(
      db.sql,
      manager,
      (tx) => tx`update public.user_roles set role = 'admin' where user_id = ${manager.id}`,
    );
    expect(result.count).toBe(0);
    expect((await roleRow(manager.id))?.role).toBe("manager");
  });
});

describe("a role change takes effect on the caller's next request", () => {
  /** The caller's token, issued once while they were a manager and never refreshed. */
  function staleToken(user: User): CallerContext {
    return { role: "authenticated", claims: { ...claimsOf(user), user_role: "manager" } };
  }

  const renameAs = (caller: CallerContext, productId: string, name: string) =>
    asCaller(
      db.sql,
      caller,
      (tx) => tx`update public.products set name = ${name} where id = ${productId} returning id`,
    );

  const setRole = (user: User, role: AppRole | null) =>
    actAs(db.sql, users.admin, (tx: Tx) =>
      role
        ? tx`insert into public.user_roles (user_id, role) values (${user.id}, ${role})
             on conflict (user_id) do update set role = excluded.role`
        : tx`delete from public.user_roles where user_id = ${user.id}`,
    );

  it("refuses a demoted manager's next write, without a token refresh, and restores it when promoted again", async () => {
    const user = await createUser(db.sql, "manager", "demoted");
    const token = staleToken(user);
    const product = await createProduct(db.sql);

    expect(await renameAs(token, product.id, "Como gerente")).toHaveLength(1);

    await setRole(user, "viewer");
    expect(await renameAs(token, product.id, "Como visor")).toHaveLength(0);
    await expectRlsViolation(
      asCaller(db.sql, token, (tx) => tx`insert into public.products (sku, name) values (${uniqueCode("D")}, 'No')`),
    );
    await expectAppError(
      asCaller(db.sql, token, (tx) => rpc(tx, "register_stock_exit", { product_id: product.id, quantity: 1 })),
      "PT403",
      "FORBIDDEN",
    );
    expect((await db.sql`select name from public.products where id = ${product.id}`)[0]?.name).toBe("Como gerente");
    // Still a viewer: reads work.
    expect(
      await asCaller(db.sql, token, (tx) => tx`select id from public.products where id = ${product.id}`),
    ).toHaveLength(1);

    await setRole(user, "manager");
    expect(await renameAs(token, product.id, "Gerente otra vez")).toHaveLength(1);
  });

  it("leaves a user whose role was removed with nothing to read on their next request", async () => {
    const user = await createUser(db.sql, "staff", "removed");
    const product = await createProduct(db.sql);
    const read = () => actAs(db.sql, user, (tx) => tx`select id from public.products where id = ${product.id}`);
    expect(await read()).toHaveLength(1);
    await setRole(user, null);
    expect(await read()).toHaveLength(0);
  });
});

describe("reading user_roles", () => {
  it("shows staff, managers and viewers only their own row; an admin sees every row", async () => {
    const [all] = await db.sql<{ n: number }[]>`select count(*)::int as n from public.user_roles`;
    for (const actor of [users.manager, users.staff, users.viewer]) {
      const rows = await actAs(db.sql, actor, (tx) => tx`select user_id, role from public.user_roles`, {
        readOnly: true,
      });
      expect(rows).toEqual([{ user_id: actor.id, role: actor.label }]);
    }
    const seen = await actAs(db.sql, users.admin, (tx) => tx`select count(*)::int as n from public.user_roles`);
    expect(seen[0]?.n).toBe(all?.n);
    expect(all?.n).toBeGreaterThan(4);
  });
});

describe("custom access token hook", () => {
  function hookAs(sql: Sql, role: string, event: Record<string, unknown>) {
    return sql.begin(async (tx) => {
      await tx.unsafe(`set local role ${role}`);
      const [row] = await tx<{ out: { claims: Record<string, unknown> } & Record<string, unknown> }[]>`
        select public.custom_access_token_hook(${JSON.stringify(event)}::text::jsonb) as out
      `;
      return row?.out;
    });
  }

  const eventFor = (userId: string) => ({
    user_id: userId,
    claims: { ...claimsOf(users.staff), sub: userId, custom: "kept" },
    authentication_method: "password",
  });

  it("adds the user's role as the user_role claim, keeping the event and every other claim", async () => {
    const event = eventFor(users.manager.id);
    const out = await hookAs(db.sql, "supabase_auth_admin", event);
    expect(out).toEqual({ ...event, claims: { ...event.claims, user_role: "manager" } });
  });

  it("sets user_role to null (present, not missing) for a user without a role or an unknown user", async () => {
    for (const userId of [users.noRole.id, crypto.randomUUID()]) {
      const out = await hookAs(db.sql, "supabase_auth_admin", eventFor(userId));
      expect(out?.claims).toHaveProperty("user_role", null);
    }
  });

  it("puts the new role in the next token after a role change", async () => {
    const user = await createUser(db.sql, "viewer", "hooked");
    expect((await hookAs(db.sql, "supabase_auth_admin", eventFor(user.id)))?.claims.user_role).toBe("viewer");
    await actAs(
      db.sql,
      users.admin,
      (tx) => tx`update public.user_roles set role = 'staff' where user_id = ${user.id}`,
    );
    expect((await hookAs(db.sql, "supabase_auth_admin", eventFor(user.id)))?.claims.user_role).toBe("staff");
  });

  it("is executable by supabase_auth_admin, and by neither anon, authenticated nor service_role (42501)", async () => {
    const [row] = await db.sql<Record<string, boolean>[]>`
      select has_function_privilege('supabase_auth_admin', 'public.custom_access_token_hook(jsonb)', 'execute') as auth_admin,
             has_function_privilege('anon', 'public.custom_access_token_hook(jsonb)', 'execute') as anon,
             has_function_privilege('authenticated', 'public.custom_access_token_hook(jsonb)', 'execute') as authenticated,
             has_function_privilege('service_role', 'public.custom_access_token_hook(jsonb)', 'execute') as service_role
    `;
    expect(row).toEqual({ auth_admin: true, anon: false, authenticated: false, service_role: false });
    for (const actor of [anon, users.admin, serviceRole]) {
      const error = await expectPermissionDenied(
        actAs(
          db.sql,
          actor,
          (tx) => tx`select public.custom_access_token_hook(${JSON.stringify(eventFor(users.admin.id))}::text::jsonb)`,
        ),
      );
      expect(error.message).toBe("permission denied for function custom_access_token_hook");
    }
  });

  it("lets supabase_auth_admin read user_roles but never write it", async () => {
    const [row] = await db.sql<Record<string, boolean>[]>`
      select has_table_privilege('supabase_auth_admin', 'public.user_roles', 'select') as can_select,
             has_table_privilege('supabase_auth_admin', 'public.user_roles', 'insert, update, delete, truncate') as can_write
    `;
    expect(row).toEqual({ can_select: true, can_write: false });
  });
});

describe("policies do not trust the user_role claim", () => {
  /** A viewer's request whose token claims `user_role: admin` (a forged or stale claim). */
  function forged(user: User, claim: AppRole = "admin"): CallerContext {
    return { role: "authenticated", claims: { ...claimsOf(user), user_role: claim } };
  }

  it("refuses a viewer claiming to be admin every catalog write: insert by RLS, update and delete affect nothing", async () => {
    const caller = forged(users.viewer);
    const product = await createProduct(db.sql);
    const before = await db.sql`select * from public.products where id = ${product.id}`;
    const sku = uniqueCode("F");
    await expectRlsViolation(
      asCaller(db.sql, caller, (tx) => tx`insert into public.products (sku, name) values (${sku}, 'Falso')`),
    );
    const updated = await asCaller(
      db.sql,
      caller,
      (tx) => tx`update public.products set unit_price = 0 where id = ${product.id}`,
    );
    const deleted = await asCaller(db.sql, caller, (tx) => tx`delete from public.products where id = ${product.id}`);
    expect([updated.count, deleted.count]).toEqual([0, 0]);
    expect(await db.sql`select * from public.products where id = ${product.id}`).toEqual(before);
    expect(await db.sql`select id from public.products where sku = ${sku}`).toEqual([]);
  });

  it("refuses a viewer claiming to be admin the power to grant roles, and shows them only their own role row", async () => {
    const caller = forged(users.viewer);
    const target = await createUser(db.sql, null, "target");
    await expectRlsViolation(
      asCaller(
        db.sql,
        caller,
        (tx) => tx`insert into public.user_roles (user_id, role) values (${target.id}, 'admin')`,
      ),
    );
    expect(await roleRow(target.id)).toBeNull();
    const visible = await asCaller(db.sql, caller, (tx) => tx`select user_id from public.user_roles`);
    expect(visible).toEqual([{ user_id: users.viewer.id }]);
  });

  it("refuses a viewer claiming to be admin a settings change and a manager-only RPC (PT403 FORBIDDEN)", async () => {
    const caller = forged(users.viewer);
    const settings = await storeSettings(db.sql);
    try {
      const updated = await asCaller(db.sql, caller, (tx) => tx`update public.store_settings set store_name = 'Falsa'`);
      expect(updated.count).toBe(0);
    } finally {
      await restoreStoreSettings(db.sql, settings);
    }
    const product = await createProduct(db.sql, { stock: 5 });
    await expectAppError(
      asCaller(db.sql, caller, (tx) => rpc(tx, "adjust_stock", { product_id: product.id, new_stock: 0 })),
      "PT403",
      "FORBIDDEN",
    );
    expect((await db.sql`select current_stock from public.products where id = ${product.id}`)[0]?.current_stock).toBe(
      5,
    );
  });

  it("gives a user without a role nothing, whatever user_role their token claims", async () => {
    const caller = forged(users.noRole, "admin");
    const product = await createProduct(db.sql);
    expect(await asCaller(db.sql, caller, (tx) => tx`select id from public.products where id = ${product.id}`)).toEqual(
      [],
    );
    expect(await asCaller(db.sql, caller, (tx) => tx`select id from public.store_settings`)).toEqual([]);
    await expectAppError(
      asCaller(db.sql, caller, (tx) => rpc(tx, "register_stock_entry", { product_id: product.id, quantity: 1 })),
      "PT403",
      "FORBIDDEN",
    );
  });
});

describe("the service role is the role a request runs as, not a claim", () => {
  it("gives a request running as authenticated with a service_role claim no role at all", async () => {
    const caller: CallerContext = { role: "authenticated", claims: { role: "service_role" } };
    const product = await createProduct(db.sql, { stock: 5 });
    expect(await asCaller(db.sql, caller, (tx) => tx`select id from public.products where id = ${product.id}`)).toEqual(
      [],
    );
    for (const [name, args] of [
      ["register_stock_entry", { product_id: product.id, quantity: 1 }],
      ["adjust_stock", { product_id: product.id, new_stock: 0 }],
      ["create_sale", { items: [{ product_id: product.id, quantity: 1 }] }],
    ] as const) {
      await expectAppError(
        asCaller(db.sql, caller, (tx) => rpc(tx, name, args)),
        "PT403",
        "FORBIDDEN",
      );
    }
    expect((await db.sql`select current_stock from public.products where id = ${product.id}`)[0]?.current_stock).toBe(
      5,
    );
  });

  it("still holds every role when the request runs as service_role with its claim", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const caller: CallerContext = { role: "service_role", claims: { role: "service_role" } };
    await asCaller(db.sql, caller, (tx) => rpc(tx, "adjust_stock", { product_id: product.id, new_stock: 3 }));
    expect((await db.sql`select current_stock from public.products where id = ${product.id}`)[0]?.current_stock).toBe(
      3,
    );
  });
});
