import { withConnection } from "./postgres.ts";

const money = (value: string) =>
  Number(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * What the demo store holds, in a few lines for `npm run dev`: the catalog,
 * who owes the store what (the five largest balances, and anyone at their
 * limit), who has money in their favour, the tills, the suppliers and the
 * purchase orders by status. Empty
 * when the schema is not there yet (a database without the migrations).
 */
export async function storeSummary(dbUrl: string): Promise<string[]> {
  return withConnection(dbUrl, async (sql) => {
    const [{ ready }] = await sql<[{ ready: boolean }]>`
      select to_regclass('public.purchase_orders') is not null as ready
    `;
    if (!ready) return [];
    // A select of aggregates without group by always answers one row.
    const [[store], debtors, inFavour, tills, [buying]] = await Promise.all([
      sql<[{ products: number; customers: number; owing: number; owed: string }]>`
        select (select count(*) from public.products)::int as products,
               count(*)::int as customers,
               count(*) filter (where balance > 0)::int as owing,
               coalesce(sum(balance) filter (where balance > 0), 0)::text as owed
          from public.customers
      `,
      // The five largest debts, and whoever is at their limit besides.
      sql<{ name: string; balance: string; credit_limit: string }[]>`
        with top as (
          select id from public.customers where balance > 0 order by balance desc, name limit 5
        )
        select name, balance::text, credit_limit::text from public.customers
         where id in (select id from top) or (credit_limit > 0 and balance >= credit_limit)
         order by balance desc, name
      `,
      sql<{ name: string; balance: string }[]>`
        select name, balance::text from public.customers where balance < 0 order by balance, name limit 3
      `,
      sql<{ session_number: string; register: string; status: string; difference: string | null }[]>`
        select s.session_number, r.name as register, s.status::text, s.difference::text
          from public.cash_sessions s join public.cash_registers r on r.id = s.register_id
         order by s.opened_at desc limit 4
      `,
      // Buying: the suppliers, and the purchase orders by status in the order they move.
      sql<[{ suppliers: number; inactive: number; orders: string | null }]>`
        select count(*)::int as suppliers,
               count(*) filter (where not is_active)::int as inactive,
               (select string_agg(n || ' ' || lower(status::text), ', ' order by status)
                  from (select status, count(*) as n from public.purchase_orders group by status) o) as orders
          from public.suppliers
      `,
    ]);
    return [
      `The store: ${store.products} products, ${store.customers} customers, ${store.owing} of them owing ${money(store.owed)} Bs`,
      ...debtors.map(
        (d) =>
          `  ${d.name.padEnd(34)} owes ${money(d.balance).padStart(9)} Bs of a ${money(d.credit_limit)} Bs limit` +
          (Number(d.balance) >= Number(d.credit_limit) ? " (at the limit)" : ""),
      ),
      ...inFavour.map(
        (d) => `  ${d.name.padEnd(34)} has ${money(String(-Number(d.balance))).padStart(9)} Bs in favour`,
      ),
      ...tills.map(
        (t) =>
          `  ${t.register}: ${t.session_number} ${t.status === "OPEN" ? "open" : `closed, ${money(t.difference ?? "0")} Bs over/short`}`,
      ),
      `Buying: ${buying.suppliers} suppliers (${buying.inactive} no longer used); purchase orders: ${buying.orders ?? "none"}`,
    ];
  });
}
