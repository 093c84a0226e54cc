/**
 * The role matrix of docs/architecture.md, proven table by table, operation by
 * operation, actor by actor, exactly as PostgREST reaches the database (one
 * transaction, `role` and `request.jwt.claims` set). The expected access is
 * the table below; every cell is one test.
 *
 * Reads:  all    = every row the test owns is returned
 *         own    = only the caller's own row is returned, never anyone else's
 *         none   = no row is returned, and no error (row level security hides them)
 *         denied = 42501 "permission denied" (nothing is granted)
 * Writes: ok     = the write happens (one row)
 *         rls    = 42501 "new row violates row-level security policy"; nothing written
 *         hidden = no error, but no row affected (RLS hides the row from the write); the row is unchanged
 *         denied = 42501 "permission denied" (no grant); nothing written
 *         view   = 55000 "cannot insert into / update / delete from view": the view is not updatable, which
 *                  Postgres decides before it checks privileges; no API role holds a write grant on it
 *                  either (a test below), so it stays read-only even if it became updatable
 */

import type { Tx } from "@comarapa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, anon, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { pgError } from "../helpers/errors.ts";
import { createCategory, createProduct, createRoleUsers, createUser } from "../helpers/fixtures.ts";
import {
  expectPermissionDenied,
  expectRlsViolation,
  restoreStoreSettings,
  type StoreSettingsRow,
  storeSettings,
  uniqueCode,
} from "./support.ts";

const MATRIX = `
  table                op      admin   manager staff   viewer  no-role anon    service_role
  store_settings       select  all     all     all     all     none    denied  all
  store_settings       insert  denied  denied  denied  denied  denied  denied  denied
  store_settings       update  ok      ok      hidden  hidden  hidden  denied  ok
  store_settings       delete  denied  denied  denied  denied  denied  denied  denied
  user_roles           select  all     own     own     own     none    denied  all
  user_roles           insert  ok      rls     rls     rls     rls     denied  ok
  user_roles           update  ok      hidden  hidden  hidden  hidden  denied  ok
  user_roles           delete  ok      hidden  hidden  hidden  hidden  denied  ok
  categories           select  all     all     all     all     none    denied  all
  categories           insert  ok      ok      rls     rls     rls     denied  ok
  categories           update  ok      ok      hidden  hidden  hidden  denied  ok
  categories           delete  ok      ok      hidden  hidden  hidden  denied  ok
  products             select  all     all     all     all     none    denied  all
  products             insert  ok      ok      rls     rls     rls     denied  ok
  products             update  ok      ok      hidden  hidden  hidden  denied  ok
  products             delete  ok      ok      hidden  hidden  hidden  denied  ok
  inventory_movements  select  all     all     all     all     none    denied  all
  inventory_movements  insert  denied  denied  denied  denied  denied  denied  denied
  inventory_movements  update  denied  denied  denied  denied  denied  denied  denied
  inventory_movements  delete  denied  denied  denied  denied  denied  denied  denied
  low_stock_products   select  all     all     all     all     none    denied  all
  low_stock_products   insert  view    view    view    view    view    view    view
  low_stock_products   update  view    view    view    view    view    view    view
  low_stock_products   delete  view    view    view    view    view    view    view
`;

const ACTORS = ["admin", "manager", "staff", "viewer", "no-role", "anon", "service_role"] as const;
const TABLES = [
  "store_settings",
  "user_roles",
  "categories",
  "products",
  "inventory_movements",
  "low_stock_products",
] as const;
const OPERATIONS = ["select", "insert", "update", "delete"] as const;
const READ_OUTCOMES = ["all", "own", "none", "denied"] as const;
const WRITE_OUTCOMES = ["ok", "rls", "hidden", "denied", "view"] as const;

type ActorName = (typeof ACTORS)[number];
type Table = (typeof TABLES)[number];
type Operation = (typeof OPERATIONS)[number];
type ReadOutcome = (typeof READ_OUTCOMES)[number];
type WriteOutcome = (typeof WRITE_OUTCOMES)[number];
type Outcome = ReadOutcome | WriteOutcome;

/** Parses MATRIX, refusing a malformed or incomplete table so a typo cannot silently skip a cell. */
function parseMatrix(text: string): Map<string, Record<ActorName, Outcome>> {
  const [header, ...lines] = text
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/));
  if (header?.join(" ") !== ["table", "op", ...ACTORS].join(" ")) throw new Error("MATRIX header is not as expected");
  const cells = new Map<string, Record<ActorName, Outcome>>();
  for (const [table, op, ...outcomes] of lines) {
    if (!TABLES.includes(table as Table) || !OPERATIONS.includes(op as Operation)) {
      throw new Error(`MATRIX: unknown row ${table} ${op}`);
    }
    const allowed: readonly string[] = op === "select" ? READ_OUTCOMES : WRITE_OUTCOMES;
    if (outcomes.length !== ACTORS.length || outcomes.some((outcome) => !allowed.includes(outcome))) {
      throw new Error(`MATRIX: bad outcomes for ${table} ${op}: ${outcomes.join(" ")}`);
    }
    cells.set(
      `${table} ${op}`,
      Object.fromEntries(ACTORS.map((actor, index) => [actor, outcomes[index]])) as Record<ActorName, Outcome>,
    );
  }
  for (const table of TABLES) {
    for (const op of OPERATIONS) {
      if (!cells.has(`${table} ${op}`)) throw new Error(`MATRIX: missing ${table} ${op}`);
    }
  }
  return cells;
}

const EXPECTED = parseMatrix(MATRIX);

const db = useTestDatabase();
const actors = {} as Record<ActorName, Actor>;

beforeAll(async () => {
  const users = await createRoleUsers(db.sql);
  Object.assign(actors, {
    admin: users.admin,
    manager: users.manager,
    staff: users.staff,
    viewer: users.viewer,
    "no-role": users.noRole,
    anon,
    service_role: serviceRole,
  });
});

function selfId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.id : null;
}

// =============================================================================
// What each cell does. A read returns the ids it saw, with the ids the test
// owns (`all`) and those that are the caller's own (`own`). A write targets
// rows the test created for itself; `state` is what the superuser sees of
// them before and after, and `applied` checks the change when it is allowed.
// =============================================================================

interface ReadCell {
  setup(actor: Actor): Promise<{ all: string[]; own: string[]; read: (tx: Tx) => Promise<string[]> }>;
}

/** A write aimed at rows the test owns, named by `key` (an id, a name or a SKU the test chose). */
interface WriteCell {
  setup(): Promise<string>;
  attempt(tx: Tx, key: string): Promise<readonly unknown[]>;
  /** What the superuser sees of the target, before and after the attempt. */
  state(key: string): Promise<unknown>;
  /** Checks the change when the write is allowed. */
  applied(before: unknown, after: unknown, key: string): void;
  /** Puts shared data back as it was (only store_settings, the one row every test shares). */
  restore?(before: unknown): Promise<void>;
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

async function movementOf(productId: string): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    select id from public.inventory_movements where product_id = ${productId}
  `;
  if (!row) throw new Error("no movement");
  return row.id;
}

const reads: Record<Table, ReadCell> = {
  store_settings: {
    async setup() {
      return {
        all: ["true"],
        own: [],
        read: async (tx) => (await tx<{ id: string }[]>`select id::text from public.store_settings`).map((r) => r.id),
      };
    },
  },
  user_roles: {
    async setup(actor) {
      const other = await createUser(db.sql, "viewer", "other");
      const self = selfId(actor);
      const [mine] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from public.user_roles where user_id = ${self}
      `;
      const own = self && mine?.n ? [self] : [];
      return {
        all: [...own, other.id].sort(),
        own,
        read: async (tx) =>
          (
            await tx<{ user_id: string }[]>`
              select user_id from public.user_roles where user_id in (${self ?? other.id}, ${other.id}) order by user_id
            `
          ).map((row) => row.user_id),
      };
    },
  },
  categories: {
    async setup() {
      const category = await createCategory(db.sql);
      return {
        all: [category.id],
        own: [],
        read: async (tx) => ids(await tx`select id from public.categories where id = ${category.id}`),
      };
    },
  },
  products: {
    async setup() {
      const product = await createProduct(db.sql);
      return {
        all: [product.id],
        own: [],
        read: async (tx) => ids(await tx`select id from public.products where id = ${product.id}`),
      };
    },
  },
  inventory_movements: {
    async setup() {
      const product = await createProduct(db.sql, { stock: 3 });
      return {
        all: [await movementOf(product.id)],
        own: [],
        read: async (tx) => ids(await tx`select id from public.inventory_movements where product_id = ${product.id}`),
      };
    },
  },
  low_stock_products: {
    async setup() {
      const product = await createProduct(db.sql, { stock: 1, minStock: 5 });
      return {
        all: [product.id],
        own: [],
        read: async (tx) => ids(await tx`select id from public.low_stock_products where id = ${product.id}`),
      };
    },
  },
};

function neverApplied(): never {
  throw new Error("this write is never allowed");
}

/** Neither grant nor policy lets anyone write here: every attempt is refused before it touches a row. */
function neverWritable(attempt: (tx: Tx, productId: string) => Promise<readonly unknown[]>): WriteCell {
  return {
    setup: async () => (await createProduct(db.sql, { stock: 2, minStock: 5 })).id,
    attempt,
    state: (productId) => db.sql`
      select m.*, p.current_stock, p.name from public.inventory_movements m
        join public.products p on p.id = m.product_id
       where m.product_id = ${productId} order by m.seq
    `,
    applied: neverApplied,
  };
}

const userRoleOf = (userId: string) =>
  db.sql`select user_id, role, granted_by, updated_at from public.user_roles where user_id = ${userId}`;
const categoryRow = (id: string) => db.sql`select * from public.categories where id = ${id}`;
const productRow = (id: string) => db.sql`select * from public.products where id = ${id}`;

const writes: Record<Table, Record<Exclude<Operation, "select">, WriteCell>> = {
  store_settings: {
    insert: {
      setup: async () => "",
      attempt: (tx) => tx`insert into public.store_settings (store_name) values ('Otra tienda') returning id`,
      state: () => storeSettings(db.sql),
      applied: neverApplied,
    },
    update: {
      setup: async () => `Comercial ${uniqueCode("T")}`,
      attempt: (tx, name) => tx`update public.store_settings set store_name = ${name} returning store_name`,
      state: () => storeSettings(db.sql),
      applied(_before, after, name) {
        expect(after).toMatchObject([{ store_name: name }]);
      },
      restore: (before) => restoreStoreSettings(db.sql, before as StoreSettingsRow[]),
    },
    delete: {
      setup: async () => "",
      attempt: (tx) => tx`delete from public.store_settings returning id`,
      state: () => storeSettings(db.sql),
      applied: neverApplied,
    },
  },
  user_roles: {
    insert: {
      setup: async () => (await createUser(db.sql, null, "target")).id,
      attempt: (tx, userId) =>
        tx`insert into public.user_roles (user_id, role) values (${userId}, 'viewer') returning user_id`,
      state: userRoleOf,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ role: "viewer" }]);
      },
    },
    update: {
      setup: async () => (await createUser(db.sql, "viewer", "target")).id,
      attempt: (tx, userId) =>
        tx`update public.user_roles set role = 'staff' where user_id = ${userId} returning user_id`,
      state: userRoleOf,
      applied(_before, after) {
        expect(after).toMatchObject([{ role: "staff" }]);
      },
    },
    delete: {
      setup: async () => (await createUser(db.sql, "viewer", "target")).id,
      attempt: (tx, userId) => tx`delete from public.user_roles where user_id = ${userId} returning user_id`,
      state: userRoleOf,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    },
  },
  categories: {
    insert: {
      setup: async () => `Categoría ${uniqueCode("M")}`,
      attempt: (tx, name) => tx`insert into public.categories (name) values (${name}) returning id`,
      state: (name) => db.sql`select * from public.categories where name = ${name}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toHaveLength(1);
      },
    },
    update: {
      setup: async () => (await createCategory(db.sql)).id,
      attempt: (tx, id) => tx`update public.categories set description = 'Cambiada' where id = ${id} returning id`,
      state: categoryRow,
      applied(_before, after) {
        expect(after).toMatchObject([{ description: "Cambiada" }]);
      },
    },
    delete: {
      setup: async () => (await createCategory(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.categories where id = ${id} returning id`,
      state: categoryRow,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    },
  },
  products: {
    insert: {
      setup: async () => uniqueCode("M"),
      attempt: (tx, sku) =>
        tx`insert into public.products (sku, name, unit_price) values (${sku}, 'Producto nuevo', 5) returning id`,
      state: (sku) => db.sql`select * from public.products where sku = ${sku}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ name: "Producto nuevo", current_stock: 0 }]);
      },
    },
    update: {
      setup: async () => (await createProduct(db.sql)).id,
      attempt: (tx, id) => tx`update public.products set unit_price = 99.5 where id = ${id} returning id`,
      state: productRow,
      applied(_before, after) {
        expect(after).toMatchObject([{ unit_price: "99.50" }]);
      },
    },
    delete: {
      setup: async () => (await createProduct(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.products where id = ${id} returning id`,
      state: productRow,
      applied(_before, after) {
        expect(after).toEqual([]);
      },
    },
  },
  inventory_movements: {
    insert: neverWritable(
      (tx, productId) => tx`
        insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
        values (${productId}, 'ENTRY', 1, 'PURCHASE', 2, 3) returning id
      `,
    ),
    update: neverWritable(
      (tx, productId) =>
        tx`update public.inventory_movements set notes = 'cambiada' where product_id = ${productId} returning id`,
    ),
    delete: neverWritable(
      (tx, productId) => tx`delete from public.inventory_movements where product_id = ${productId} returning id`,
    ),
  },
  low_stock_products: {
    insert: neverWritable(
      (tx) => tx`insert into public.low_stock_products (sku, name) values (${uniqueCode("V")}, 'Vista') returning id`,
    ),
    update: neverWritable(
      (tx, productId) =>
        tx`update public.low_stock_products set name = 'Cambiado' where id = ${productId} returning id`,
    ),
    delete: neverWritable(
      (tx, productId) => tx`delete from public.low_stock_products where id = ${productId} returning id`,
    ),
  },
};

// =============================================================================
// The tests: one per cell, named by what it proves
// =============================================================================

function who(actor: ActorName): string {
  return actor === "no-role" ? "a signed-in user without a role" : actor;
}

function readSentence(actor: ActorName, table: Table, outcome: ReadOutcome): string {
  switch (outcome) {
    case "all":
      return `${who(actor)} reads the rows of ${table}`;
    case "own":
      return `${who(actor)} reads only its own row of ${table}, never another user's`;
    case "none":
      return `${who(actor)} gets no row of ${table} (hidden by row level security, not an error)`;
    case "denied":
      return `${who(actor)} is refused any read of ${table} (42501 permission denied)`;
  }
}

function writeSentence(actor: ActorName, table: Table, op: Operation, outcome: WriteOutcome): string {
  switch (outcome) {
    case "ok":
      return `${who(actor)} can ${op} a row of ${table}`;
    case "rls":
      return `${who(actor)} is refused an ${op} into ${table} by row level security (42501) and nothing is written`;
    case "hidden":
      return `${who(actor)}'s ${op} on ${table} affects no row (hidden by row level security) and the row is unchanged`;
    case "denied":
      return `${who(actor)} is refused ${op} on ${table} (42501 permission denied) and nothing changes`;
    case "view":
      return `${who(actor)} is refused ${op} on the view ${table} (55000 not updatable) and nothing changes`;
  }
}

async function expectNotUpdatableView(call: Promise<unknown>, op: Operation): Promise<void> {
  const error = await pgError(call);
  const verb = { select: "select", insert: "insert into", update: "update", delete: "delete from" }[op];
  expect({ code: error.code, message: error.message }).toEqual({
    code: "55000",
    message: `cannot ${verb} view "low_stock_products"`,
  });
}

describe("role matrix (docs/architecture.md): table × operation × actor, as PostgREST runs each request", () => {
  it("covers every table, operation and actor of the expected matrix", () => {
    expect(EXPECTED.size).toBe(TABLES.length * OPERATIONS.length);
  });

  it("grants no API role insert, update or delete on the low_stock_products view (read-only by grant too)", async () => {
    const rows = await db.sql<{ grant: string }[]>`
      select format('%s %s', r.name, p.priv) as grant
        from (values ('anon'), ('authenticated'), ('service_role')) as r(name)
        cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) as p(priv)
       where has_table_privilege(r.name, 'public.low_stock_products', p.priv)
    `;
    expect(rows.map((row) => row.grant)).toEqual([]);
  });

  for (const table of TABLES) {
    describe(table, () => {
      for (const op of OPERATIONS) {
        const expected = EXPECTED.get(`${table} ${op}`) as Record<ActorName, Outcome>;
        for (const actorName of ACTORS) {
          const outcome = expected[actorName];
          if (op === "select") {
            it(readSentence(actorName, table, outcome as ReadOutcome), async () => {
              const actor = actors[actorName];
              const cell = await reads[table].setup(actor);
              const read = actAs(db.sql, actor, cell.read, { readOnly: true });
              if (outcome === "denied") {
                await expectPermissionDenied(read);
                return;
              }
              const seen = (await read).sort();
              if (outcome === "all") expect(seen).toEqual(cell.all);
              if (outcome === "own") {
                expect(cell.own).toHaveLength(1);
                expect(seen).toEqual(cell.own);
              }
              if (outcome === "none") expect(seen).toEqual([]);
            });
          } else {
            it(writeSentence(actorName, table, op, outcome as WriteOutcome), async () => {
              const actor = actors[actorName];
              const cell = writes[table][op];
              const key = await cell.setup();
              const before = await cell.state(key);
              const attempt = actAs(db.sql, actor, (tx) => cell.attempt(tx, key));
              try {
                if (outcome === "denied") await expectPermissionDenied(attempt);
                if (outcome === "rls") await expectRlsViolation(attempt);
                if (outcome === "view") await expectNotUpdatableView(attempt, op);
                if (outcome === "hidden") expect(await attempt).toHaveLength(0);
                if (outcome === "ok") expect(await attempt).toHaveLength(1);
                const after = await cell.state(key);
                if (outcome === "ok") cell.applied(before, after, key);
                else expect(after).toEqual(before);
              } finally {
                await cell.restore?.(before);
              }
            });
          }
        }
      }
    });
  }
});
