import { describe, expect, it } from "vitest";
import { actAs, rpcAs, serviceRole } from "../helpers/act.ts";
import { databaseNow, useTestDatabase } from "../helpers/db.ts";
import {
  createProduct,
  expectHealthyLedgerAfterEach,
  type ProductFixture,
  stockOf,
  useRoleUsers,
} from "../helpers/fixtures.ts";
import { asNumber, cents, taxHalfEven, taxOf } from "../helpers/money.ts";
import { createSale, expectLineError, movementsOfSale, parseSaleNumber, refusedSale, type Sale } from "./support.ts";

const db = useTestDatabase();
const users = useRoleUsers(db);

expectHealthyLedgerAfterEach(db);

/** The sales columns the API returns (all but the internal request_hash, idempotency_key, sale_year and sale_sequence) plus items, payments and customer. */
const SALE_KEYS = [
  "cancellation_reason",
  "cancelled_at",
  "cancelled_by",
  "cancelled_cash_session_id",
  "cash_session_id",
  "created_at",
  "created_by",
  "customer",
  "customer_id",
  "discount",
  "id",
  "items",
  "line_discount",
  "notes",
  "payment_method",
  "payments",
  "sale_date",
  "sale_number",
  "status",
  "subtotal",
  "tax",
  "tax_rate",
  "total",
];

describe("create_sale: a sale is all or nothing, computed in SQL", () => {
  it("returns the sale with its items and writes exactly one sale, one item and one EXIT/SALE movement per line", async () => {
    const rice = await createProduct(db.sql, { name: "Arroz Grano de Oro 1 kg", stock: 20, unitPrice: "12.50" });
    const oil = await createProduct(db.sql, { name: "Aceite Fino 900 ml", stock: 9, unitPrice: "7.25", costPrice: 5 });
    const before = await databaseNow(db.sql);

    // A manager: the discounts and the tax rate are beyond what staff may decide (tests/sales/sale-rules.test.ts).
    const sale = await createSale(db.sql, users.manager, {
      items: [
        { product_id: rice.id, quantity: 3 },
        { product_id: oil.id, quantity: 2, discount: 0.5 },
      ],
      discount: 1,
      tax_rate: 13,
      payment_method: "CARD",
      notes: "  Cliente frecuente  ",
    });
    const after = await databaseNow(db.sql);

    expect(Object.keys(sale).sort()).toEqual(SALE_KEYS);
    // 3 × 12.50 = 37.50; 2 × 7.25 − 0.50 = 14.00; subtotal 51.50; net 50.50;
    // tax 13% = 6.565 → 6.57 half-up (banker's rounding would give 6.56); total 57.07.
    expect(sale).toMatchObject({
      subtotal: 51.5,
      line_discount: 0.5,
      discount: 1,
      tax_rate: 13,
      tax: 6.57,
      total: 57.07,
      status: "COMPLETED",
      payment_method: "CARD",
      notes: "Cliente frecuente",
      created_by: users.manager.id,
      cancelled_at: null,
      cancelled_by: null,
      cancellation_reason: null,
    });
    expect(taxHalfEven(cents("50.50"), 13)).toBe(656n);
    expect(sale.items).toEqual([
      {
        id: expect.any(String),
        sale_id: sale.id,
        line_number: 1,
        product_id: rice.id,
        quantity: 3,
        unit_price: 12.5,
        list_price: 12.5,
        cost_price: 6,
        discount: 0,
        subtotal: 37.5,
        product: { sku: rice.sku, name: rice.name },
      },
      {
        id: expect.any(String),
        sale_id: sale.id,
        line_number: 2,
        product_id: oil.id,
        quantity: 2,
        unit_price: 7.25,
        list_price: 7.25,
        cost_price: 5,
        discount: 0.5,
        subtotal: 14,
        product: { sku: oil.sku, name: oil.name },
      },
    ]);
    // Sent with payment_method only: one payment of that method for the whole total, no customer.
    expect(sale.payments).toEqual([{ method: "CARD", amount: 57.07, tendered: null, change: null, reference: null }]);
    expect(sale).toMatchObject({ customer_id: null, customer: null });

    // sale_date is a timestamptz (an ISO instant with its offset), the moment of the sale.
    expect(sale.sale_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
    const saleDate = new Date(sale.sale_date);
    expect(saleDate.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(saleDate.getTime()).toBeLessThanOrEqual(after.getTime() + 1);
    const [{ type } = { type: "" }] = await db.sql<{ type: string }[]>`
      select format_type(atttypid, atttypmod) as type from pg_attribute
       where attrelid = 'public.sales'::regclass and attname = 'sale_date'
    `;
    expect(type).toBe("timestamp with time zone");

    // The number is V-<year in La Paz>-NNNNNN.
    const [{ year } = { year: 0 }] = await db.sql<{ year: number }[]>`
      select extract(year from ${saleDate}::timestamptz at time zone 'America/La_Paz')::int as year
    `;
    expect(parseSaleNumber(sale.sale_number).year).toBe(year);

    // Exactly the rows it says, and get_sale returns the same sale.
    const rows = await db.sql`select id, sale_number, sale_date, total::text from public.sales where id = ${sale.id}`;
    expect(rows).toEqual([{ id: sale.id, sale_number: sale.sale_number, sale_date: saleDate, total: "57.07" }]);
    const items = await db.sql`
      select line_number, product_id, quantity, subtotal::text from public.sale_items where sale_id = ${sale.id}
       order by line_number
    `;
    expect(items).toEqual([
      { line_number: 1, product_id: rice.id, quantity: 3, subtotal: "37.50" },
      { line_number: 2, product_id: oil.id, quantity: 2, subtotal: "14.00" },
    ]);
    expect(await rpcAs<Sale>(db.sql, users.manager, "get_sale", { sale_id: sale.id })).toEqual(sale);
    // A viewer reads the same sale without the cost (the owner's business).
    expect(await rpcAs<Sale>(db.sql, users.viewer, "get_sale", { sale_id: sale.id })).toEqual({
      ...sale,
      items: sale.items.map((item) => ({ ...item, cost_price: null })),
    });

    const movements = await movementsOfSale(db.sql, sale.id);
    expect(movements.map(({ seq: _, ...movement }) => movement)).toEqual([
      {
        product_id: rice.id,
        movement_type: "EXIT",
        reason: "SALE",
        quantity: 3,
        previous_stock: 20,
        new_stock: 17,
        reference_id: sale.id,
        created_by: users.manager.id,
        notes: null,
      },
      {
        product_id: oil.id,
        movement_type: "EXIT",
        reason: "SALE",
        quantity: 2,
        previous_stock: 9,
        new_stock: 7,
        reference_id: sale.id,
        created_by: users.manager.id,
        notes: null,
      },
    ]);
    expect(await stockOf(db.sql, rice.id)).toBe(17);
    expect(await stockOf(db.sql, oil.id)).toBe(7);
  });

  it("keeps the lines in the order given, whatever order it locks the products in", async () => {
    const products = await Promise.all([1, 2, 3, 4, 5].map(() => createProduct(db.sql, { stock: 5 })));
    const order = [...products].sort((a, b) => (a.id < b.id ? 1 : -1)); // descending id: the reverse of the lock order
    const sale = await createSale(db.sql, users.staff, {
      items: order.map((product, index) => ({ product_id: product.id, quantity: index + 1 })),
    });
    expect(sale.items.map((item) => [item.line_number, item.product_id, item.quantity])).toEqual(
      order.map((product, index) => [index + 1, product.id, index + 1]),
    );
    const movements = await movementsOfSale(db.sql, sale.id);
    expect(movements.map((movement) => [movement.product_id, movement.quantity])).toEqual(
      order.map((product, index) => [product.id, index + 1]),
    );
  });

  // Amounts are computed in SQL, exactly, half-up to the cent. Each case is
  // recomputed here in integer cents; `differs` marks the cases where
  // banker's rounding (half-even) would give another tax.
  const roundingCases = [
    { name: "13% of 10.50 = 1.365", lines: [[3, "3.50", "0"]], discount: "0", rate: "13", tax: "1.37", differs: true },
    { name: "5% of 0.50 = 0.025", lines: [[1, "0.50", "0"]], discount: "0", rate: "5", tax: "0.03", differs: true },
    {
      name: "13% of 2.50 = 0.325 after a sale discount",
      lines: [[2, "1.75", "0"]],
      discount: "1.00",
      rate: "13",
      tax: "0.33",
      differs: true,
    },
    {
      name: "12.5% of 3.30 = 0.4125 after line discounts",
      lines: [
        [2, "1.20", "0.10"],
        [1, "1.00", "0.00"],
      ],
      discount: "0",
      rate: "12.5",
      tax: "0.41",
      differs: false,
    },
    {
      name: "7.25% of 9.00 = 0.6525",
      lines: [[4, "2.25", "0"]],
      discount: "0",
      rate: "7.25",
      tax: "0.65",
      differs: false,
    },
    {
      name: "0.01% of 50.00 = 0.005",
      lines: [[1, "50.00", "0"]],
      discount: "0",
      rate: "0.01",
      tax: "0.01",
      differs: true,
    },
    { name: "tax 0", lines: [[7, "0.99", "0.93"]], discount: "0.30", rate: "0", tax: "0.00", differs: false },
    { name: "tax 100%", lines: [[3, "33.33", "0"]], discount: "0.99", rate: "100", tax: "99.00", differs: false },
    {
      name: "a discount equal to the whole subtotal",
      lines: [[2, "4.00", "1.00"]],
      discount: "7.00",
      rate: "13",
      tax: "0.00",
      differs: false,
    },
    { name: "a line given away", lines: [[2, "4.00", "8.00"]], discount: "0", rate: "13", tax: "0.00", differs: false },
  ] as const;

  it.each(roundingCases)("computes $name half-up", async ({ lines, discount, rate, tax, differs }) => {
    const products: ProductFixture[] = [];
    for (const [, price] of lines) products.push(await createProduct(db.sql, { stock: 10, unitPrice: price }));
    const sale = await createSale(db.sql, users.manager, {
      items: lines.map(([quantity, , lineDiscount], index) => ({
        product_id: products[index]?.id,
        quantity,
        discount: Number(lineDiscount),
      })),
      discount: Number(discount),
      tax_rate: Number(rate),
    });

    const lineSubtotals = lines.map(
      ([quantity, price, lineDiscount]) => BigInt(quantity) * cents(price) - cents(lineDiscount),
    );
    const subtotal = lineSubtotals.reduce((sum, amount) => sum + amount, 0n);
    const net = subtotal - cents(discount);
    expect(taxOf(net, rate)).toBe(cents(tax));
    expect(taxHalfEven(net, rate) !== cents(tax)).toBe(differs);

    expect(sale.items.map((item) => item.subtotal)).toEqual(lineSubtotals.map(asNumber));
    expect({
      subtotal: sale.subtotal,
      discount: sale.discount,
      tax_rate: sale.tax_rate,
      tax: sale.tax,
      total: sale.total,
    }).toEqual({
      subtotal: asNumber(subtotal),
      discount: asNumber(cents(discount)),
      tax_rate: Number(rate),
      tax: asNumber(cents(tax)),
      total: asNumber(net + cents(tax)),
    });
    // The stored row, read as exact text, says the same.
    const [row] = await db.sql<{ subtotal: string; tax: string; total: string }[]>`
      select subtotal::text, tax::text, total::text from public.sales where id = ${sale.id}
    `;
    expect(row && [cents(row.subtotal), cents(row.tax), cents(row.total)]).toEqual([
      subtotal,
      cents(tax),
      net + cents(tax),
    ]);
  });

  it("takes the tax rate from store_settings.default_tax_rate unless the call gives one", async () => {
    const product = await createProduct(db.sql, { stock: 10, unitPrice: "10.50" });
    await db.sql`update public.store_settings set default_tax_rate = 13`;
    try {
      const withDefault = await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 1 }] });
      expect(withDefault).toMatchObject({ tax_rate: 13, subtotal: 10.5, tax: 1.37, total: 11.87 });
      // Staff sell at the store's rate; another rate, 0 included, is a manager's decision.
      const refusedZero = await refusedSale(db.sql, users.staff, {
        items: [{ product_id: product.id, quantity: 1 }],
        tax_rate: 0,
      });
      expect(refusedZero).toMatchObject({ message: "TAX_OVERRIDE_FORBIDDEN", status: 403 });
      const explicitZero = await createSale(db.sql, users.manager, {
        items: [{ product_id: product.id, quantity: 1 }],
        tax_rate: 0,
      });
      expect(explicitZero).toMatchObject({ tax_rate: 0, tax: 0, total: 10.5 });
      const explicitNull = await createSale(db.sql, users.staff, {
        items: [{ product_id: product.id, quantity: 1 }],
        tax_rate: null,
      });
      expect(explicitNull).toMatchObject({ tax_rate: 13, tax: 1.37 });
    } finally {
      await db.sql`update public.store_settings set default_tax_rate = 0`;
    }
    const afterReset = await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 1 }] });
    expect(afterReset).toMatchObject({ tax_rate: 0, tax: 0, total: 10.5 });
  });

  it("sells at the product's current price and copies its list and cost price: later price changes leave the sale alone", async () => {
    const soap = await createProduct(db.sql, {
      name: "Jabón Bolívar",
      stock: 10,
      unitPrice: "8.00",
      costPrice: "5.00",
    });
    // Staff see no cost in the answer (the owner's business); the manager who reads the sale does.
    const first = await createSale(db.sql, users.staff, { items: [{ product_id: soap.id, quantity: 2 }] });
    expect(first.items[0]).toMatchObject({ unit_price: 8, list_price: 8, cost_price: null, subtotal: 16 });

    await db.sql`update public.products set unit_price = 9.50, cost_price = 6.10 where id = ${soap.id}`;

    const again = await rpcAs<Sale>(db.sql, users.manager, "get_sale", { sale_id: first.id });
    expect(again).toEqual({ ...first, items: first.items.map((item) => ({ ...item, cost_price: 5 })) });
    const [row] = await db.sql`
      select unit_price::text, list_price::text, cost_price::text, subtotal::text from public.sale_items where sale_id = ${first.id}
    `;
    expect(row).toEqual({ unit_price: "8.00", list_price: "8.00", cost_price: "5.00", subtotal: "16.00" });

    const second = await createSale(db.sql, users.manager, { items: [{ product_id: soap.id, quantity: 2 }] });
    expect(second.items[0]).toMatchObject({ unit_price: 9.5, list_price: 9.5, cost_price: 6.1, subtotal: 19 });
    expect(second).toMatchObject({ subtotal: 19, total: 19 });
  });

  it("lets staff give the list price explicitly (8 is 8.00) but refuses any other price with PRICE_OVERRIDE_FORBIDDEN", async () => {
    const product = await createProduct(db.sql, { stock: 10, unitPrice: "8.00" });
    const other = await createProduct(db.sql, { stock: 10, unitPrice: "3.00" });
    const same = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1, unit_price: 8 }],
    });
    expect(same.items[0]).toMatchObject({ unit_price: 8, list_price: 8 });

    for (const price of [7.99, 8.01, 0]) {
      const failure = await refusedSale(db.sql, users.staff, {
        items: [
          { product_id: other.id, quantity: 1 },
          { product_id: product.id, quantity: 1, unit_price: price },
        ],
      });
      expectLineError(failure, { message: "PRICE_OVERRIDE_FORBIDDEN", status: 403, line: 2 });
    }
  });

  it.each(["manager", "admin"] as const)(
    "lets a %s sell at another price, keeping the list price on the line",
    async (role) => {
      const product = await createProduct(db.sql, { stock: 10, unitPrice: "8.00", costPrice: "5.00" });
      const sale = await createSale(db.sql, users[role], {
        items: [{ product_id: product.id, quantity: 3, unit_price: 6.5, discount: 0.5 }],
      });
      expect(sale.items[0]).toMatchObject({
        unit_price: 6.5,
        list_price: 8,
        cost_price: 5,
        discount: 0.5,
        subtotal: 19,
      });
      expect(sale).toMatchObject({ subtotal: 19, total: 19, created_by: users[role].id });
      const free = await createSale(db.sql, users[role], {
        items: [{ product_id: product.id, quantity: 1, unit_price: 0 }],
      });
      expect(free).toMatchObject({ subtotal: 0, total: 0 });
    },
  );

  it("treats a null unit_price or discount on a line as not given", async () => {
    const product = await createProduct(db.sql, { stock: 5, unitPrice: "4.40" });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 2, unit_price: null, discount: null }],
      discount: null,
    });
    expect(sale.items[0]).toMatchObject({ unit_price: 4.4, list_price: 4.4, discount: 0, subtotal: 8.8 });
    expect(sale).toMatchObject({ discount: 0, total: 8.8 });
  });

  it.each(["CASH", "CARD", "TRANSFER", "QR"] as const)("records the payment method %s", async (method) => {
    const product = await createProduct(db.sql, { stock: 2 });
    const sale = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      payment_method: method,
    });
    expect(sale.payment_method).toBe(method);
    const [row] = await db.sql`select payment_method::text from public.sales where id = ${sale.id}`;
    expect(row).toEqual({ payment_method: method });
  });

  it("defaults the payment method to CASH and accepts it in any case", async () => {
    const product = await createProduct(db.sql, { stock: 2 });
    const sale = await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 1 }] });
    expect(sale.payment_method).toBe("CASH");
    const qr = await createSale(db.sql, users.staff, {
      items: [{ product_id: product.id, quantity: 1 }],
      payment_method: " qr ",
    });
    expect(qr.payment_method).toBe("QR");
  });

  it("lets staff, managers, admins and the service role sell, stamping who sold (null for the service role)", async () => {
    const product = await createProduct(db.sql, { stock: 10 });
    for (const actor of [users.staff, users.manager, users.admin]) {
      const sale = await createSale(db.sql, actor, { items: [{ product_id: product.id, quantity: 1 }] });
      expect(sale.created_by).toBe(actor.id);
    }
    const bySystem = await createSale(db.sql, serviceRole, { items: [{ product_id: product.id, quantity: 1 }] });
    expect(bySystem.created_by).toBeNull();
    expect(await stockOf(db.sql, product.id)).toBe(6);
  });

  it("gives consecutive sales consecutive numbers, and the number matches its stored year and sequence", async () => {
    const product = await createProduct(db.sql, { stock: 5 });
    const numbers: { year: number; sequence: number }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sale = await createSale(db.sql, users.staff, { items: [{ product_id: product.id, quantity: 1 }] });
      numbers.push(parseSaleNumber(sale.sale_number));
      const [row] = await db.sql`select sale_year, sale_sequence from public.sales where id = ${sale.id}`;
      expect(row).toEqual({ sale_year: numbers.at(-1)?.year, sale_sequence: numbers.at(-1)?.sequence });
    }
    expect(numbers.map((n) => n.sequence - (numbers[0]?.sequence ?? 0))).toEqual([0, 1, 2]);
  });

  it("accepts a whole quantity written as 2.0 in the JSON, and the largest quantity, 1,000,000", async () => {
    const small = await createProduct(db.sql, { stock: 5 });
    // JSON.stringify would write 2.0 as 2: send the JSON text itself.
    const two = await actAs(db.sql, users.staff, async (tx) => {
      const [row] = await tx.unsafe("select public.create_sale(items := $1::text::jsonb) as sale", [
        `[{"product_id": "${small.id}", "quantity": 2.0}]`,
      ]);
      return row?.sale as Sale;
    });
    expect(two.items[0]?.quantity).toBe(2);
    expect(await stockOf(db.sql, small.id)).toBe(3);
    const bulk = await createProduct(db.sql, { stock: 1_000_000, unitPrice: "0.01", costPrice: "0.00" });
    const all = await createSale(db.sql, users.staff, { items: [{ product_id: bulk.id, quantity: 1_000_000 }] });
    expect(all).toMatchObject({ subtotal: 10000, total: 10000 });
    expect(await stockOf(db.sql, bulk.id)).toBe(0);
  });
});
