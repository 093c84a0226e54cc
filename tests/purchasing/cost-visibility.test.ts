import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, actAs, serviceRole } from "../helpers/act.ts";
import { useTestDatabase } from "../helpers/db.ts";
import { failureOf } from "../helpers/errors.ts";
import { createProduct, useRoleUsers } from "../helpers/fixtures.ts";
import { approvedOrder, createSupplier, receive } from "./support.ts";

/**
 * Buying data is the owner's business, like products.cost_price: no API role
 * reads a unit cost, an amount or an average through the tables (so
 * `select=*` is refused on them: list the columns), nor a receipt's
 * idempotency internals; every role still reads orders, receipts and the
 * ledger by naming their columns; managers and admins see the money through
 * the buying RPCs (tested with each RPC), the service role everywhere.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
let receiptId: string;
let orderId: string;

beforeAll(async () => {
  const supplier = await createSupplier(db.sql);
  const product = await createProduct(db.sql, { stock: 2, costPrice: "5.00" });
  const order = await approvedOrder(db.sql, users, supplier.id, [
    { product_id: product.id, quantity: 4, unit_cost: 5.2 },
  ]);
  orderId = order.id;
  const receipt = await receive(
    db.sql,
    users.staff,
    order.id,
    [{ purchase_order_item_id: order.items[0]?.id, quantity: 4 }],
    {
      idempotency_key: "k-1",
    },
  );
  receiptId = receipt.id;
});

const everyRole = (): [string, Actor][] => [
  ["viewer", users.viewer],
  ["staff", users.staff],
  ["manager", users.manager],
  ["admin", users.admin],
];

describe("no API role reads buying money through the tables", () => {
  it.each([
    ["inventory_movements.unit_cost", "select unit_cost from public.inventory_movements"],
    ["inventory_movements (select=*)", "select * from public.inventory_movements"],
    ["purchase_orders.subtotal", "select subtotal from public.purchase_orders"],
    ["purchase_orders.tax_amount", "select tax_amount from public.purchase_orders"],
    ["purchase_orders.total", "select total from public.purchase_orders"],
    ["purchase_orders (select=*)", "select * from public.purchase_orders"],
    ["purchase_order_items.unit_cost", "select unit_cost from public.purchase_order_items"],
    ["purchase_order_items.amount", "select amount from public.purchase_order_items"],
    ["goods_receipt_items.unit_cost", "select unit_cost from public.goods_receipt_items"],
    ["goods_receipt_items.ordered_unit_cost", "select ordered_unit_cost from public.goods_receipt_items"],
    ["goods_receipt_items.amount", "select amount from public.goods_receipt_items"],
    ["goods_receipt_items.cost_before", "select cost_before from public.goods_receipt_items"],
    ["goods_receipt_items.cost_after", "select cost_after from public.goods_receipt_items"],
    ["goods_receipts.idempotency_key", "select idempotency_key from public.goods_receipts"],
    ["goods_receipts.request_hash", "select request_hash from public.goods_receipts"],
    ["goods_receipts (select=*)", "select * from public.goods_receipts"],
    ["supplier_products.last_unit_cost", "select last_unit_cost from public.supplier_products"],
  ])("%s: permission denied (42501) for every role", async (_column, query) => {
    for (const [role, actor] of everyRole()) {
      const failure = await failureOf(actAs(db.sql, actor, (tx) => tx.unsafe(query), { readOnly: true }));
      expect(failure.code, role).toBe("42501");
    }
  });

  it("every role still reads orders, receipts and the ledger by naming their columns", async () => {
    for (const [role, actor] of everyRole()) {
      const rows = await actAs(
        db.sql,
        actor,
        (tx) => tx`
          select o.po_number, o.status, i.quantity_ordered, i.quantity_received, r.receipt_number, ri.quantity,
                 m.reason, m.reference
            from public.purchase_orders o
            join public.purchase_order_items i on i.purchase_order_id = o.id
            join public.goods_receipts r on r.purchase_order_id = o.id
            join public.goods_receipt_items ri on ri.goods_receipt_id = r.id
            join public.inventory_movements m on m.id = ri.movement_id
           where o.id = ${orderId}`,
        { readOnly: true },
      );
      expect(rows, role).toEqual([
        {
          po_number: expect.stringMatching(/^PO-/),
          status: "RECEIVED",
          quantity_ordered: 4,
          quantity_received: 4,
          receipt_number: expect.stringMatching(/^GR-/),
          quantity: 4,
          reason: "PURCHASE",
          reference: expect.stringMatching(/^GR-/),
        },
      ]);
    }
  });

  it("the service role reads every column, as the server key must", async () => {
    const rows = await actAs(
      db.sql,
      serviceRole,
      (tx) => tx`
        select m.unit_cost::text, ri.cost_after::text, r.idempotency_key
          from public.goods_receipts r
          join public.goods_receipt_items ri on ri.goods_receipt_id = r.id
          join public.inventory_movements m on m.id = ri.movement_id
         where r.id = ${receiptId}`,
    );
    // (2 × 5.00 + 4 × 5.20) / 6 = 5.1333… → 5.13
    expect(rows).toEqual([{ unit_cost: "5.20", cost_after: "5.13", idempotency_key: "k-1" }]);
  });
});
