import type { Tx } from "@comarapa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, anon, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { attempt, failureOf, pgError } from "../helpers/errors.ts";
import { createProduct, type ProductFixture, useRoleUsers } from "../helpers/fixtures.ts";
import { approvedOrder, createSupplier, refusedBuying, uniqueNit } from "./support.ts";

/**
 * Suppliers are plain CRUD through PostgREST: every role reads them, managers
 * and admins write them, and one with purchase orders is deactivated, never
 * deleted. What a supplier calls a product is readable by every role; what it
 * last charged is not (buying data).
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
let product: ProductFixture;

beforeAll(async () => {
  product = await createProduct(db.sql, { stock: 1 });
});

const roles = (): [string, Actor][] => [
  ["admin", users.admin],
  ["manager", users.manager],
  ["staff", users.staff],
  ["viewer", users.viewer],
  ["no role", users.noRole],
  ["anon", anon],
  ["service_role", serviceRole],
];

/** What PostgREST runs for each call, as `actor`: the rows it returns, or its error's SQLSTATE. */
async function outcome(actor: Actor, statement: (tx: Tx) => Promise<readonly unknown[]>) {
  const result = await attempt(actAs(db.sql, actor, statement));
  return result.ok ? { rows: result.value.length } : { code: result.error.code };
}

describe("suppliers: who may do what (every role reads; managers and admins write)", () => {
  it("reads: every role holder sees them, a user without a role none, anon is denied", async () => {
    const supplier = await createSupplier(db.sql);
    const expected: Record<string, unknown> = {
      admin: { rows: 1 },
      manager: { rows: 1 },
      staff: { rows: 1 },
      viewer: { rows: 1 },
      "no role": { rows: 0 },
      anon: { code: "42501" },
      service_role: { rows: 1 },
    };
    for (const [role, actor] of roles()) {
      const seen = await outcome(
        actor,
        (tx) => tx`select id, name, nit from public.suppliers where id = ${supplier.id}`,
      );
      expect(seen, role).toEqual(expected[role]);
    }
  });

  it("writes: managers, admins and the service role create, edit and delete one without orders; staff and viewers cannot", async () => {
    const expected: Record<string, string> = {
      admin: "ok",
      manager: "ok",
      staff: "42501",
      viewer: "42501",
      "no role": "42501",
      anon: "42501",
      service_role: "ok",
    };
    for (const [role, actor] of roles()) {
      const nit = uniqueNit();
      const inserted = await outcome(
        actor,
        (tx) => tx`
          insert into public.suppliers (name, nit, contact_name, phone, email, address, payment_terms_days, notes)
          values ('Distribuidora Norte', ${nit}, 'Ana Rojas', '+591 3 3334455', 'ventas@norte.example.bo',
                  'Av. Banzer 4to anillo', 30, 'Entrega los jueves')
          returning id`,
      );
      expect(inserted.code ?? "ok", `${role} inserts`).toBe(expected[role]);
      const target = await createSupplier(db.sql);
      const updated = await outcome(
        actor,
        (tx) => tx`update public.suppliers set payment_terms_days = 45 where id = ${target.id} returning id`,
      );
      const deleted = await outcome(
        actor,
        (tx) => tx`delete from public.suppliers where id = ${target.id} returning id`,
      );
      if (expected[role] === "ok") {
        expect([updated, deleted], role).toEqual([{ rows: 1 }, { rows: 1 }]);
      } else {
        // RLS hides the row from staff and viewers (no row touched); anon has no grant at all.
        expect([updated, deleted], role).toEqual(
          role === "anon" ? [{ code: "42501" }, { code: "42501" }] : [{ rows: 0 }, { rows: 0 }],
        );
        const [still] = await db.sql`select payment_terms_days from public.suppliers where id = ${target.id}`;
        expect(still, role).toEqual({ payment_terms_days: 0 });
      }
    }
  });

  it("refuses what is not a supplier: a blank name, a NIT that is not 5–15 digits, a bad e-mail or phone, terms over 365 days, a NIT taken", async () => {
    const taken = await createSupplier(db.sql);
    const bad: [string, Record<string, unknown>, string][] = [
      ["a blank name", { name: " \u200b " }, "23514"],
      ["a NIT with letters", { nit: "12A456" }, "23514"],
      ["a NIT of 4 digits", { nit: "1234" }, "23514"],
      ["an e-mail without @", { email: "ventas.example.bo" }, "23514"],
      ["a phone with letters", { phone: "tres tres" }, "23514"],
      ["terms of 366 days", { payment_terms_days: 366 }, "23514"],
      ["negative terms", { payment_terms_days: -1 }, "23514"],
      ["a NIT another supplier has", { nit: taken.nit }, "23505"],
    ];
    for (const [what, override, code] of bad) {
      const values = { name: "Proveedor", nit: uniqueNit(), ...override };
      const failure = await failureOf(
        actAs(db.sql, users.manager, (tx) => tx`insert into public.suppliers ${tx(values)} returning id`),
      );
      expect(failure.code, what).toBe(code);
    }
    // A market stall has no NIT, and the store still buys from it.
    const [row] = await actAs(
      db.sql,
      users.manager,
      (tx) => tx`insert into public.suppliers (name) values ('Puesto 118, Mercado Los Pozos') returning nit`,
    );
    expect(row).toEqual({ nit: null });
  });
});

describe("a supplier with orders", () => {
  it("is never deleted, even by its owner (SUPPLIER_HAS_ORDERS, 409); it is deactivated instead, and then takes no orders", async () => {
    const supplier = await createSupplier(db.sql);
    await approvedOrder(db.sql, users, supplier.id, [{ product_id: product.id, quantity: 1, unit_cost: 1 }]);
    const failure = await refusedBuying(db.sql, () =>
      actAs(db.sql, users.admin, (tx) => tx`delete from public.suppliers where id = ${supplier.id}`),
    );
    expect({ code: failure.message, status: failure.status }).toEqual({ code: "SUPPLIER_HAS_ORDERS", status: 409 });
    const owner = await pgError(db.sql`delete from public.suppliers where id = ${supplier.id}`);
    expect(owner.message).toBe("SUPPLIER_HAS_ORDERS");

    await actAs(
      db.sql,
      users.manager,
      (tx) => tx`update public.suppliers set is_active = false where id = ${supplier.id}`,
    );
    const inactive = await refusedBuying(db.sql, () =>
      actAs(
        db.sql,
        users.staff,
        (tx) =>
          tx`select public.create_purchase_order(${supplier.id}::uuid, ${tx.json([{ product_id: product.id, quantity: 1, unit_cost: 1 }])}::jsonb)`,
      ),
    );
    expect({ code: inactive.message, status: inactive.status }).toEqual({ code: "SUPPLIER_INACTIVE", status: 409 });
  });
});

describe("supplier_products", () => {
  it("every role reads a supplier's code for a product; no API role reads its last unit cost (42501)", async () => {
    const supplier = await createSupplier(db.sql);
    await db.sql`
      insert into public.supplier_products (supplier_id, product_id, supplier_sku, last_unit_cost)
      values (${supplier.id}, ${product.id}, 'AZ-101', 6.85)`;
    for (const [role, actor] of roles().filter(([role]) => !["anon", "service_role", "no role"].includes(role))) {
      const rows = await actAs(
        db.sql,
        actor,
        (tx) => tx`select supplier_sku from public.supplier_products where supplier_id = ${supplier.id}`,
      );
      expect(rows, role).toEqual([{ supplier_sku: "AZ-101" }]);
      for (const query of [
        "select last_unit_cost from public.supplier_products",
        "select * from public.supplier_products",
      ]) {
        const failure = await failureOf(actAs(db.sql, actor, (tx) => tx.unsafe(query), { readOnly: true }));
        expect(failure.code, `${role}: ${query}`).toBe("42501");
      }
    }
  });

  it("managers correct a code (one code names one product of a supplier); staff cannot", async () => {
    const supplier = await createSupplier(db.sql);
    const other = await createProduct(db.sql);
    await actAs(
      db.sql,
      users.manager,
      (tx) => tx`insert into public.supplier_products (supplier_id, product_id, supplier_sku)
                 values (${supplier.id}, ${product.id}, 'AC-900')`,
    );
    const duplicate = await failureOf(
      actAs(
        db.sql,
        users.manager,
        (tx) => tx`insert into public.supplier_products (supplier_id, product_id, supplier_sku)
                   values (${supplier.id}, ${other.id}, 'AC-900')`,
      ),
    );
    expect(duplicate.code).toBe("23505");
    const byStaff = await failureOf(
      actAs(
        db.sql,
        users.staff,
        (tx) => tx`insert into public.supplier_products (supplier_id, product_id, supplier_sku)
                   values (${supplier.id}, ${other.id}, 'AC-2000')`,
      ),
    );
    expect(byStaff.code).toBe("42501");
    const cost = await failureOf(
      actAs(
        db.sql,
        users.manager,
        (tx) => tx`update public.supplier_products set last_unit_cost = 1 where supplier_id = ${supplier.id}`,
      ),
    );
    expect(cost.code).toBe("42501");
  });
});
