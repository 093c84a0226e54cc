import { describe, expect, it } from "vitest";
import { actAs, anon, rpcAs } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { createSale } from "../sales/support.ts";
import { accountOf, createCustomer, expectHealthyAccountsAfterEach, pay } from "./support.ts";

/**
 * Customers are plain CRUD through PostgREST under RLS: staff keep contact
 * details, managers set credit limits and deactivate, every role reads, and
 * only the account RPCs move a balance.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyAccountsAfterEach(db);

interface CustomerRow {
  id: string;
  name: string;
  document_type: string | null;
  document_number: string | null;
  phone: string | null;
  credit_limit: string;
  balance: string;
  is_active: boolean;
}

describe("customers through PostgREST", () => {
  it("lets staff create a customer and edit their contact details, with no credit until a manager gives it", async () => {
    const [created] = await actAs(
      db.sql,
      users.staff,
      (tx) => tx<CustomerRow[]>`
        insert into public.customers (name, document_type, document_number, phone)
        values ('Juana Mamani Quispe', 'CI', '4829173', '71234567')
        returning id, name, document_type, document_number, phone, credit_limit::text, balance::text, is_active
      `,
    );
    expect(created).toMatchObject({
      name: "Juana Mamani Quispe",
      credit_limit: "0.00",
      balance: "0.00",
      is_active: true,
    });
    const [edited] = await actAs(
      db.sql,
      users.staff,
      (tx) => tx<CustomerRow[]>`
        update public.customers set phone = '76543210', address = 'Calle Sucre 12, Comarapa'
         where id = ${created?.id ?? ""} returning phone
      `,
    );
    expect(edited).toEqual({ phone: "76543210" });
  });

  it("leaves the credit limit and deactivation to managers and admins (FORBIDDEN for staff)", async () => {
    const customer = await createCustomer(db.sql);
    const staffLimit = await failureOf(
      actAs(db.sql, users.staff, (tx) => tx`update public.customers set credit_limit = 500 where id = ${customer.id}`),
    );
    expect(staffLimit).toMatchObject({ message: "FORBIDDEN", status: 403 });
    const staffDeactivates = await failureOf(
      actAs(db.sql, users.staff, (tx) => tx`update public.customers set is_active = false where id = ${customer.id}`),
    );
    expect(staffDeactivates).toMatchObject({ message: "FORBIDDEN", status: 403 });
    const staffCreatesWithCredit = await failureOf(
      actAs(
        db.sql,
        users.staff,
        (tx) => tx`insert into public.customers (name, credit_limit) values ('Con crédito', 100)`,
      ),
    );
    expect(staffCreatesWithCredit).toMatchObject({ message: "FORBIDDEN", status: 403 });

    for (const manager of [users.manager, users.admin]) {
      const [row] = await actAs(
        db.sql,
        manager,
        (tx) =>
          tx`update public.customers set credit_limit = 750.50 where id = ${customer.id} returning credit_limit::text`,
      );
      expect(row).toEqual({ credit_limit: "750.50" });
    }
  });

  it("lets no API role write a balance: the column is not granted (42501)", async () => {
    const customer = await createCustomer(db.sql);
    for (const actor of [users.staff, users.manager, users.admin]) {
      const failure = await failureOf(
        actAs(db.sql, actor, (tx) => tx`update public.customers set balance = -100 where id = ${customer.id}`),
      );
      expect(failure).toMatchObject({ code: "42501", status: 403 });
      const inserted = await failureOf(
        actAs(db.sql, actor, (tx) => tx`insert into public.customers (name, balance) values ('Saldo falso', -50)`),
      );
      expect(inserted).toMatchObject({ code: "42501", status: 403 });
    }
    const [row] = await db.sql`select balance::text from public.customers where id = ${customer.id}`;
    expect(row).toEqual({ balance: "0.00" });
  });

  it("is read by every role, and by nobody without one", async () => {
    const customer = await createCustomer(db.sql, { name: "Rosa Choque" });
    for (const actor of [users.viewer, users.staff, users.manager, users.admin]) {
      const rows = await actAs(db.sql, actor, (tx) => tx`select name from public.customers where id = ${customer.id}`);
      expect(rows).toEqual([{ name: "Rosa Choque" }]);
    }
    expect(
      await actAs(db.sql, users.noRole, (tx) => tx`select name from public.customers where id = ${customer.id}`),
    ).toEqual([]);
    expect(
      await failureOf(
        actAs(db.sql, anon, (tx) => tx`select name from public.customers`),
        { anonymous: true },
      ),
    ).toMatchObject({ code: "42501", status: 401 });
    const viewerWrites = await failureOf(
      actAs(db.sql, users.viewer, (tx) => tx`insert into public.customers (name) values ('Visitante')`),
    );
    expect(viewerWrites).toMatchObject({ code: "42501", status: 403 });
  });

  it("refuses a second customer with the same document type and number (23505 customers_document_key)", async () => {
    await createCustomer(db.sql, { documentType: "NIT", documentNumber: "1020304050" });
    const failure = await failureOf(
      actAs(
        db.sql,
        users.staff,
        (tx) =>
          tx`insert into public.customers (name, document_type, document_number) values ('Otro', 'NIT', '1020304050')`,
      ),
    );
    expect(failure).toMatchObject({ code: "23505", status: 409 });
    expect(failure.details ?? failure.message).toMatch(/customers_document_key|document/);
    // The same number under another type is another document.
    await createCustomer(db.sql, { documentType: "CI", documentNumber: "1020304050" });
  });

  it("refuses a document type without a number, malformed phones and e-mails, and blank names (23514)", async () => {
    const bad = [
      ["a type without a number", { name: "Sin número", document_type: "CI" }],
      ["a number without a type", { name: "Sin tipo", document_number: "123" }],
      ["a phone with letters", { name: "Teléfono", phone: "llámame" }],
      ["an e-mail without @", { name: "Correo", email: "juan.perez" }],
      ["an invisible name", { name: "\u200b\u00a0" }],
      ["a 201-character name", { name: "a".repeat(201) }],
      ["a negative credit limit", { name: "Negativo", credit_limit: -1 }],
    ] as const satisfies readonly (readonly [string, Record<string, string | number>])[];
    for (const [label, values] of bad) {
      const failure = await failureOf(
        actAs(db.sql, users.manager, (tx) => tx`insert into public.customers ${tx(values)}`),
      );
      expect(failure.code, label).toBe("23514");
    }
  });

  it("deletes a customer without history, but not one with sales or account movements (CUSTOMER_HAS_HISTORY)", async () => {
    const fresh = await createCustomer(db.sql);
    const deleted = await actAs(
      db.sql,
      users.manager,
      (tx) => tx`delete from public.customers where id = ${fresh.id} returning id`,
    );
    expect(deleted).toEqual([{ id: fresh.id }]);

    const other = await createCustomer(db.sql);
    const staffDeletes = await actAs(
      db.sql,
      users.staff,
      (tx) => tx`delete from public.customers where id = ${other.id} returning id`,
    );
    expect(staffDeletes).toEqual([]); // RLS: staff delete nothing

    const product = await createProduct(db.sql, { stock: 5, unitPrice: "20.00" });
    const withCredit = await createCustomer(db.sql, { creditLimit: 100 });
    await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      customer_id: withCredit.id,
      payment_method: "CREDIT",
    });
    const named = await createCustomer(db.sql);
    await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 1 }], customer_id: named.id });
    for (const customer of [withCredit, named]) {
      const failure = await failureOf(
        actAs(db.sql, users.admin, (tx) => tx`delete from public.customers where id = ${customer.id}`),
      );
      expect(failure).toMatchObject({ message: "CUSTOMER_HAS_HISTORY", status: 409 });
    }
    // Paid off and deactivated, the history stays.
    await pay(db.sql, users.staff, { customer_id: withCredit.id, amount: 20 });
    await actAs(
      db.sql,
      users.manager,
      (tx) => tx`update public.customers set is_active = false where id = ${withCredit.id}`,
    );
    expect(await accountOf(db.sql, withCredit.id)).toHaveLength(2);
  });
});

describe("search_customers", () => {
  it("finds by name without accents, in any word order, forgiving a typo", async () => {
    const customer = await createCustomer(db.sql, { name: "Teodoro Añez Gutiérrez" });
    for (const term of ["Teodoro Añez", "anez gutierrez", "GUTIERREZ teodoro", "Gutierres", "teodor"]) {
      const found = await rpcAs<{ id: string; relevance: number }[]>(db.sql, users.viewer, "search_customers", {
        search_term: term,
      });
      expect(
        found.map((row) => row.id),
        term,
      ).toContain(customer.id);
    }
  });

  it("finds by document number exactly (relevance 1) and by phone digits", async () => {
    const customer = await createCustomer(db.sql, {
      name: "Marcelina Flores",
      documentType: "NIT",
      documentNumber: "9988776601",
      phone: "+591 712-88-990",
    });
    const byDocument = await rpcAs<{ id: string; relevance: number }[]>(db.sql, users.staff, "search_customers", {
      search_term: "9988776601",
    });
    expect(byDocument[0]).toMatchObject({ id: customer.id, relevance: 1 });
    const byPhone = await rpcAs<{ id: string }[]>(db.sql, users.staff, "search_customers", {
      search_term: "71288990",
    });
    expect(byPhone.map((row) => row.id)).toContain(customer.id);
  });

  it("lists active customers before deactivated ones, answers nothing for a blank term, clamps the limit", async () => {
    const inactive = await createCustomer(db.sql, { name: "Zacarías Vaca Inactivo", active: false });
    const active = await createCustomer(db.sql, { name: "Zacarías Vaca Activo" });
    const found = await rpcAs<{ id: string; is_active: boolean }[]>(db.sql, users.viewer, "search_customers", {
      search_term: "zacarias vaca",
    });
    expect(found.map((row) => row.id)).toEqual([active.id, inactive.id]);
    expect(await rpcAs(db.sql, users.viewer, "search_customers", { search_term: " \u00a0 " })).toEqual([]);
    const one = await rpcAs<unknown[]>(db.sql, users.viewer, "search_customers", {
      search_term: "zacarias",
      result_limit: 0,
    });
    expect(one).toHaveLength(1);
  });

  it("is for the store's roles only", async () => {
    expect(await failureOf(rpcAs(db.sql, users.noRole, "search_customers", { search_term: "juan" }))).toMatchObject({
      message: "FORBIDDEN",
      status: 403,
    });
    expect(
      await failureOf(rpcAs(db.sql, anon, "search_customers", { search_term: "juan" }), { anonymous: true }),
    ).toMatchObject({ code: "42501", status: 401 });
  });
});
