import { beforeAll, describe, expect, it } from "vitest";
import { anon, rpcAs } from "../helpers/act.ts";
import { type Sql, useTestDatabase } from "../helpers/db.ts";
import { hintOf } from "../helpers/errors.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type ProductFixture,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { cents as toCents } from "../helpers/money.ts";
import {
  approvedOrder,
  buyingState,
  costOf,
  createSupplier,
  ledgerOf,
  lineOf,
  orderNow,
  type PurchaseOrder,
  receive,
  refusedBuying,
  type SupplierFixture,
} from "./support.ts";

/**
 * Receiving a purchase order into stock: one ENTRY/PURCHASE movement per line
 * through the ledger's chain, carrying its unit cost; the moving average;
 * never more than ordered; the status following the quantities; gapless
 * receipt numbers; idempotent retries; what the supplier calls each product.
 */

const db = useTestDatabase();
const users = useRoleUsers(db);
expectHealthyLedgerAfterEach(db);
let supplier: SupplierFixture;

beforeAll(async () => {
  supplier = await createSupplier(db.sql);
});

async function storeYear(sql: Sql): Promise<number> {
  const [row] = await sql<{ year: number }[]>`
    select extract(year from now() at time zone 'America/La_Paz')::int as year`;
  return row?.year as number;
}

/** Two products, A (10 in stock at 13.83) and B (none, last cost 8.10), on an approved order of 12 A and 5 B. */
async function twoProductOrder(): Promise<{ a: ProductFixture; b: ProductFixture; order: PurchaseOrder }> {
  const a = await createProduct(db.sql, { stock: 10, unitPrice: "17.50", costPrice: "13.83" });
  const b = await createProduct(db.sql, { unitPrice: "10.00", costPrice: "8.10" });
  const order = await approvedOrder(db.sql, users, supplier.id, [
    { product_id: a.id, quantity: 12, unit_cost: 13.55 },
    { product_id: b.id, quantity: 5, unit_cost: 8.05 },
  ]);
  return { a, b, order };
}

describe("receive_purchase_order", () => {
  it("adds each line through the ledger (ENTRY/PURCHASE, referencing the receipt, with its unit cost) and moves the cost to the moving average", async () => {
    const { a, b, order } = await twoProductOrder();
    const receipt = await receive(
      db.sql,
      users.manager,
      order.id,
      [
        { purchase_order_item_id: lineOf(order, a.id).id, quantity: 10 },
        { purchase_order_item_id: lineOf(order, b.id).id, quantity: 5, unit_cost: 7.99 },
      ],
      { supplier_invoice_number: " Factura 004512 ", notes: "Llegó en dos cajas." },
    );
    const year = await storeYear(db.sql);
    expect(receipt).toMatchObject({
      purchase_order_id: order.id,
      po_number: order.po_number,
      order_status: "PARTIALLY_RECEIVED",
      supplier: { id: supplier.id, name: supplier.name, nit: supplier.nit },
      supplier_invoice_number: "Factura 004512",
      notes: "Llegó en dos cajas.",
      received_by: users.manager.id,
      // 10 × 13.55 + 5 × 7.99
      total_amount: 175.45,
    });
    expect(receipt.receipt_number).toMatch(new RegExp(`^GR-${year}-\\d{6}$`));
    expect(
      receipt.items.map((item) => [
        item.line_number,
        item.product_id,
        item.quantity,
        item.unit_cost,
        item.ordered_unit_cost,
        item.amount,
        item.stock_before,
        item.stock_after,
        item.cost_before,
        item.cost_after,
      ]),
    ).toEqual([
      // (10 × 13.83 + 10 × 13.55) / 20 = 13.69
      [1, a.id, 10, 13.55, 13.55, 135.5, 10, 20, 13.83, 13.69],
      // no stock before: the cost is the unit cost received (7.99, not the order's 8.05, which the line keeps)
      [2, b.id, 5, 7.99, 8.05, 39.95, 0, 5, 8.1, 7.99],
    ]);
    expect([await stockOf(db.sql, a.id), await stockOf(db.sql, b.id)]).toEqual([20, 5]);
    expect([await costOf(db.sql, a.id), await costOf(db.sql, b.id)]).toEqual([1369n, 799n]);

    for (const [product, previous, next, unitCost] of [
      [a, 10, 20, "13.55"],
      [b, 0, 5, "7.99"],
    ] as const) {
      const entry = (await ledgerOf(db.sql, product.id)).at(-1);
      expect(entry).toMatchObject({
        movement_type: "ENTRY",
        reason: "PURCHASE",
        quantity: next - previous,
        previous_stock: previous,
        new_stock: next,
        unit_cost: unitCost,
        reference_id: receipt.id,
        reference: receipt.receipt_number,
        created_by: users.manager.id,
      });
      expect(receipt.items.find((item) => item.product_id === product.id)?.movement_id).toBeDefined();
    }
    const [movementIds] = await db.sql<{ ok: boolean }[]>`
      select bool_and(m.id = i.movement_id and m.product_id = i.product_id and m.reference_id = i.goods_receipt_id) as ok
        from public.goods_receipt_items i join public.inventory_movements m on m.id = i.movement_id
       where i.goods_receipt_id = ${receipt.id}`;
    expect(movementIds?.ok).toBe(true);
  });

  it("lets the status follow the quantities: APPROVED → PARTIALLY_RECEIVED → RECEIVED, remaining counted down", async () => {
    const { a, b, order } = await twoProductOrder();
    const lineA = lineOf(order, a.id);
    const lineB = lineOf(order, b.id);
    const steps: [{ purchase_order_item_id: string; quantity: number }[], string, [number, number]][] = [
      [[{ purchase_order_item_id: lineA.id, quantity: 5 }], "PARTIALLY_RECEIVED", [7, 5]],
      [[{ purchase_order_item_id: lineB.id, quantity: 5 }], "PARTIALLY_RECEIVED", [7, 0]],
      [[{ purchase_order_item_id: lineA.id, quantity: 6 }], "PARTIALLY_RECEIVED", [1, 0]],
      [[{ purchase_order_item_id: lineA.id, quantity: 1 }], "RECEIVED", [0, 0]],
    ];
    for (const [items, status, remaining] of steps) {
      const receipt = await receive(db.sql, users.staff, order.id, items);
      expect(receipt.order_status).toBe(status);
      const now = await orderNow(db.sql, order.id);
      expect(now.status).toBe(status);
      expect(now.items.map((item) => item.quantity_remaining)).toEqual(remaining);
    }
    const final = await orderNow(db.sql, order.id);
    expect(final.receipts.map((receipt) => receipt.items.map((item) => item.quantity))).toEqual([[5], [5], [6], [1]]);
    expect(final.items.map((item) => item.quantity_received)).toEqual([12, 5]);
  });

  it("rounds the moving average half-up to cents: 1 at 1.00 plus 1 at 1.01 is 1.01 (banker's rounding would say 1.00)", async () => {
    const product = await createProduct(db.sql, { stock: 1, unitPrice: "2.00", costPrice: "1.00" });
    const order = await approvedOrder(db.sql, users, supplier.id, [
      { product_id: product.id, quantity: 1, unit_cost: 1.01 },
    ]);
    await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: order.items[0]?.id, quantity: 1 }]);
    expect(await costOf(db.sql, product.id)).toBe(101n);
  });

  it("shows a receipt's unit costs, amounts and averages to managers and admins only", async () => {
    const { a, order } = await twoProductOrder();
    const byStaff = await receive(db.sql, users.staff, order.id, [
      { purchase_order_item_id: lineOf(order, a.id).id, quantity: 1, unit_cost: 13 },
    ]);
    expect(byStaff.total_amount).toBeNull();
    expect(byStaff.items[0]).toMatchObject({
      quantity: 1,
      stock_before: 10,
      stock_after: 11,
      unit_cost: null,
      ordered_unit_cost: null,
      amount: null,
      cost_before: null,
      cost_after: null,
    });
    const seen = await orderNow(db.sql, order.id, users.manager);
    expect(seen.receipts[0]?.items[0]?.unit_cost).toBe(13);
    expect((await orderNow(db.sql, order.id, users.viewer)).receipts[0]?.items[0]?.unit_cost).toBeNull();
  });

  it("learns what the supplier calls each product and what it last charged; a code given to another product moves to it", async () => {
    const { a, b, order } = await twoProductOrder();
    await receive(db.sql, users.staff, order.id, [
      { purchase_order_item_id: lineOf(order, a.id).id, quantity: 2, supplier_sku: " ida-0900 " },
      { purchase_order_item_id: lineOf(order, b.id).id, quantity: 1 },
    ]);
    const known = () =>
      db.sql<{ product_id: string; supplier_sku: string | null; last_unit_cost: string }[]>`
        select product_id, supplier_sku, last_unit_cost::text from public.supplier_products
         where supplier_id = ${supplier.id} and product_id in (${a.id}, ${b.id}) order by supplier_sku nulls last`;
    expect(await known()).toEqual([
      { product_id: a.id, supplier_sku: "IDA-0900", last_unit_cost: "13.55" },
      { product_id: b.id, supplier_sku: null, last_unit_cost: "8.05" },
    ]);
    // The supplier now prints IDA-0900 on B (it renumbered its list): the code follows.
    await receive(db.sql, users.staff, order.id, [
      { purchase_order_item_id: lineOf(order, b.id).id, quantity: 1, supplier_sku: "IDA-0900", unit_cost: 8.2 },
      { purchase_order_item_id: lineOf(order, a.id).id, quantity: 1 },
    ]);
    expect(await known()).toEqual([
      { product_id: b.id, supplier_sku: "IDA-0900", last_unit_cost: "8.20" },
      { product_id: a.id, supplier_sku: null, last_unit_cost: "13.55" },
    ]);
  });

  it("receives a product deactivated since the order was approved: the goods are on the shelf", async () => {
    const { a, order } = await twoProductOrder();
    await db.sql`update public.products set is_active = false where id = ${a.id}`;
    await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 12 }]);
    expect(await stockOf(db.sql, a.id)).toBe(22);
  });

  it("numbers receipts GR-<year>-000001 … without gaps: a refused receipt takes no number", async () => {
    const { a, order } = await twoProductOrder();
    const line = lineOf(order, a.id).id;
    const first = await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: line, quantity: 1 }]);
    await refusedBuying(db.sql, () =>
      receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: line, quantity: 99 }]),
    );
    const second = await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: line, quantity: 1 }]);
    const number = (receipt: { receipt_number: string }) => Number(receipt.receipt_number.slice(-6));
    expect(number(second)).toBe(number(first) + 1);
    const numbers = await db.sql<{ receipt_sequence: number }[]>`
      select receipt_sequence from public.goods_receipts order by receipt_sequence`;
    expect(numbers.map((row) => row.receipt_sequence)).toEqual(numbers.map((_, index) => index + 1));
  });
});

describe("receive_purchase_order refuses, and writes nothing", () => {
  let order: PurchaseOrder;
  let other: PurchaseOrder;
  let a: ProductFixture;
  let b: ProductFixture;

  beforeAll(async () => {
    ({ a, b, order } = await twoProductOrder());
    await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 9 }]);
    other = await approvedOrder(db.sql, users, supplier.id, [{ product_id: a.id, quantity: 1, unit_cost: 1 }]);
  });

  const lineA = () => ({ purchase_order_item_id: lineOf(order, a.id).id, quantity: 1 });
  const lineB = () => ({ purchase_order_item_id: lineOf(order, b.id).id, quantity: 1 });
  const cases: [string, () => Record<string, unknown>, string, number, number?][] = [
    ["items not an array", () => ({ items: "all" }), "VALIDATION_ERROR", 400],
    ["no lines", () => ({ items: [] }), "EMPTY_ORDER", 400],
    ["501 lines", () => ({ items: Array.from({ length: 501 }, lineA) }), "VALIDATION_ERROR", 400],
    ["a line that is not an object", () => ({ items: [lineA(), null] }), "VALIDATION_ERROR", 400, 2],
    ["an unknown key", () => ({ items: [{ ...lineA(), product_id: a.id }] }), "VALIDATION_ERROR", 400, 1],
    [
      "an order line id that is not a UUID",
      () => ({ items: [{ ...lineA(), purchase_order_item_id: "1" }] }),
      "VALIDATION_ERROR",
      400,
      1,
    ],
    ["quantity 0", () => ({ items: [lineB(), { ...lineA(), quantity: 0 }] }), "INVALID_QUANTITY", 400, 2],
    ["quantity 1.5", () => ({ items: [{ ...lineA(), quantity: 1.5 }] }), "INVALID_QUANTITY", 400, 1],
    ["quantity as a string", () => ({ items: [{ ...lineA(), quantity: "1" }] }), "INVALID_QUANTITY", 400, 1],
    ["quantity over 1,000,000", () => ({ items: [{ ...lineA(), quantity: 1_000_001 }] }), "INVALID_QUANTITY", 400, 1],
    ["a negative unit cost", () => ({ items: [{ ...lineA(), unit_cost: -1 }] }), "INVALID_PRICE", 400, 1],
    ["a unit cost with 3 decimals", () => ({ items: [{ ...lineA(), unit_cost: 13.555 }] }), "INVALID_PRICE", 400, 1],
    ["a unit cost as a string", () => ({ items: [{ ...lineA(), unit_cost: "13" }] }), "INVALID_PRICE", 400, 1],
    ["a supplier code with a #", () => ({ items: [{ ...lineA(), supplier_sku: "AB#1" }] }), "VALIDATION_ERROR", 400, 1],
    [
      "a blank supplier code",
      () => ({ items: [{ ...lineA(), supplier_sku: " \u200b " }] }),
      "VALIDATION_ERROR",
      400,
      1,
    ],
    [
      "a supplier code that is a number",
      () => ({ items: [{ ...lineA(), supplier_sku: 12 }] }),
      "VALIDATION_ERROR",
      400,
      1,
    ],
    [
      "one supplier code on two lines",
      () => ({
        items: [
          { ...lineA(), supplier_sku: "X1" },
          { ...lineB(), supplier_sku: "x1" },
        ],
      }),
      "VALIDATION_ERROR",
      400,
      2,
    ],
    ["an order line on two lines", () => ({ items: [lineA(), lineB(), lineA()] }), "DUPLICATE_ORDER_LINE", 400, 3],
    [
      "another order's line",
      () => ({ items: [lineB(), { purchase_order_item_id: other.items[0]?.id, quantity: 1 }] }),
      "PURCHASE_ORDER_ITEM_NOT_FOUND",
      404,
      2,
    ],
    [
      "a line that does not exist",
      () => ({ items: [{ purchase_order_item_id: crypto.randomUUID(), quantity: 1 }] }),
      "PURCHASE_ORDER_ITEM_NOT_FOUND",
      404,
      1,
    ],
    [
      "more than is left of a line",
      () => ({ items: [lineB(), { ...lineA(), quantity: 4 }] }),
      "RECEIPT_EXCEEDS_ORDERED",
      409,
      2,
    ],
    ["more than ordered at once", () => ({ items: [{ ...lineB(), quantity: 6 }] }), "RECEIPT_EXCEEDS_ORDERED", 409, 1],
    [
      "an invoice number over 100 characters",
      () => ({ items: [lineA()], supplier_invoice_number: "F".repeat(101) }),
      "VALIDATION_ERROR",
      400,
    ],
    ["notes over 500 characters", () => ({ items: [lineA()], notes: "n".repeat(501) }), "VALIDATION_ERROR", 400],
    [
      "an idempotency key over 200 characters",
      () => ({ items: [lineA()], idempotency_key: "k".repeat(201) }),
      "VALIDATION_ERROR",
      400,
    ],
  ];

  it.each(cases)("%s", async (_name, args, code, status, line) => {
    const failure = await refusedBuying(db.sql, () =>
      rpcAs(db.sql, users.staff, "receive_purchase_order", { purchase_order_id: order.id, ...args() }),
    );
    expect({ code: failure.message, status: failure.status }).toEqual({ code, status });
    if (line !== undefined) expect(hintOf(failure).line).toBe(line);
  });

  it("over-receipt says what was ordered, received and remains", async () => {
    const failure = await refusedBuying(db.sql, () =>
      receive(db.sql, users.staff, order.id, [{ ...lineA(), quantity: 4 }]),
    );
    expect(hintOf(failure)).toMatchObject({
      line: 1,
      product_id: a.id,
      sku: a.sku,
      ordered: 12,
      received: 9,
      remaining: 3,
      requested: 4,
    });
  });

  it("roles: a viewer or a user without a role is FORBIDDEN (403); anon is refused outright (401)", async () => {
    for (const actor of [users.viewer, users.noRole]) {
      const failure = await refusedBuying(db.sql, () => receive(db.sql, actor, order.id, [lineA()]));
      expect({ code: failure.message, status: failure.status }).toEqual({ code: "FORBIDDEN", status: 403 });
    }
    const failure = await refusedBuying(db.sql, () => receive(db.sql, anon, order.id, [lineA()]), { anonymous: true });
    expect({ code: failure.code, status: failure.status }).toEqual({ code: "42501", status: 401 });
  });

  it("never takes a product's stock past 1,000,000,000 units (STOCK_LIMIT_EXCEEDED, naming the line)", async () => {
    const full = await createProduct(db.sql);
    await db.sql`
      insert into public.inventory_movements (product_id, movement_type, quantity, reason, previous_stock, new_stock)
      values (${full.id}, 'ENTRY', 999999999, 'INITIAL_STOCK', 0, 999999999)`;
    await db.sql`update public.products set current_stock = 999999999 where id = ${full.id}`;
    const capped = await approvedOrder(db.sql, users, supplier.id, [
      { product_id: b.id, quantity: 1, unit_cost: 1 },
      { product_id: full.id, quantity: 2, unit_cost: 1 },
    ]);
    const failure = await refusedBuying(db.sql, () =>
      receive(
        db.sql,
        users.staff,
        capped.id,
        capped.items.map((item) => ({ purchase_order_item_id: item.id, quantity: item.quantity_ordered })),
      ),
    );
    expect({ code: failure.message, status: failure.status, line: hintOf(failure).line }).toEqual({
      code: "STOCK_LIMIT_EXCEEDED",
      status: 409,
      line: 2,
    });
  });
});

describe("retrying a receipt with its idempotency key", () => {
  it("returns the first receipt to the same request from the same user, writing nothing more", async () => {
    const { a, order } = await twoProductOrder();
    const items = [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 4, supplier_sku: "A-1" }];
    const first = await receive(db.sql, users.staff, order.id, items, {
      supplier_invoice_number: "F-1",
      idempotency_key: "almacen-0001",
    });
    const before = await buyingState(db.sql);
    const again = await receive(db.sql, users.staff, order.id, items, {
      supplier_invoice_number: " F-1 ",
      idempotency_key: "almacen-0001",
    });
    expect(again).toEqual(first);
    expect(await buyingState(db.sql)).toEqual(before);
    expect(await stockOf(db.sql, a.id)).toBe(14);
  });

  it("refuses the key with another request (a different quantity, order or invoice, or an invalid one): IDEMPOTENCY_KEY_REUSED", async () => {
    const { a, b, order } = await twoProductOrder();
    const items = [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 4 }];
    const first = await receive(db.sql, users.staff, order.id, items, { idempotency_key: "almacen-0002" });
    const other = await approvedOrder(db.sql, users, supplier.id, [{ product_id: b.id, quantity: 1, unit_cost: 1 }]);
    for (const [what, orderId, request] of [
      ["another quantity", order.id, { items: [{ ...items[0], quantity: 5 }] }],
      ["another invoice number", order.id, { items, supplier_invoice_number: "F-9" }],
      ["another order", other.id, { items: [{ purchase_order_item_id: other.items[0]?.id, quantity: 1 }] }],
      ["an invalid request", order.id, { items: [] }],
    ] as const) {
      const failure = await refusedBuying(db.sql, () =>
        rpcAs(db.sql, users.staff, "receive_purchase_order", {
          purchase_order_id: orderId,
          idempotency_key: "almacen-0002",
          ...request,
        }),
      );
      expect({ code: failure.message, status: failure.status }, what).toEqual({
        code: "IDEMPOTENCY_KEY_REUSED",
        status: 409,
      });
      expect(hintOf(failure)).toMatchObject({ goods_receipt_id: first.id, receipt_number: first.receipt_number });
    }
  });

  it("keys are per user: the same key from another cashier is another delivery", async () => {
    const { a, order } = await twoProductOrder();
    const items = [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 2 }];
    const first = await receive(db.sql, users.staff, order.id, items, { idempotency_key: "caja-7" });
    const second = await receive(db.sql, users.manager, order.id, items, { idempotency_key: "caja-7" });
    expect(second.id).not.toBe(first.id);
    expect(await stockOf(db.sql, a.id)).toBe(14);
  });
});

describe("the ledger's unit cost", () => {
  it("is the cost each receipt line brought in, and null on every other movement", async () => {
    const { a, order } = await twoProductOrder();
    await receive(db.sql, users.staff, order.id, [{ purchase_order_item_id: lineOf(order, a.id).id, quantity: 3 }]);
    await rpcAs(db.sql, users.manager, "register_stock_exit", { product_id: a.id, quantity: 1 });
    const ledger = await ledgerOf(db.sql, a.id);
    expect(ledger.map((row) => [row.reason, row.unit_cost])).toEqual([
      ["INITIAL_STOCK", null],
      ["PURCHASE", "13.55"],
      ["DAMAGE", null],
    ]);
    expect(toCents(ledger[1]?.unit_cost ?? "0")).toBe(1355n);
  });
});
