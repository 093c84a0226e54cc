/**
 * The role matrix (role-matrix.ts, docs/architecture.md) for the sales, their
 * items, payments and returns, the customers and their account ledger, and
 * the till, cell by cell. What these tables hold is made the way the store
 * makes it, through the RPCs (a sale, a return, a session and its pay-in);
 * each cell makes its own.
 */

import type { Tx } from "@comarapa/testkit";
import { describe, expect } from "vitest";
import { createCustomer } from "../customers/support.ts";
import { serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, createUser } from "../helpers/fixtures.ts";
import { createSale } from "../sales/support.ts";
import { createRegister, createReturn, moveCash, openSession } from "../till/support.ts";
import {
  describeRoleMatrix,
  neverApplied,
  SALES_TABLES,
  type TableCells,
  tableCells,
  type WriteCell,
  writeCell,
} from "./role-matrix.ts";
import { uniqueCode } from "./support.ts";

const db = useTestDatabase();
const { rowsOf, historyOf } = tableCells(db);

type SalesTable = (typeof SALES_TABLES)[number];

// =============================================================================
// What the cells read and write, made through the RPCs
// =============================================================================

interface Sold {
  saleId: string;
  saleItemId: string;
  productId: string;
  customerId: string;
}

/**
 * A sale of two units (20.00) to a customer, paid in two parts: 5.00 in cash
 * (10.00 tendered) and 15.00 on the customer's account, a CHARGE.
 */
async function creditSale(): Promise<Sold> {
  const product = await createProduct(db.sql, { stock: 5, unitPrice: "10.00" });
  const customer = await createCustomer(db.sql, { creditLimit: 100 });
  const sale = await createSale(db.sql, serviceRole, {
    items: [{ product_id: product.id, quantity: 2 }],
    tax_rate: 0,
    customer_id: customer.id,
    payments: [
      { method: "CASH", amount: 5, tendered: 10 },
      { method: "CREDIT", amount: 15 },
    ],
  });
  const [item] = sale.items;
  if (!item) throw new Error("a sale without items");
  return { saleId: sale.id, saleItemId: item.id, productId: product.id, customerId: customer.id };
}

/** creditSale with one of its units brought back. */
async function returnedSale(): Promise<Sold & { returnId: string }> {
  const sold = await creditSale();
  const back = await createReturn(db.sql, serviceRole, {
    sale_id: sold.saleId,
    items: [{ sale_item_id: sold.saleItemId, quantity: 1 }],
  });
  return { ...sold, returnId: back.id };
}

interface Till {
  registerId: string;
  sessionId: string;
}

/** A register, a new cashier's session open on it with 100.00 of float, and a 50.00 pay-in. */
async function openTill(): Promise<Till> {
  const register = await createRegister(db.sql);
  const cashier = await createUser(db.sql, "staff", "cajera");
  const session = await openSession(db.sql, cashier, register.id, 100);
  await moveCash(db.sql, cashier, {
    cash_session_id: session.id,
    movement_type: "PAY_IN",
    amount: 50,
    reason: "Cambio",
  });
  return { registerId: register.id, sessionId: session.id };
}

const customerRow = (id: string) => db.sql`select * from public.customers where id = ${id}`;
const registerRow = (id: string) => db.sql`select * from public.cash_registers where id = ${id}`;

/** A write to one customer the cell made; `applied` checks the row after. */
function customerWrite(
  attempt: (tx: Tx, id: string) => Promise<readonly unknown[]>,
  applied: WriteCell["applied"],
  setup: () => Promise<string> = async () => (await createCustomer(db.sql)).id,
): WriteCell<unknown> {
  return writeCell({ setup, attempt, state: customerRow, applied });
}

/** An insert of a customer named by the cell; `applied` checks the row made. */
function customerInsert(
  attempt: (tx: Tx, name: string) => Promise<readonly unknown[]>,
  applied: WriteCell["applied"],
): WriteCell<unknown> {
  return writeCell({
    setup: async () => `Cliente ${uniqueCode("M")}`,
    attempt,
    state: (name) => db.sql`select * from public.customers where name = ${name}`,
    applied,
  });
}

// =============================================================================
// The cells
// =============================================================================

const cells: Record<SalesTable, TableCells> = {
  sales: {
    select: rowsOf("sales", creditSale, "id", (s) => s.saleId),
    ...historyOf("sales", creditSale, {
      insert: (tx) => tx`
        insert into public.sales (sale_number, sale_year, sale_sequence, subtotal, total)
        values ('V-2026-900001', 2026, 900001, 20, 20) returning id
      `,
      // The one change the sales' trigger allows, made directly: still no grant.
      update: (tx, s) => tx`
        update public.sales set status = 'CANCELLED', cancelled_at = now(), cancellation_reason = 'Directo'
         where id = ${s.saleId} returning id
      `,
      delete: (tx, s) => tx`delete from public.sales where id = ${s.saleId} returning id`,
    }),
    cases: { "select/*": rowsOf("sales", creditSale, "id", (s) => s.saleId, "*") },
  },
  sale_items: {
    select: rowsOf("sale_items", creditSale, "sale_id", (s) => s.saleId),
    ...historyOf("sale_items", creditSale, {
      insert: (tx, s) => tx`
        insert into public.sale_items (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, subtotal)
        values (${s.saleId}, 2, ${s.productId}, 1, 0, 10, 6, 0) returning id
      `,
      update: (tx, s) =>
        tx`update public.sale_items set quantity = 1, subtotal = 10 where sale_id = ${s.saleId} returning id`,
      delete: (tx, s) => tx`delete from public.sale_items where sale_id = ${s.saleId} returning id`,
    }),
    cases: { "select/*": rowsOf("sale_items", creditSale, "sale_id", (s) => s.saleId, "*") },
  },
  sale_payments: {
    select: rowsOf("sale_payments", creditSale, "sale_id", (s) => s.saleId),
    ...historyOf("sale_payments", creditSale, {
      insert: (tx, s) => tx`
        insert into public.sale_payments (sale_id, position, method, amount) values (${s.saleId}, 3, 'CASH', 1) returning id
      `,
      update: (tx, s) =>
        tx`update public.sale_payments set method = 'CASH' where sale_id = ${s.saleId} and method = 'CREDIT' returning id`,
      delete: (tx, s) => tx`delete from public.sale_payments where sale_id = ${s.saleId} returning id`,
    }),
  },
  sale_returns: {
    select: rowsOf("sale_returns", returnedSale, "sale_id", (s) => s.saleId),
    ...historyOf("sale_returns", returnedSale, {
      insert: (tx, s) => tx`
        insert into public.sale_returns (return_number, sale_id, reason, refund_method, refund_total)
        values ('D-2026-900001', ${s.saleId}, 'Directa', 'CASH', 20) returning id
      `,
      update: (tx, s) => tx`update public.sale_returns set refund_total = 20 where id = ${s.returnId} returning id`,
      delete: (tx, s) => tx`delete from public.sale_returns where id = ${s.returnId} returning id`,
    }),
    cases: { "select/*": rowsOf("sale_returns", returnedSale, "sale_id", (s) => s.saleId, "*") },
  },
  sale_return_items: {
    select: rowsOf("sale_return_items", returnedSale, "return_id", (s) => s.returnId),
    ...historyOf("sale_return_items", returnedSale, {
      insert: (tx, s) => tx`
        insert into public.sale_return_items (return_id, sale_item_id, product_id, quantity, refund_amount, restock)
        values (${s.returnId}, ${s.saleItemId}, ${s.productId}, 1, 10, true) returning id
      `,
      update: (tx, s) =>
        tx`update public.sale_return_items set quantity = 2 where return_id = ${s.returnId} returning id`,
      delete: (tx, s) => tx`delete from public.sale_return_items where return_id = ${s.returnId} returning id`,
    }),
  },
  customers: {
    select: rowsOf(
      "customers",
      () => createCustomer(db.sql),
      "id",
      (c) => c.id,
    ),
    insert: customerInsert(
      (tx, name) => tx`insert into public.customers (name, phone) values (${name}, '71234567') returning id`,
      (before, after) => {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ phone: "71234567", credit_limit: "0.00", balance: "0.00", is_active: true }]);
      },
    ),
    update: customerWrite(
      (tx, id) =>
        tx`update public.customers set phone = '76543210', address = 'Calle Sucre 12' where id = ${id} returning id`,
      (_before, after) => expect(after).toMatchObject([{ phone: "76543210", address: "Calle Sucre 12" }]),
    ),
    delete: customerWrite(
      (tx, id) => tx`delete from public.customers where id = ${id} returning id`,
      (_before, after) => expect(after).toEqual([]),
    ),
    cases: {
      "insert/credit_limit": customerInsert(
        (tx, name) => tx`insert into public.customers (name, credit_limit) values (${name}, 500) returning id`,
        (before, after) => {
          expect(before).toEqual([]);
          expect(after).toMatchObject([{ credit_limit: "500.00", balance: "0.00" }]);
        },
      ),
      "insert/balance": customerInsert(
        (tx, name) => tx`insert into public.customers (name, balance) values (${name}, -50) returning id`,
        neverApplied,
      ),
      "update/credit_limit": customerWrite(
        (tx, id) => tx`update public.customers set credit_limit = 500 where id = ${id} returning id`,
        (_before, after) => expect(after).toMatchObject([{ credit_limit: "500.00" }]),
      ),
      "update/is_active": customerWrite(
        (tx, id) => tx`update public.customers set is_active = false where id = ${id} returning id`,
        (_before, after) => expect(after).toMatchObject([{ is_active: false }]),
      ),
      "update/balance": customerWrite(
        (tx, id) => tx`update public.customers set balance = -100 where id = ${id} returning id`,
        neverApplied,
      ),
      // A customer whose only history is a sale paid in cash on their name: no account movement, the sale alone.
      "delete/referenced": {
        ...customerWrite(
          (tx, id) => tx`delete from public.customers where id = ${id} returning id`,
          neverApplied,
          async () => {
            const product = await createProduct(db.sql, { stock: 1 });
            const customer = await createCustomer(db.sql);
            await createSale(db.sql, serviceRole, {
              items: [{ product_id: product.id, quantity: 1 }],
              customer_id: customer.id,
            });
            return customer.id;
          },
        ),
        inUse: "CUSTOMER_HAS_HISTORY",
      },
    },
  },
  customer_account_movements: {
    select: rowsOf("customer_account_movements", creditSale, "customer_id", (s) => s.customerId),
    ...historyOf("customer_account_movements", creditSale, {
      // A write-off nobody made through adjust_customer_balance.
      insert: (tx, s) => tx`
        insert into public.customer_account_movements
          (customer_id, movement_type, amount, previous_balance, new_balance, reason)
        values (${s.customerId}, 'ADJUSTMENT', -15, 15, 0, 'WRITE_OFF') returning id
      `,
      update: (tx, s) =>
        tx`update public.customer_account_movements set notes = 'Pagado' where customer_id = ${s.customerId} returning id`,
      delete: (tx, s) =>
        tx`delete from public.customer_account_movements where customer_id = ${s.customerId} returning id`,
    }),
    cases: {
      "select/*": rowsOf("customer_account_movements", creditSale, "customer_id", (s) => s.customerId, "*"),
    },
  },
  cash_registers: {
    select: rowsOf(
      "cash_registers",
      () => createRegister(db.sql),
      "id",
      (r) => r.id,
    ),
    insert: writeCell({
      setup: async () => `Caja ${uniqueCode("M")}`,
      attempt: (tx, name) => tx`insert into public.cash_registers (name) values (${name}) returning id`,
      state: (name) => db.sql`select * from public.cash_registers where name = ${name}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ is_active: true }]);
      },
    }),
    update: writeCell({
      setup: async () => (await createRegister(db.sql)).id,
      attempt: (tx, id) => tx`update public.cash_registers set is_active = false where id = ${id} returning id`,
      state: registerRow,
      applied: (_before, after) => expect(after).toMatchObject([{ is_active: false }]),
    }),
    delete: writeCell({
      setup: async () => (await createRegister(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.cash_registers where id = ${id} returning id`,
      state: registerRow,
      applied: (_before, after) => expect(after).toEqual([]),
    }),
    cases: {
      "delete/referenced": writeCell({
        setup: async () => (await openTill()).registerId,
        attempt: (tx, id) => tx`delete from public.cash_registers where id = ${id} returning id`,
        state: registerRow,
        applied: neverApplied,
        inUse: "CASH_REGISTER_HAS_HISTORY",
      }),
    },
  },
  cash_sessions: {
    select: rowsOf("cash_sessions", openTill, "id", (t) => t.sessionId),
    ...historyOf("cash_sessions", openTill, {
      // A second session on a busy register, with nobody's name on it.
      insert: (tx, t) => tx`
        insert into public.cash_sessions (session_number, register_id, opening_float)
        values ('Z-2026-900001', ${t.registerId}, 0) returning id
      `,
      // A close without close_cash_session: no count checked, no Z report computed.
      update: (tx, t) => tx`
        update public.cash_sessions
           set status = 'CLOSED', closed_at = now(), expected_cash = 150, counted_cash = 150, difference = 0,
               report = '{}'
         where id = ${t.sessionId} returning id
      `,
      delete: (tx, t) => tx`delete from public.cash_sessions where id = ${t.sessionId} returning id`,
    }),
  },
  cash_movements: {
    select: rowsOf("cash_movements", openTill, "cash_session_id", (t) => t.sessionId),
    ...historyOf("cash_movements", openTill, {
      insert: (tx, t) => tx`
        insert into public.cash_movements (cash_session_id, movement_type, amount, reason)
        values (${t.sessionId}, 'PAY_OUT', 50, 'Sin recibo') returning id
      `,
      update: (tx, t) =>
        tx`update public.cash_movements set amount = 5 where cash_session_id = ${t.sessionId} returning id`,
      delete: (tx, t) => tx`delete from public.cash_movements where cash_session_id = ${t.sessionId} returning id`,
    }),
    cases: { "select/*": rowsOf("cash_movements", openTill, "cash_session_id", (t) => t.sessionId, "*") },
  },
};

describe("role matrix (docs/architecture.md): sales, customers and the till, as PostgREST runs each request", () => {
  describeRoleMatrix(db, SALES_TABLES, cells);
});
