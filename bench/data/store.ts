import type postgres from "postgres";
import { USERS } from "../stack.ts";
import { dayCounts, hourSlots } from "./calendar.ts";
import { PRODUCT_TYPES } from "./catalog.ts";
import { openLoader, type Step } from "./loader.ts";

export interface StoreSpec {
  /** Number of products (SKUs `<CAT>-000001`…). */
  products: number;
  /** Seed of every pseudo-random choice (SQL `hashint8extended`). */
  seed: number;
  /** Stock of each product when there are no sales: from min to max. */
  stock?: { min: number; max: number };
  /** A year of sales; the stock each product ends with is 20–199 units. */
  sales?: { count: number; year: number; busyDay: string };
}

export interface StoreSummary {
  products: number;
  sales: number;
  items: number;
  movements: number;
  ms: number;
}

const TIMEZONE = "America/La_Paz";
/** Distance between the products of one sale (prime, so the lines of a sale are distinct products). */
const LINE_STRIDE = 7919;

/**
 * Fills a freshly migrated database with a store, set-based in SQL as the
 * superuser: categories and products (names, accents, brands, sizes, SKUs and
 * barcodes), one INITIAL_STOCK entry per product, and optionally a year of
 * sales in the store's time zone with their items, a SALE exit per item, a
 * cancellation (and its SALE_CANCELLATION entries) for 1 % of them, gapless
 * sale numbers and the year's counter. The ledger chain is computed with
 * window functions, so check_stock_integrity() is empty over it.
 *
 * Foreign-key triggers are skipped during the load (session_replication_role
 * = replica; every key is generated consistent); CHECK and UNIQUE constraints
 * still apply. The guard triggers only refuse UPDATE/DELETE/TRUNCATE, so
 * nothing else is bypassed.
 */
export async function generateStore(url: string, spec: StoreSpec, log: (line: string) => void): Promise<StoreSummary> {
  const started = performance.now();
  const { sql, step, finish } = await openLoader(url, log, { tempBuffers: "512MB" });
  try {
    // A deterministic version-4 UUID (as gen_random_uuid makes) named by a text.
    await sql.unsafe(`
      create function pg_temp.id(name text) returns uuid
      language sql immutable parallel safe
      as $$ select overlay(overlay(md5(name) placing '4' from 13) placing '8' from 17)::uuid $$
    `);
    await step(`${spec.products.toLocaleString("en-US")} products`, () => insertProducts(sql, spec));
    if (spec.sales) {
      await insertSales(sql, spec, spec.sales, step);
    } else {
      await step("initial stock entries", () => insertInitialStock(sql, null, false));
    }
    // Triggers are off during the load, so the search dictionary the products
    // trigger keeps is filled here, as the trigger would have.
    await step(
      "search dictionary",
      () => sql`
      insert into private.search_words (word)
      select distinct w.lexeme from public.products p, unnest(p.name_words) as w
       where char_length(w.lexeme) >= 2
      on conflict do nothing`,
    );
    // Likewise the invoice matcher's terms and words (products_index_match_terms).
    await step("invoice match terms", async () => {
      await sql`
        insert into private.product_match_terms (product_id, terms)
        select p.id, array_to_tsvector(private.invoice_terms(p.name)) from public.products p
        on conflict (product_id) do update set terms = excluded.terms`;
      await sql`
        insert into private.match_words (word)
        select distinct substr(t.term, 3)
          from private.product_match_terms pmt cross join unnest(tsvector_to_array(pmt.terms)) as t(term)
         where t.term like 'w:%'
        on conflict do nothing`;
    });
    await finish([
      "public.categories",
      "public.products",
      "public.inventory_movements",
      "public.sales",
      "public.sale_items",
      "public.sale_payments",
      "private.product_match_terms",
      "private.match_words",
    ]);
    const [counts] = await sql<{ products: number; sales: number; items: number; movements: number }[]>`
      select (select count(*) from public.products)::int as products,
             (select count(*) from public.sales)::int as sales,
             (select count(*) from public.sale_items)::int as items,
             (select count(*) from public.inventory_movements)::int as movements
    `;
    if (!counts) throw new Error("no counts");
    return { ...counts, ms: performance.now() - started };
  } finally {
    await sql.end();
  }
}

async function insertProducts(sql: postgres.Sql, spec: StoreSpec): Promise<void> {
  const types = PRODUCT_TYPES.map((type, idx) => ({ idx, ...type }));
  await sql`
    create temp table bench_types as
    select *
      from jsonb_to_recordset(${sql.json(types as never)}::jsonb)
           as t(idx int, category text, prefix text, name text, price numeric, brands text[], sizes text[], variants text[])
  `;
  await sql`
    insert into public.categories (name, description, created_at, updated_at)
    select category, format('Productos de %s', lower(category)), '2024-12-01', '2024-12-01'
      from bench_types group by category order by min(idx)
  `;
  const stockMin = spec.stock?.min ?? 20;
  const stockMax = spec.stock?.max ?? 199;
  await sql`
    insert into public.products
      (id, sku, barcode, name, description, category_id, unit_price, cost_price, current_stock, min_stock_level,
       is_active, created_at, updated_at)
    select pg_temp.id('product:' || i),
           t.prefix || '-' || lpad(i::text, 6, '0'),
           '777' || lpad(i::text, 10, '0'),
           concat_ws(' ', t.name, v.variant, v.brand, v.size),
           concat_ws(' ', t.name, v.variant) || ', marca ' || v.brand || ', presentación ' || v.size || '. ' || t.category || '.',
           c.id,
           v.price,
           round(v.price * (0.6 + (pg_temp.h(i, ${spec.seed} + 6) % 25) / 100.0), 2),
           ${stockMin} + pg_temp.h(i, ${spec.seed} + 7) % ${stockMax - stockMin + 1},
           5 + pg_temp.h(i, ${spec.seed} + 8) % 20,
           pg_temp.h(i, ${spec.seed} + 9) % 50 <> 0,
           '2024-12-01', '2024-12-01'
      from generate_series(1, ${spec.products}) as i
      join bench_types t on t.idx = pg_temp.h(i, ${spec.seed}) % ${types.length}
      join public.categories c on c.name = t.category
     cross join lateral (
       select t.brands[1 + pg_temp.h(i, ${spec.seed} + 2) % cardinality(t.brands)] as brand,
              t.sizes[1 + pg_temp.h(i, ${spec.seed} + 3) % cardinality(t.sizes)] as size,
              case when cardinality(t.variants) > 0
                   then t.variants[1 + pg_temp.h(i, ${spec.seed} + 4) % cardinality(t.variants)] end as variant,
              greatest(0.5, round(t.price * (0.75 + (pg_temp.h(i, ${spec.seed} + 5) % 60) / 100.0), 1)) as price
     ) v
     order by i
  `;
}

/**
 * One INITIAL_STOCK entry per product, before any other movement: the stock it
 * has now plus what the generated sales took from it (net of cancellations).
 */
async function insertInitialStock(sql: postgres.Sql, openedAt: string | null, afterSales: boolean): Promise<void> {
  const net = afterSales
    ? sql`(select product_id, -sum(change) as net_sold from gen_events group by product_id)`
    : sql`(select null::uuid as product_id, 0::bigint as net_sold)`;
  await sql`
    insert into public.inventory_movements
      (product_id, movement_type, quantity, reason, notes, previous_stock, new_stock, created_at, created_by)
    select p.id, 'ENTRY', s.initial, 'INITIAL_STOCK', 'Inventario inicial', 0, s.initial,
           coalesce(${openedAt}::timestamptz, now()), ${USERS.manager.id}::uuid
      from public.products p
      left join ${net} n on n.product_id = p.id
     cross join lateral (select p.current_stock + coalesce(n.net_sold, 0) as initial) s
     where s.initial > 0
     order by p.id
  `;
}

async function insertSales(
  sql: postgres.Sql,
  spec: StoreSpec,
  sales: { count: number; year: number; busyDay: string },
  step: Step,
): Promise<void> {
  const { days, counts } = dayCounts(sales.year, sales.count, sales.busyDay);
  const seed = spec.seed;
  const sellers = [USERS.staff.id, USERS.manager.id];
  const slots = hourSlots();
  await step(
    "sales (temp)",
    () =>
      sql`
    create temp table gen_sales as
    with d as (
      select x.day, x.count, sum(x.count) over (order by x.day) - x.count as first
        from unnest(${days}::date[], ${counts}::int[]) as x(day, count)
    )
    select n,
           pg_temp.id('sale:' || n) as id,
           (d.day + make_interval(hours => (${slots}::int[])[1 + pg_temp.h(n, ${seed} + 10) % ${slots.length}],
                                  mins => (pg_temp.h(n, ${seed} + 11) % 60)::int,
                                  secs => (pg_temp.h(n, ${seed} + 12) % 60)::float8))::timestamp at time zone ${TIMEZONE}
             as sale_date,
           1 + (n % 5) as lines,
           (case when pg_temp.h(n, ${seed} + 13) % 100 < 60 then 'CASH'
                 when pg_temp.h(n, ${seed} + 13) % 100 < 85 then 'QR'
                 when pg_temp.h(n, ${seed} + 13) % 100 < 95 then 'CARD'
                 else 'TRANSFER' end)::public.payment_method as payment_method,
           pg_temp.h(n, ${seed} + 14) % 100 = 0 as cancelled,
           pg_temp.h(n, ${seed} + 15) % 20 = 0 as discounted,
           (${sellers}::uuid[])[1 + n % 2] as seller
      from d cross join lateral generate_series(d.first + 1, d.first + d.count) as n
  `,
  );
  // Lines: a popular product (skewed, u³) then the next ones LINE_STRIDE apart, so a sale never repeats a product.
  await step(
    "items (temp)",
    () =>
      sql`
    create temp table gen_items as
    select s.n, s.id as sale_id, l.line_number::smallint as line_number, s.sale_date, s.cancelled, s.seller,
           p.id as product_id, q.quantity, p.unit_price, p.cost_price, round(q.quantity * p.unit_price, 2) as subtotal
      from gen_sales s
     cross join lateral (select 1 + floor(${spec.products} * power(pg_temp.h(s.n, ${seed} + 20) / 2147483648.0, 3))::int as p0) b
     cross join lateral generate_series(1, s.lines) as l(line_number)
     cross join lateral (
       select case when r < 60 then 1 when r < 85 then 2 when r < 95 then 3 else 4 + r % 3 end as quantity
         from (select pg_temp.h(s.n * 8 + l.line_number, ${seed} + 21) % 100 as r) x
     ) q
      join public.products p
        on p.id = pg_temp.id('product:' || (((b.p0 - 1 + (l.line_number - 1) * ${LINE_STRIDE}) % ${spec.products}) + 1))
  `,
  );
  // Every stock change in ledger order: each sale line leaves; a cancelled sale gives it back 7 minutes later.
  await step(
    "events (temp)",
    () =>
      sql`
    create temp table gen_events as
    select product_id, sale_date as at, 0 as kind, sale_id, line_number, -quantity as change, quantity, seller as by
      from gen_items
    union all
    select product_id, sale_date + interval '7 minutes', 1, sale_id, line_number, quantity, quantity,
           ${USERS.manager.id}::uuid
      from gen_items where cancelled
  `,
  );
  await step("initial stock entries", () => insertInitialStock(sql, `${sales.year - 1}-12-31 07:00:00-04`, true));

  await step(
    "sales",
    () =>
      sql`
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, discount, tax_rate, tax, total, status,
       payment_method, created_at, created_by, cancelled_at, cancelled_by, cancellation_reason)
    select x.id,
           format('V-%s-%s', x.year, lpad(x.seq::text, greatest(6, char_length(x.seq::text)), '0')),
           x.year, x.seq, x.sale_date, x.subtotal, x.discount, x.tax_rate,
           round((x.subtotal - x.discount) * x.tax_rate / 100, 2),
           x.subtotal - x.discount + round((x.subtotal - x.discount) * x.tax_rate / 100, 2),
           case when x.cancelled then 'CANCELLED' else 'COMPLETED' end::public.sale_status,
           x.payment_method, x.sale_date, x.seller,
           case when x.cancelled then x.sale_date + interval '7 minutes' end,
           case when x.cancelled then ${USERS.manager.id}::uuid end,
           case when x.cancelled then 'El cliente desistió de la compra' end
      from (
        select s.*, t.subtotal,
               case when s.discounted then floor(t.subtotal * 0.5) / 10 else 0 end as discount,
               (select st.default_tax_rate from public.store_settings st) as tax_rate,
               extract(year from s.sale_date at time zone ${TIMEZONE})::int as year,
               row_number() over (partition by extract(year from s.sale_date at time zone ${TIMEZONE})
                                  order by s.sale_date, s.n) as seq
          from gen_sales s
          join (select sale_id, sum(subtotal) as subtotal from gen_items group by sale_id) t on t.sale_id = s.id
      ) x
     order by x.sale_date, x.n
  `,
  );
  await step(
    "sale_items",
    () =>
      sql`
    insert into public.sale_items
      (id, sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, discount, subtotal)
    select pg_temp.id('item:' || n || ':' || line_number), sale_id, line_number, product_id, quantity,
           unit_price, unit_price, cost_price, 0, subtotal
      from gen_items
     order by sale_date, n, line_number
  `,
  );
  await step(
    "inventory_movements",
    () =>
      sql`
    insert into public.inventory_movements
      (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_at, created_by)
    select e.product_id,
           case when e.kind = 0 then 'EXIT' else 'ENTRY' end::public.movement_type,
           e.quantity,
           case when e.kind = 0 then 'SALE' else 'SALE_CANCELLATION' end,
           e.sale_id,
           case when e.kind = 1 then 'Venta anulada: el cliente desistió de la compra' end,
           e.stock - e.change, e.stock, e.at, e.by
      from (
        select ev.*, i.new_stock + sum(ev.change) over (
                 partition by ev.product_id order by ev.at, ev.kind, ev.sale_id, ev.line_number
                 rows between unbounded preceding and current row) as stock
          from gen_events ev
          join public.inventory_movements i on i.product_id = ev.product_id and i.reason = 'INITIAL_STOCK'
      ) e
     order by e.at, e.kind, e.sale_id, e.line_number
  `,
  );
  await step(
    "sale_payments",
    () =>
      sql`
    insert into public.sale_payments (sale_id, position, method, amount, created_at)
    select id, 1, payment_method, total, sale_date from public.sales order by sale_date, id
  `,
  );
  await step(
    "sale number counters",
    () =>
      sql`
    insert into private.sale_number_counters as c (year, last_value)
    select sale_year, max(sale_sequence) from public.sales group by sale_year
    on conflict (year) do update set last_value = greatest(c.last_value, excluded.last_value)
  `,
  );
  await step("drop temp", () => sql`drop table gen_events, gen_items, gen_sales`);
}

/** Products added to a generated store, each with its INITIAL_STOCK entry (as the superuser, in one transaction). */
export async function addProducts(
  sql: postgres.Sql,
  products: { sku: string; name: string; priceCents: number; stock: number }[],
): Promise<{ id: string; sku: string }[]> {
  return sql.begin(async (tx) => {
    const rows = await tx<{ id: string; sku: string }[]>`
      insert into public.products ${tx(
        products.map((p) => ({
          sku: p.sku,
          name: p.name,
          unit_price: (p.priceCents / 100).toFixed(2),
          cost_price: ((Math.round(p.priceCents * 0.7) / 100) as number).toFixed(2),
          current_stock: p.stock,
        })),
      )}
      returning id::text, sku`;
    await tx`
      insert into public.inventory_movements
        (product_id, movement_type, quantity, reason, notes, previous_stock, new_stock, created_by)
      select id, 'ENTRY', current_stock, 'INITIAL_STOCK', 'Inventario inicial', 0, current_stock, ${USERS.manager.id}::uuid
        from public.products where id = any(${rows.map((r) => r.id)}::uuid[]) and current_stock > 0
       order by id`;
    return rows;
  }) as Promise<{ id: string; sku: string }[]>;
}
