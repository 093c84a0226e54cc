import { describe, expect, it } from "vitest";
import { type Actor, actAs, anon, rpcAs, serviceRole } from "../helpers/act.ts";
import { connect, type Sql, useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import {
  createCategory,
  createProduct,
  expectHealthyLedgerAfterEach,
  type Movement,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { movementsOf } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

/** A product with a short history: INITIAL_STOCK 10, then an exit of 3. */
async function productWithHistory() {
  const product = await createProduct(db.sql, { name: "Café Copacabana molido 250 g", stock: 10 });
  await rpcAs(db.sql, users.manager, "register_stock_exit", { product_id: product.id, quantity: 3 });
  const ledger = await movementsOf(db.sql, product.id);
  return { product, ledger };
}

/** The three API roles PostgREST switches to, and the status it answers each with on 42501. */
const API_ROLES = [
  ["anon", 401],
  ["an admin (authenticated)", 403],
  ["the service role", 403],
] as const;

function apiActor(label: (typeof API_ROLES)[number][0]): Actor {
  if (label === "anon") return anon;
  return label === "the service role" ? serviceRole : users.admin;
}

/** `PATCH`, `DELETE` and a truncate of one movement, as `actor`, each its own request, one after the other. */
async function tamperingAs(sql: Sql, actor: Actor, movementId: string) {
  const options = { anonymous: actor.kind === "anon" };
  return [
    await failureOf(
      actAs(sql, actor, (tx) => tx`update public.inventory_movements set quantity = 1 where id = ${movementId}`),
      options,
    ),
    await failureOf(
      actAs(sql, actor, (tx) => tx`delete from public.inventory_movements where id = ${movementId}`),
      options,
    ),
    await failureOf(
      actAs(sql, actor, (tx) => tx`truncate public.inventory_movements`),
      options,
    ),
  ];
}

describe("the ledger is append-only", () => {
  it.each(API_ROLES)(
    "refuses %s any update, delete or truncate of a movement: no privilege (42501, HTTP %s)",
    async (who, status) => {
      const { product, ledger } = await productWithHistory();
      const actor = apiActor(who);
      for (const error of await tamperingAs(db.sql, actor, ledger[0]?.id ?? "")) {
        expect(error).toMatchObject({ status, code: "42501" });
      }
      expect(await movementsOf(db.sql, product.id)).toEqual(ledger);
    },
  );

  it("refuses update, delete and truncate even to a login role granted every privilege on the table and BYPASSRLS, and that role cannot switch the guard off", async () => {
    const { product, ledger } = await productWithHistory();
    const target = ledger[0];
    if (!target) throw new Error("no movement");
    const role = `ledger_intruder_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const password = crypto.randomUUID();
    await db.sql.unsafe(`create role ${role} login bypassrls password '${password}'`);
    let intruder: Sql | undefined;
    try {
      await db.sql.unsafe(`grant usage on schema public to ${role}`);
      await db.sql.unsafe(`grant all privileges on table public.inventory_movements to ${role}`);
      intruder = connect(db.url.replace(/\/\/[^@]+@/, `//${role}:${password}@`), 1);
      const [me] = await intruder<{ user: string; superuser: string; can_update: boolean }[]>`
        select current_user as user, current_setting('is_superuser') as superuser,
               has_table_privilege('public.inventory_movements', 'UPDATE, DELETE, TRUNCATE') as can_update
      `;
      expect(me).toEqual({ user: role, superuser: "off", can_update: true });
      // It sees the rows (BYPASSRLS), so each statement reaches the triggers, which refuse it.
      const visible = await intruder`select id from public.inventory_movements where product_id = ${product.id}`;
      expect(visible).toHaveLength(ledger.length);

      const session = intruder;
      const refusals = [
        await failureOf(session`update public.inventory_movements set notes = 'borrado' where id = ${target.id}`),
        await failureOf(
          session`update public.inventory_movements set quantity = 20, new_stock = 20 where id = ${target.id}`,
        ),
        await failureOf(session`delete from public.inventory_movements where id = ${target.id}`),
        await failureOf(session`truncate public.inventory_movements`),
      ];
      for (const error of refusals) {
        expect(error).toMatchObject({ status: 403, code: "PT403", message: "FORBIDDEN" });
        expect(error.details).toContain("append-only");
      }
      // Switching the triggers off takes the table's ownership or superuser rights, which it has not.
      const disable = await failureOf(
        session.unsafe("alter table public.inventory_movements disable trigger inventory_movements_append_only"),
      );
      expect(disable.code).toBe("42501");
      const replica = await failureOf(session`set session_replication_role = replica`);
      expect(replica.code).toBe("42501");
    } finally {
      await intruder?.end();
      await db.sql.unsafe(`drop owned by ${role}`);
      await db.sql.unsafe(`drop role ${role}`);
    }
    expect(await movementsOf(db.sql, product.id)).toEqual(ledger);
  });
});

describe("the stock is written through the RPCs alone", () => {
  it.each(API_ROLES)("refuses %s inserting a movement directly (42501, HTTP %s)", async (who, status) => {
    const product = await createProduct(db.sql, { stock: 2 });
    const actor = apiActor(who);
    const error = await failureOf(
      actAs(
        db.sql,
        actor,
        (tx) => tx`
          insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
          values (${product.id}, 'ENTRY', 100, 'PURCHASE', 2, 102)
        `,
      ),
      { anonymous: actor.kind === "anon" },
    );
    expect(error).toMatchObject({ status, code: "42501" });
    expect(await movementsOf(db.sql, product.id)).toHaveLength(1);
  });

  it.each(API_ROLES)(
    "refuses %s writing products.current_stock, on update or on insert (42501, HTTP %s)",
    async (who, status) => {
      const product = await createProduct(db.sql, { stock: 2 });
      const actor = apiActor(who);
      const update = await failureOf(
        actAs(db.sql, actor, (tx) => tx`update public.products set current_stock = 500 where id = ${product.id}`),
        { anonymous: actor.kind === "anon" },
      );
      expect(update).toMatchObject({ status, code: "42501" });
      const insert = await failureOf(
        actAs(
          db.sql,
          actor,
          (tx) => tx`insert into public.products (sku, name, current_stock) values ('STOCK-FANTASMA', 'Fantasma', 99)`,
        ),
        { anonymous: actor.kind === "anon" },
      );
      expect(insert).toMatchObject({ status, code: "42501" });
      expect(await stockOf(db.sql, product.id)).toBe(2);
    },
  );

  it("does not let an API role call the private helper that writes the stock (42501)", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const error = await failureOf(
      actAs(
        db.sql,
        users.admin,
        (tx) => tx`
          select private.move_stock(p, 'ENTRY', 1000, 'PURCHASE', null, null)
            from public.products p where p.id = ${product.id}
        `,
      ),
    );
    expect(error.code).toBe("42501");
    expect(await stockOf(db.sql, product.id)).toBe(2);
  });
});

describe("the ledger is one ordered chain per product", () => {
  it("orders movements by a strictly increasing seq, each previous_stock the new_stock before it, ending at current_stock", async () => {
    const product = await createProduct(db.sql, { name: "Harina Famosa 1 kg", stock: 8 });
    const calls: [Actor, string, Record<string, unknown>][] = [
      [users.staff, "register_stock_entry", { quantity: 12 }],
      [users.manager, "register_stock_exit", { quantity: 5, reason: "LOSS" }],
      [users.manager, "adjust_stock", { new_stock: 14 }],
      [users.staff, "register_stock_entry", { quantity: 1, reason: "RETURN" }],
      [users.admin, "adjust_stock", { new_stock: 15, reason: "OTHER" }],
      [users.manager, "register_stock_exit", { quantity: 15, reason: "INTERNAL_USE" }],
    ];
    const returned: Movement[] = [];
    for (const [actor, name, args] of calls) {
      returned.push(await rpcAs<Movement>(db.sql, actor, name, { product_id: product.id, ...args }));
    }

    const ledger = await movementsOf(db.sql, product.id);
    expect(ledger.slice(1)).toEqual(returned);
    expect(ledger.map((m) => [m.movement_type, m.previous_stock, m.new_stock])).toEqual([
      ["ENTRY", 0, 8],
      ["ENTRY", 8, 20],
      ["EXIT", 20, 15],
      ["ADJUSTMENT", 15, 14],
      ["ENTRY", 14, 15],
      ["ADJUSTMENT", 15, 15],
      ["EXIT", 15, 0],
    ]);
    for (let i = 1; i < ledger.length; i++) {
      const previous = ledger[i - 1] as Movement;
      const current = ledger[i] as Movement;
      expect(BigInt(current.seq)).toBeGreaterThan(BigInt(previous.seq));
      expect(current.previous_stock).toBe(previous.new_stock);
      expect(current.created_at.getTime()).toBeGreaterThanOrEqual(previous.created_at.getTime());
    }
    expect(ledger.at(-1)?.new_stock).toBe(await stockOf(db.sql, product.id));
  });
});

describe("the movement history, read as PostgREST serves it", () => {
  interface HistoryRow {
    id: string;
    product_id: string;
    movement_type: string;
    reason: string;
    quantity: number;
    created_at: Date;
    product: { name: string; sku: string } | null;
  }

  /**
   * `GET /inventory_movements?select=id,product_id,movement_type,reason,quantity,created_at,product:products(name,sku)&<filters>&order=seq`:
   * PostgREST embeds the to-one relation as a lateral subquery in the one
   * statement it runs for the request (a read-only transaction). The columns
   * are listed: a movement's unit cost is not readable, so `select=*` is refused.
   */
  function history(
    actor: Actor,
    filters: {
      productId?: string;
      type?: string;
      reasons?: string[];
      from?: string;
      to?: string;
    },
  ) {
    return actAs(
      db.sql,
      actor,
      (tx) => tx<HistoryRow[]>`
        select m.id, m.product_id, m.movement_type, m.reason, m.quantity, m.created_at,
               row_to_json(product_1.*) as product
          from public.inventory_movements m
          left join lateral (
            select p.name, p.sku from public.products p where p.id = m.product_id
          ) as product_1 on true
         where (${filters.productId ?? null}::uuid is null or m.product_id = ${filters.productId ?? null}::uuid)
           and (${filters.type ?? null}::public.movement_type is null
                or m.movement_type = ${filters.type ?? null}::public.movement_type)
           and (${filters.reasons ?? null}::text[] is null or m.reason = any (${filters.reasons ?? null}::text[]))
           and (${filters.from ?? null}::timestamptz is null or m.created_at >= ${filters.from ?? null}::timestamptz)
           and (${filters.to ?? null}::timestamptz is null or m.created_at < ${filters.to ?? null}::timestamptz)
         order by m.seq
      `,
      { readOnly: true },
    );
  }

  /**
   * A product whose history spans three days of 2026 in La Paz (UTC-4). Past
   * dates cannot be made through the RPCs, so the superuser writes this
   * history directly, as a data import would, keeping the chain and the stock
   * consistent (the integrity check after each test proves it).
   */
  async function productWithDatedHistory() {
    const category = await createCategory(db.sql);
    const product = await createProduct(db.sql, { name: "Chocolate Para Ti en barra 100 g", categoryId: category.id });
    const dated = [
      ["ENTRY", 24, "PURCHASE", 0, 24, "2026-03-02T09:15:00-04:00"],
      ["EXIT", 2, "DAMAGE", 24, 22, "2026-03-03T11:40:00-04:00"],
      ["ENTRY", 6, "RETURN", 22, 28, "2026-03-03T18:05:00-04:00"],
      ["ADJUSTMENT", 1, "COUNT_CORRECTION", 28, 27, "2026-03-04T08:00:00-04:00"],
    ] as const;
    for (const [type, quantity, reason, previous, next, at] of dated) {
      await db.sql`
        insert into public.inventory_movements
          (product_id, movement_type, quantity, reason, previous_stock, new_stock, created_at, created_by)
        values (${product.id}, ${type}, ${quantity}, ${reason}, ${previous}, ${next}, ${at}, ${users.manager.id})
      `;
    }
    await db.sql`update public.products set current_stock = 27 where id = ${product.id}`;
    return product;
  }

  it("gives a viewer each movement with its product's name and SKU embedded, in one request", async () => {
    const product = await productWithDatedHistory();
    const rows = await history(users.viewer, { productId: product.id });
    expect(rows.map((row) => [row.movement_type, row.reason, row.quantity])).toEqual([
      ["ENTRY", "PURCHASE", 24],
      ["EXIT", "DAMAGE", 2],
      ["ENTRY", "RETURN", 6],
      ["ADJUSTMENT", "COUNT_CORRECTION", 1],
    ]);
    for (const row of rows) expect(row.product).toEqual({ name: product.name, sku: product.sku });
  });

  it("filters by product: another product's movements are not returned", async () => {
    const product = await productWithDatedHistory();
    const other = await createProduct(db.sql, { stock: 3 });
    const rows = await history(users.viewer, { productId: product.id });
    expect(rows).toHaveLength(4);
    expect(rows.every((row) => row.product_id === product.id)).toBe(true);
    expect((await history(users.viewer, { productId: other.id })).map((row) => row.product?.sku)).toEqual([other.sku]);
  });

  it("filters by movement type and by reason", async () => {
    const product = await productWithDatedHistory();
    const entries = await history(users.viewer, { productId: product.id, type: "ENTRY" });
    expect(entries.map((row) => row.reason)).toEqual(["PURCHASE", "RETURN"]);
    const losses = await history(users.viewer, { productId: product.id, reasons: ["DAMAGE", "COUNT_CORRECTION"] });
    expect(losses.map((row) => row.movement_type)).toEqual(["EXIT", "ADJUSTMENT"]);
  });

  it("filters by a date range: the movements of 3 March 2026 in La Paz, and nothing from the days around it", async () => {
    const product = await productWithDatedHistory();
    const day = await history(users.viewer, {
      productId: product.id,
      from: "2026-03-03T00:00:00-04:00",
      to: "2026-03-04T00:00:00-04:00",
    });
    expect(day.map((row) => [row.reason, row.created_at.toISOString()])).toEqual([
      ["DAMAGE", "2026-03-03T15:40:00.000Z"],
      ["RETURN", "2026-03-03T22:05:00.000Z"],
    ]);
  });

  it("returns no movement to a signed-in user without a role, and refuses anon outright (42501, HTTP 401)", async () => {
    const product = await productWithDatedHistory();
    expect(await history(users.noRole, { productId: product.id })).toEqual([]);
    const error = await failureOf(history(anon, { productId: product.id }), { anonymous: true });
    expect(error).toMatchObject({ status: 401, code: "42501" });
  });
});
