/**
 * The role matrix (role-matrix.ts, docs/architecture.md) for buying: the
 * suppliers, what each calls a product, the purchase orders with their lines
 * and the goods receipts with theirs, cell by cell. What these tables hold is
 * made the way the store makes it, through the RPCs (staff write and submit
 * an order, a manager approves it, staff receive part of it with the
 * supplier's code for the product); each cell makes its own.
 */

import type { Tx } from "@comarapa/testkit";
import { describe, expect } from "vitest";
import { useTestDatabase } from "../helpers/db.ts";
import { createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { approvedOrder, createOrder, createSupplier, lineOf, receive, uniqueNit } from "../purchasing/support.ts";
import {
  BUYING_TABLES,
  describeRoleMatrix,
  neverApplied,
  type ReadCell,
  type TableCells,
  tableCells,
  writeCell,
} from "./role-matrix.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);
const { rowsOf, historyOf } = tableCells(db);

type BuyingTable = (typeof BUYING_TABLES)[number];

// =============================================================================
// What the cells read and write, made through the RPCs
// =============================================================================

interface Bought {
  supplierId: string;
  productId: string;
  orderId: string;
  orderItemId: string;
  receiptId: string;
}

/**
 * An order of five units at 4.00 from a new supplier, written and submitted
 * by staff, approved by a manager, and three units of it received by staff on
 * invoice F-1001 with the supplier's code AZ-101 (learned into
 * supplier_products, with its last unit cost): PARTIALLY_RECEIVED.
 */
async function partlyReceived(): Promise<Bought> {
  const supplier = await createSupplier(db.sql);
  const product = await createProduct(db.sql, { stock: 2, costPrice: "3.00" });
  const order = await approvedOrder(db.sql, users, supplier.id, [
    { product_id: product.id, quantity: 5, unit_cost: 4 },
  ]);
  const line = lineOf(order, product.id);
  const receipt = await receive(
    db.sql,
    users.staff,
    order.id,
    [{ purchase_order_item_id: line.id, quantity: 3, supplier_sku: "AZ-101" }],
    { supplier_invoice_number: "F-1001" },
  );
  return {
    supplierId: supplier.id,
    productId: product.id,
    orderId: order.id,
    orderItemId: line.id,
    receiptId: receipt.id,
  };
}

/**
 * What a supplier calls the products it sold (supplier_products has no id:
 * its key is the supplier and the product, and the product names the row here).
 * `columns: "*"` reads every column, as `GET /supplier_products` without
 * `select=` does.
 */
function codesOf(columns: "product_id" | "*"): ReadCell {
  return {
    async setup() {
      const { supplierId } = await partlyReceived();
      const query = async (sql: Tx) =>
        (
          await (columns === "*"
            ? sql<{ product_id: string }[]>`select * from public.supplier_products where supplier_id = ${supplierId}`
            : sql<
                { product_id: string }[]
              >`select product_id from public.supplier_products where supplier_id = ${supplierId}`)
        )
          .map((row) => row.product_id)
          .sort();
      return { all: await db.sql.begin(query), own: [], read: query };
    },
  };
}

const supplierRow = (id: string) => db.sql`select * from public.suppliers where id = ${id}`;
const codesRow = (supplierId: string) =>
  db.sql`select * from public.supplier_products where supplier_id = ${supplierId} order by product_id`;

// =============================================================================
// The cells
// =============================================================================

const cells: Record<BuyingTable, TableCells> = {
  suppliers: {
    select: rowsOf(
      "suppliers",
      () => createSupplier(db.sql),
      "id",
      (s) => s.id,
    ),
    insert: writeCell({
      setup: async () => uniqueNit(),
      attempt: (tx, nit) => tx`
        insert into public.suppliers (name, nit, phone, payment_terms_days)
        values (${`Distribuidora ${nit}`}, ${nit}, '+591 3 3456789', 30) returning id
      `,
      state: (nit) => db.sql`select * from public.suppliers where nit = ${nit}`,
      applied(before, after) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ phone: "+591 3 3456789", payment_terms_days: 30, is_active: true }]);
      },
    }),
    update: writeCell({
      setup: async () => (await createSupplier(db.sql)).id,
      attempt: (tx, id) =>
        tx`update public.suppliers set contact_name = 'Rosa Vaca', payment_terms_days = 15 where id = ${id} returning id`,
      state: supplierRow,
      applied: (_before, after) => expect(after).toMatchObject([{ contact_name: "Rosa Vaca", payment_terms_days: 15 }]),
    }),
    delete: writeCell({
      setup: async () => (await createSupplier(db.sql)).id,
      attempt: (tx, id) => tx`delete from public.suppliers where id = ${id} returning id`,
      state: supplierRow,
      applied: (_before, after) => expect(after).toEqual([]),
    }),
    cases: {
      // A supplier whose only order is a draft: any order keeps it.
      "delete/referenced": writeCell({
        async setup() {
          const supplier = await createSupplier(db.sql);
          const product = await createProduct(db.sql);
          await createOrder(db.sql, users.staff, supplier.id, [{ product_id: product.id, quantity: 1, unit_cost: 2 }]);
          return supplier.id;
        },
        attempt: (tx, id) => tx`delete from public.suppliers where id = ${id} returning id`,
        state: (id) => db.sql`
          select s.*, (select count(*)::int from public.purchase_orders o where o.supplier_id = s.id) as orders
            from public.suppliers s where s.id = ${id}
        `,
        applied: neverApplied,
        inUse: "SUPPLIER_HAS_ORDERS",
      }),
    },
  },
  supplier_products: {
    select: codesOf("product_id"),
    // A code given by hand, for a product never received from this supplier.
    insert: writeCell({
      async setup() {
        const supplier = await createSupplier(db.sql);
        const product = await createProduct(db.sql);
        return { supplierId: supplier.id, productId: product.id };
      },
      attempt: (tx, made) => tx`
        insert into public.supplier_products (supplier_id, product_id, supplier_sku)
        values (${made.supplierId}, ${made.productId}, 'AZ-202') returning product_id
      `,
      state: (made) => codesRow(made.supplierId),
      applied(before, after, made) {
        expect(before).toEqual([]);
        expect(after).toMatchObject([{ product_id: made.productId, supplier_sku: "AZ-202", last_unit_cost: null }]);
      },
    }),
    // A learned code corrected.
    update: writeCell({
      setup: partlyReceived,
      attempt: (tx, made) => tx`
        update public.supplier_products set supplier_sku = 'AZ-101/B'
         where supplier_id = ${made.supplierId} and product_id = ${made.productId} returning product_id
      `,
      state: (made) => codesRow(made.supplierId),
      applied: (_before, after) => expect(after).toMatchObject([{ supplier_sku: "AZ-101/B", last_unit_cost: "4.00" }]),
    }),
    delete: writeCell({
      setup: partlyReceived,
      attempt: (tx, made) => tx`
        delete from public.supplier_products
         where supplier_id = ${made.supplierId} and product_id = ${made.productId} returning product_id
      `,
      state: (made) => codesRow(made.supplierId),
      applied: (_before, after) => expect(after).toEqual([]),
    }),
    cases: { "select/*": codesOf("*") },
  },
  purchase_orders: {
    select: rowsOf("purchase_orders", partlyReceived, "id", (b) => b.orderId),
    ...historyOf("purchase_orders", partlyReceived, {
      // An order nobody wrote through create_purchase_order, approved from the start.
      insert: (tx, b) => tx`
        insert into public.purchase_orders (po_number, po_sequence, supplier_id, status, order_date, submitted_at, approved_at)
        values ('PO-900001', 900001, ${b.supplierId}, 'APPROVED', current_date, now(), now()) returning id
      `,
      // A close without close_purchase_order.
      update: (tx, b) => tx`
        update public.purchase_orders set status = 'CLOSED', closed_at = now(), status_reason = 'Directo'
         where id = ${b.orderId} returning id
      `,
      delete: (tx, b) => tx`delete from public.purchase_orders where id = ${b.orderId} returning id`,
    }),
    cases: { "select/*": rowsOf("purchase_orders", partlyReceived, "id", (b) => b.orderId, "*") },
  },
  purchase_order_items: {
    select: rowsOf("purchase_order_items", partlyReceived, "purchase_order_id", (b) => b.orderId),
    ...historyOf("purchase_order_items", partlyReceived, {
      // A line added to an approved order.
      insert: (tx, b) => tx`
        insert into public.purchase_order_items (purchase_order_id, line_number, product_id, quantity_ordered, unit_cost, amount)
        values (${b.orderId}, 2, ${b.productId}, 1, 0, 0) returning id
      `,
      // The rest marked received with no receipt, no stock and no ledger entry.
      update: (tx, b) => tx`
        update public.purchase_order_items set quantity_received = quantity_ordered
         where purchase_order_id = ${b.orderId} returning id
      `,
      delete: (tx, b) =>
        tx`delete from public.purchase_order_items where purchase_order_id = ${b.orderId} returning id`,
    }),
    cases: {
      "select/*": rowsOf("purchase_order_items", partlyReceived, "purchase_order_id", (b) => b.orderId, "*"),
    },
  },
  goods_receipts: {
    select: rowsOf("goods_receipts", partlyReceived, "purchase_order_id", (b) => b.orderId),
    ...historyOf("goods_receipts", partlyReceived, {
      insert: (tx, b) => tx`
        insert into public.goods_receipts (receipt_number, receipt_year, receipt_sequence, purchase_order_id)
        values ('GR-2026-900001', 2026, 900001, ${b.orderId}) returning id
      `,
      update: (tx, b) =>
        tx`update public.goods_receipts set supplier_invoice_number = 'F-9999' where id = ${b.receiptId} returning id`,
      delete: (tx, b) => tx`delete from public.goods_receipts where id = ${b.receiptId} returning id`,
    }),
    cases: { "select/*": rowsOf("goods_receipts", partlyReceived, "purchase_order_id", (b) => b.orderId, "*") },
  },
  goods_receipt_items: {
    select: rowsOf("goods_receipt_items", partlyReceived, "goods_receipt_id", (b) => b.receiptId),
    ...historyOf("goods_receipt_items", partlyReceived, {
      // Two more units on the receipt, with no ledger entry behind them.
      insert: (tx, b) => tx`
        insert into public.goods_receipt_items
          (goods_receipt_id, line_number, purchase_order_item_id, product_id, quantity, unit_cost, ordered_unit_cost,
           amount, stock_before, cost_before, cost_after, movement_id)
        values (${b.receiptId}, 2, ${b.orderItemId}, ${b.productId}, 2, 4, 4, 8, 5, 3.60, 3.71, gen_random_uuid())
        returning id
      `,
      // A cheaper delivery than the ledger and the average say.
      update: (tx, b) => tx`
        update public.goods_receipt_items set unit_cost = 1, amount = 3 where goods_receipt_id = ${b.receiptId} returning id
      `,
      delete: (tx, b) =>
        tx`delete from public.goods_receipt_items where goods_receipt_id = ${b.receiptId} returning id`,
    }),
    cases: {
      "select/*": rowsOf("goods_receipt_items", partlyReceived, "goods_receipt_id", (b) => b.receiptId, "*"),
    },
  },
};

describe("role matrix (docs/architecture.md): suppliers, purchase orders and receipts, as PostgREST runs each request", () => {
  describeRoleMatrix(db, BUYING_TABLES, cells);
});
