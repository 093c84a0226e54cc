-- The daily summary reads less on a busy day: by payment method it reads the
-- parts of MIXED sales only (a sale paid one way is its method and its total),
-- and the day's payments on accounts come from an index of their own instead
-- of a walk of the whole account ledger's customer index. On the bench's
-- busiest day (9,805 sales of 1,000,000) joining every sale to sale_payments
-- had made the summary 2.5 times slower.

create index customer_account_movements_payments_day_idx on public.customer_account_movements (created_at)
  include (payment_method, amount)
  where movement_type = 'PAYMENT';
comment on index public.customer_account_movements_payments_day_idx is
  'The payments received on accounts by day: the daily summary''s collections.';

create or replace function public.daily_sales_summary(day date default null) returns jsonb
language plpgsql
stable
-- Security definer: it reads the cost of the day's lines, which viewers may
-- not read; it checks the role first and shows the margin to managers only.
security definer
set search_path = ''
-- Planned for each day asked: a generic plan cannot know how few sales a
-- day has and reads every sale item.
set plan_cache_mode = force_custom_plan
as $$
declare
  v_timezone text;
  v_day date;
  v_from timestamptz;
  v_to timestamptz;
  v_with_cost boolean;
  v_result jsonb;
begin
  perform private.require_role('viewer', 'read reports');
  v_with_cost := private.has_role('manager');
  select st.timezone into v_timezone from public.store_settings st;
  v_day := coalesce(day, (now() at time zone v_timezone)::date);
  v_from := v_day::timestamp at time zone v_timezone;
  v_to := (v_day + 1)::timestamp at time zone v_timezone;

  with day_sales as materialized (
    select s.id, s.status, s.sale_date, s.subtotal, s.line_discount, s.discount, s.tax, s.total, s.payment_method
      from public.sales s
     where s.sale_date >= v_from and s.sale_date < v_to
  ),
  done as (
    select * from day_sales where status = 'COMPLETED'
  ),
  totals as (
    select count(*) as sales_count,
           coalesce(sum(subtotal), 0) as subtotal,
           coalesce(sum(line_discount), 0) as line_discounts,
           coalesce(sum(discount), 0) as sale_discounts,
           coalesce(sum(tax), 0) as tax,
           coalesce(sum(total), 0) as total
      from done
  ),
  -- The day's lines grouped by product first; the catalog is read only for
  -- the few products that make a top 10. Straight from sales (not the CTE
  -- above) so the planner sees how few sales the day has and reads their
  -- items through the sale_id index.
  by_product as materialized (
    select i.product_id,
           sum(i.quantity) as quantity,
           sum(i.subtotal) as revenue,
           sum(i.quantity * i.cost_price) as cost  -- whole units × cents: exact, nothing to round
      from public.sales s
      join public.sale_items i on i.sale_id = s.id
     where s.sale_date >= v_from and s.sale_date < v_to and s.status = 'COMPLETED'
     group by i.product_id
  ),
  line_totals as (
    select coalesce(sum(quantity), 0) as items_sold, coalesce(sum(cost), 0) as cost from by_product
  ),
  top_quantity as (
    select b.product_id, p.sku, p.name, b.quantity, b.revenue
      from (select *, rank() over (order by quantity desc, revenue desc) as place from by_product) b
      join public.products p on p.id = b.product_id
     where b.place <= 10
     order by b.quantity desc, b.revenue desc, p.sku
     limit 10
  ),
  top_revenue as (
    select b.product_id, p.sku, p.name, b.quantity, b.revenue
      from (select *, rank() over (order by revenue desc, quantity desc) as place from by_product) b
      join public.products p on p.id = b.product_id
     where b.place <= 10
     order by b.revenue desc, b.quantity desc, p.sku
     limit 10
  ),
  -- Returns taken that day (of sales of any day): refunds, and for the margin
  -- the revenue they give back (net of tax) and the cost of units back on the shelf.
  day_returns as materialized (
    select r.id, r.refund_method, r.refund_total from public.sale_returns r
     where r.created_at >= v_from and r.created_at < v_to
  ),
  returned as (
    select coalesce(sum(case when s.total = 0 then 0 else ri.refund_amount * (s.total - s.tax) / s.total end), 0)
             as revenue,
           coalesce(sum(ri.quantity * i.cost_price) filter (where ri.restock), 0) as cost
      from day_returns r
      join public.sale_return_items ri on ri.return_id = r.id
      join public.sale_items i on i.id = ri.sale_item_id
      join public.sales s on s.id = i.sale_id
  ),
  hours as (
    select extract(hour from d.sale_date at time zone v_timezone)::integer as hour, count(*) as sales_count,
           sum(d.total) as total
      from done d group by 1
  )
  select jsonb_build_object(
    'date', v_day,
    'timezone', v_timezone,
    'from', v_from,
    'to', v_to,
    'sales_count', t.sales_count,
    'cancelled_count', (select count(*) from day_sales where status = 'CANCELLED'),
    'items_sold', lt.items_sold,
    'gross_sales', t.subtotal + t.line_discounts,
    'line_discounts', t.line_discounts,
    'sale_discounts', t.sale_discounts,
    'discounts', t.line_discounts + t.sale_discounts,
    'subtotal', t.subtotal,
    'tax', t.tax,
    'total', t.total,
    'average_ticket', case when t.sales_count = 0 then 0 else round(t.total / t.sales_count, 2) end,
    'gross_profit', case when v_with_cost then t.subtotal - t.sale_discounts - lt.cost end,
    'returns', (select jsonb_build_object(
        'count', count(*), 'refunded', coalesce(sum(r.refund_total), 0),
        'by_refund_method', coalesce((select jsonb_agg(jsonb_build_object('refund_method', x.refund_method,
                                 'returns_count', x.n, 'total', x.total) order by x.refund_method)
                                 from (select r2.refund_method, count(*) as n, sum(r2.refund_total) as total
                                         from day_returns r2 group by r2.refund_method) x), '[]'::jsonb))
        from day_returns r),
    'net_total', t.total - (select coalesce(sum(r.refund_total), 0) from day_returns r),
    'net_gross_profit', case when v_with_cost then
        t.subtotal - t.sale_discounts - lt.cost - (select round(x.revenue, 2) - x.cost from returned x) end,
    -- Each part of a sale under its own method: a sale paid in cash and QR
    -- counts under both, with each part's amount (cash received, never the
    -- amount tendered); CREDIT is what went on customers' accounts.
    -- A sale paid one way has one method, its total (create_sale sets
    -- payment_method to the parts' one method, MIXED otherwise, and the parts
    -- add up to the total), so only MIXED sales' parts are read, each sale's
    -- through the sale_id index: joining every sale of a busy day to
    -- sale_payments cost more than the rest of the summary.
    'by_payment_method', coalesce((
      select jsonb_agg(jsonb_build_object('payment_method', d.method, 'sales_count', d.count, 'total', d.total)
                       order by d.method)
        from (select x.method, count(distinct x.sale_id) as count, sum(x.amount) as total
                from (select done.payment_method as method, done.id as sale_id, done.total as amount
                        from done
                       where done.payment_method <> 'MIXED'
                      union all
                      select sp.method, done.id, sp.amount
                        from done
                        cross join lateral (select p.method, p.amount from public.sale_payments p
                                             where p.sale_id = done.id) sp
                       where done.payment_method = 'MIXED') x
               group by x.method) d
    ), '[]'::jsonb),
    -- Money received on customers' accounts that day, by method.
    'collections', (
      select jsonb_build_object(
               'payments_count', coalesce(sum(m.count), 0), 'total', coalesce(-sum(m.amount), 0),
               'by_payment_method', coalesce(jsonb_agg(jsonb_build_object(
                   'payment_method', m.payment_method, 'payments_count', m.count, 'total', -m.amount)
                   order by m.payment_method), '[]'::jsonb))
        from (select m.payment_method, count(*) as count, sum(m.amount) as amount
                from public.customer_account_movements m
               where m.movement_type = 'PAYMENT' and m.created_at >= v_from and m.created_at < v_to
               group by m.payment_method) m
    ),
    'top_products_by_quantity', coalesce((
      select jsonb_agg(to_jsonb(b) order by b.quantity desc, b.revenue desc, b.sku) from top_quantity b
    ), '[]'::jsonb),
    'top_products_by_revenue', coalesce((
      select jsonb_agg(to_jsonb(b) order by b.revenue desc, b.quantity desc, b.sku) from top_revenue b
    ), '[]'::jsonb),
    'hourly', (
      select jsonb_agg(jsonb_build_object('hour', h, 'sales_count', coalesce(x.sales_count, 0), 'total', coalesce(x.total, 0))
                       order by h)
        from generate_series(0, 23) as h left join hours x on x.hour = h
    )
  ) into v_result
  from totals t cross join line_totals lt;
  return v_result;
end;
$$;

