import { performance } from "node:perf_hooks";
import { openLoader } from "./loader.ts";

export interface AccountsSpec {
  customers: number;
  /** Account movements in all, about customers × movementsPerCustomer. */
  movements: number;
  seed: number;
}

/**
 * Customers and a long account history, inserted directly (as the big store
 * is): per customer, a purchase on credit every few days over the last two
 * years, each followed by a payment of part or all of it, one charge in 200
 * cancelled. The chain previous_balance → new_balance and every balance are
 * computed in SQL, so check_account_integrity() holds (the scenario checks).
 * About 4 customers in 10 owe something at the end, in every age bucket.
 * Foreign keys are not checked during the load (session_replication_role):
 * charges name sales that do not exist, which nothing measured reads.
 */
export async function generateAccounts(
  url: string,
  spec: AccountsSpec,
  log: (line: string) => void,
): Promise<{ customers: number; movements: number; owing: number; ms: number }> {
  const started = performance.now();
  const { sql, step, finish } = await openLoader(url, log);
  const perCustomer = Math.max(2, Math.round(spec.movements / spec.customers));
  // Charges and payments alternate; a charge every `spacing` days spans two years.
  const charges = Math.ceil(perCustomer / 2);
  const spacing = Math.max(1, Math.floor(730 / charges));
  try {
    await step(
      `${spec.customers.toLocaleString("en-US")} customers`,
      () => sql`
      insert into public.customers (id, name, document_type, document_number, phone, credit_limit)
      select md5('bench:customer:' || n)::uuid, 'Cliente de prueba ' || n, 'CI', (1000000 + n)::text,
             (70000000 + n)::text, 5000
        from generate_series(1, ${spec.customers}) as n
    `,
    );
    // Customer n, k-th purchase: days ago, amount; its payment a few days later pays all
    // (6 in 10 customers), or all but the last ones' purchases (the rest owe their recent
    // purchases, some for months).
    await step(
      "movements (temp)",
      () => sql`
      create temp table gen_moves as
      with purchases as (
        select n, k,
               now() - make_interval(days => ((${charges} - k) * ${spacing} + pg_temp.h(n * 1000 + k, ${spec.seed}) % ${spacing})::int,
                                     hours => (pg_temp.h(n * 1000 + k, ${spec.seed} + 1) % 10)::int) as at,
               (5 + pg_temp.h(n * 1000 + k, ${spec.seed} + 2) % 300)::numeric(12, 2) as amount,
               pg_temp.h(n, ${spec.seed} + 3) % 10 < 6 as pays_all,
               (pg_temp.h(n, ${spec.seed} + 4) % 8)::int as unpaid_last,
               pg_temp.h(n * 1000 + k, ${spec.seed} + 5) % 200 = 0 as cancelled
          from generate_series(1, ${spec.customers}) as n
         cross join generate_series(1, ${charges}) as k
      )
      select n, k, at, 0 as kind, 'CHARGE'::public.account_movement_type as type, amount,
             md5('bench:sale:' || n || ':' || k)::uuid as sale_id
        from purchases
      union all
      select n, k, at + interval '10 minutes', 1, 'SALE_CANCELLATION', -amount, md5('bench:sale:' || n || ':' || k)::uuid
        from purchases where cancelled
      union all
      select n, k, at + make_interval(days => 2 + (k % 5)), 2, 'PAYMENT', -amount, null
        from purchases
       where not cancelled and (pays_all or k <= ${charges} - unpaid_last)
         and at + make_interval(days => 2 + (k % 5)) < now()
    `,
    );
    await step(
      "customer_account_movements",
      () => sql`
      insert into public.customer_account_movements
        (customer_id, movement_type, amount, previous_balance, new_balance, sale_id, payment_method, reference,
         created_at)
      select md5('bench:customer:' || n)::uuid, type, amount, running - amount, running, sale_id,
             case when type = 'PAYMENT' then 'CASH'::public.payment_method end,
             case when type = 'PAYMENT' then 'Abono' end, at
        from (select m.*, sum(m.amount) over (partition by m.n order by m.at, m.kind, m.k
                                               rows between unbounded preceding and current row) as running
                from gen_moves m) x
       order by at, n, kind, k
    `,
    );
    await step(
      "balances",
      () => sql`
      update public.customers c set balance = t.total
        from (select customer_id, sum(amount) as total from public.customer_account_movements group by customer_id) t
       where c.id = t.customer_id
    `,
    );
    // What the account RPCs keep beside the balance: each debt's open part, from the ledger's own recomputation.
    await step(
      "open debts",
      () => sql`
      insert into private.open_debts (movement_id, customer_id, seq, created_at, sale_id, open_amount)
      select m.id, d.customer_id, d.seq, d.created_at, m.sale_id, d.open_amount
        from private.open_debts_at('infinity') d
        join public.customer_account_movements m on m.customer_id = d.customer_id and m.seq = d.seq
    `,
    );
    await sql`drop table gen_moves`;
    await finish(["public.customers", "public.customer_account_movements"]);
    const [counts] = await sql<{ customers: number; movements: number; owing: number }[]>`
      select (select count(*) from public.customers)::int as customers,
             (select count(*) from public.customer_account_movements)::int as movements,
             (select count(*) from public.customers where balance > 0)::int as owing
    `;
    if (!counts) throw new Error("no counts");
    return { ...counts, ms: performance.now() - started };
  } finally {
    await sql.end();
  }
}
