import { randomUUID } from "node:crypto";
import type { Random as Prng } from "@comarapa/testkit";
import { asCaller, type CallerContext, rpc } from "@comarapa/testkit";
import type { Sql } from "../stack.ts";

/** A product as the flows need it: prices in cents. */
export interface Product {
  id: string;
  priceCents: number;
  costCents: number;
}

export interface Line {
  product: Product;
  quantity: number;
}

/** A sale: its lines sorted by product id (the order create_sale locks in, so no flow deadlocks). */
export type Sale = Line[];

/** A sale of `lines` distinct products drawn from `products`, 1–3 units each. */
export function drawSale(prng: Prng, products: readonly Product[], lines: number): Sale {
  return prng
    .sample(products, lines)
    .map((product) => ({ product, quantity: prng.int(1, 3) }))
    .sort((a, b) => (a.product.id < b.product.id ? -1 : 1));
}

/** Loads the active products of a database. */
export async function loadProducts(sql: Sql, skuLike = "%"): Promise<Product[]> {
  const rows = await sql<{ id: string; price: number; cost: number }[]>`
    select id::text, (unit_price * 100)::int as price, (cost_price * 100)::int as cost
      from public.products where is_active and sku like ${skuLike} order by sku
  `;
  return rows.map((row) => ({ id: row.id, priceCents: row.price, costCents: row.cost }));
}

/** A failure a flow raises itself, labelled like the database's (INSUFFICIENT_STOCK…). */
class FlowError extends Error {}

const money = (cents: number) => (cents / 100).toFixed(2);
const saleNumber = (year: number, sequence: number) => `V-${year}-${String(sequence).padStart(6, "0")}`;

/** How every flow sells. */
export type SellFlow = (sql: Sql, sale: Sale) => Promise<void>;

/**
 * The product: `POST /rpc/create_sale` as a staff user, exactly as PostgREST
 * runs it (asCaller + rpc: begin, role and claims, the call, commit). `args`
 * adds arguments of one sale (how it is paid) after its items.
 */
export function createSaleRpc(
  caller: CallerContext,
  options: { keyed?: boolean } = {},
): (sql: Sql, sale: Sale, args?: Record<string, unknown>) => Promise<void> {
  const context = { ...caller, path: "/rpc/create_sale" };
  return async (sql, sale, args = {}) => {
    await asCaller(sql, context, (tx) =>
      rpc(tx, "create_sale", {
        items: sale.map((line) => ({ product_id: line.product.id, quantity: line.quantity })),
        idempotency_key: options.keyed ? crypto.randomUUID() : undefined,
        ...args,
      }),
    );
  };
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The same call in ONE round trip: the settings PostgREST makes and the call,
 * as one multi-statement simple query (one implicit transaction). The gap to
 * `create_sale` is what the four round trips of a PostgREST request cost.
 */
export function createSaleOneTrip(caller: CallerContext): SellFlow {
  const settings =
    `select set_config('role', ${literal(caller.role)}, true), ` +
    `set_config('request.jwt.claims', ${literal(JSON.stringify(caller.claims))}, true), ` +
    `set_config('request.method', 'POST', true), set_config('request.path', '/rpc/create_sale', true), ` +
    `set_config('request.headers', '{}', true)`;
  return async (sql, sale) => {
    const items = JSON.stringify(sale.map((line) => ({ product_id: line.product.id, quantity: line.quantity })));
    await sql.unsafe(`${settings};\nselect public.create_sale(items => ${literal(items)}::jsonb);`);
  };
}

/**
 * A year no real sale has, for the floor's sale numbers: they are made by the
 * client (no counter, no check), so they must never meet the counter's.
 */
const FLOOR_YEAR = 1999;

/**
 * The floor: the same rows create_sale writes — 5 stock updates each with its
 * movement (previous/new from the update itself, in id order), the sale and
 * its 5 items — as plain statements sent as ONE simple query (one round trip;
 * Postgres runs a multi-statement simple query as one transaction), with no
 * validation, no role check and a sale number made by the client.
 *
 * `numbered`: the sale takes its number from the year's gapless counter, with
 * the statement create_sale uses, in the same place (after the stock writes):
 * the floor plus the one serialization point the product requires.
 */
export function floor(userId: string, options: { numbered: boolean }): SellFlow {
  let sequence = 0;
  return async (sql, sale) => {
    sequence += 1;
    const saleId = randomUUID();
    const statements: string[] = [];
    for (const { product, quantity } of sale) {
      statements.push(`with u as (
          update public.products set current_stock = current_stock - ${quantity}
           where id = '${product.id}' returning current_stock)
        insert into public.inventory_movements
          (product_id, movement_type, quantity, reason, reference_id, previous_stock, new_stock, created_by)
        select '${product.id}', 'EXIT', ${quantity}, 'SALE', '${saleId}', current_stock + ${quantity}, current_stock,
               '${userId}' from u`);
    }
    const subtotal = money(sale.reduce((sum, line) => sum + line.quantity * line.product.priceCents, 0));
    if (options.numbered) {
      statements.push(`with n as (
          insert into private.sale_number_counters as c (year, last_value)
          values (extract(year from now() at time zone (select timezone from public.store_settings))::int, 1)
          on conflict (year) do update set last_value = c.last_value + 1
          returning c.year, c.last_value)
        insert into public.sales (id, sale_number, sale_year, sale_sequence, subtotal, total, payment_method, created_by)
        select '${saleId}', format('V-%s-%s', n.year, lpad(n.last_value::text, greatest(6, char_length(n.last_value::text)), '0')),
               n.year, n.last_value, ${subtotal}, ${subtotal}, 'CASH', '${userId}' from n`);
    } else {
      statements.push(`insert into public.sales
          (id, sale_number, sale_year, sale_sequence, subtotal, total, payment_method, created_by)
        values ('${saleId}', '${saleNumber(FLOOR_YEAR, sequence)}', ${FLOOR_YEAR}, ${sequence},
                ${subtotal}, ${subtotal}, 'CASH', '${userId}')`);
    }
    const items = sale.map(
      ({ product, quantity }, index) =>
        `('${saleId}', ${index + 1}, '${product.id}', ${quantity}, ${money(product.priceCents)}, ` +
        `${money(product.priceCents)}, ${money(product.costCents)}, ${money(quantity * product.priceCents)})`,
    );
    statements.push(`insert into public.sale_items
        (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, subtotal)
      values ${items.join(", ")}`);
    await sql.unsafe(`${statements.join(";\n")};`);
  };
}

/**
 * The service layer of the seed document (7.1 Create Sale Flow) done by a
 * client, one round trip per step: for each line read the product (FOR UPDATE
 * when `lock`), check it exists, is active and has the stock; take the next
 * gapless sale number (the counter create_sale uses); insert the sale, then its
 * items; then for each line InventoryService.register_exit: write the product's
 * new stock (computed from what was read) and insert the movement. Without the
 * lock, two sales can read the same stock and both write their own result: the
 * lost update that oversells.
 */
export function serviceLayer(userId: string, options: { lock: boolean }): SellFlow {
  return async (sql, sale) => {
    await sql.begin(async (tx) => {
      const read: { stock: number; priceCents: number; costCents: number }[] = [];
      for (const { product, quantity } of sale) {
        const [row] = options.lock
          ? await tx<{ stock: number; price: number; cost: number; active: boolean }[]>`
              select current_stock as stock, (unit_price * 100)::int as price, (cost_price * 100)::int as cost,
                     is_active as active
                from public.products where id = ${product.id} for update`
          : await tx<{ stock: number; price: number; cost: number; active: boolean }[]>`
              select current_stock as stock, (unit_price * 100)::int as price, (cost_price * 100)::int as cost,
                     is_active as active
                from public.products where id = ${product.id}`;
        if (!row) throw new FlowError("PRODUCT_NOT_FOUND");
        if (!row.active) throw new FlowError("PRODUCT_INACTIVE");
        if (row.stock < quantity) throw new FlowError("INSUFFICIENT_STOCK");
        read.push({ stock: row.stock, priceCents: row.price, costCents: row.cost });
      }
      const subtotal = sale.reduce((sum, line, index) => sum + line.quantity * (read[index]?.priceCents ?? 0), 0);
      const [number] = await tx<{ year: number; sequence: number }[]>`
        insert into private.sale_number_counters as c (year, last_value)
        values (extract(year from now() at time zone (select timezone from public.store_settings))::int, 1)
        on conflict (year) do update set last_value = c.last_value + 1
        returning c.year, c.last_value as sequence`;
      if (!number) throw new FlowError("NO_SALE_NUMBER");
      const saleId = randomUUID();
      await tx`
        insert into public.sales (id, sale_number, sale_year, sale_sequence, subtotal, total, payment_method, created_by)
        values (${saleId}, ${saleNumber(number.year, number.sequence)}, ${number.year}, ${number.sequence},
                ${money(subtotal)}, ${money(subtotal)}, 'CASH', ${userId})`;
      const items = sale.map(({ product, quantity }, index) => {
        const price = read[index]?.priceCents ?? 0;
        return {
          sale_id: saleId,
          line_number: index + 1,
          product_id: product.id,
          quantity,
          unit_price: money(price),
          list_price: money(price),
          cost_price: money(read[index]?.costCents ?? 0),
          subtotal: money(quantity * price),
        };
      });
      await tx`insert into public.sale_items ${tx(items)}`;
      for (const [index, { product, quantity }] of sale.entries()) {
        const previous = read[index]?.stock ?? 0;
        await tx`update public.products set current_stock = ${previous - quantity} where id = ${product.id}`;
        await tx`
          insert into public.inventory_movements
            (product_id, movement_type, quantity, reason, reference_id, previous_stock, new_stock, created_by)
          values (${product.id}, 'EXIT', ${quantity}, 'SALE', ${saleId}, ${previous}, ${previous - quantity}, ${userId})`;
      }
    });
  };
}
