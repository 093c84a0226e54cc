-- What buying needs to know: what the stock is worth at cost (the owner's
-- figure, for managers and admins), and what to order next — every active
-- product below its minimum or whose stock will not last the days asked at
-- the pace it sold over the last 30 days, with how much to order and from
-- whom it usually comes.

-- =============================================================================
-- inventory_valuation
-- =============================================================================
-- Security definer: it reads cost_price, which no API role reads; it checks
-- the manager role first (every figure in it is a cost).
create function public.inventory_valuation() returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  perform private.require_role('manager', 'read the inventory valuation');
  with by_category as (
    select c.id as category_id,
           c.name as category_name,
           count(*) as products,
           count(*) filter (where p.current_stock > 0) as products_in_stock,
           coalesce(sum(p.current_stock), 0) as units,
           -- whole units × cents: exact, nothing to round
           coalesce(sum(p.current_stock * p.cost_price), 0) as value,
           coalesce(sum(p.current_stock * p.unit_price), 0) as retail_value
      from public.products p
      left join public.categories c on c.id = p.category_id
     group by c.id, c.name
  )
  select jsonb_build_object(
    'as_of', now(),
    'currency', (select st.currency from public.store_settings st),
    'categories', coalesce(jsonb_agg(jsonb_build_object(
        'category_id', b.category_id,
        'category_name', b.category_name,
        'products', b.products,
        'products_in_stock', b.products_in_stock,
        'units', b.units,
        'value', b.value,
        'retail_value', b.retail_value,
        'potential_margin', b.retail_value - b.value)
      order by b.value desc, b.category_name nulls last), '[]'::jsonb),
    'total', jsonb_build_object(
        'products', coalesce(sum(b.products), 0),
        'products_in_stock', coalesce(sum(b.products_in_stock), 0),
        'units', coalesce(sum(b.units), 0),
        'value', coalesce(sum(b.value), 0),
        'retail_value', coalesce(sum(b.retail_value), 0),
        'potential_margin', coalesce(sum(b.retail_value - b.value), 0)))
    into v_result
    from by_category b;
  return v_result;
end;
$$;
comment on function public.inventory_valuation() is
  'What the stock is worth: Σ current_stock × cost_price (and at list price, and the difference) by category (null: products without one) and in total, over every product (deactivated ones hold stock too). Managers and admins.';
revoke execute on function public.inventory_valuation() from public, anon;
grant execute on function public.inventory_valuation() to authenticated, service_role;

-- =============================================================================
-- suggest_reorder
-- =============================================================================
-- Security definer: it reads the suppliers' last unit costs, which only
-- managers may see; it checks the role first and shows the cost to managers
-- and admins only.
create function public.suggest_reorder(supplier_id uuid default null, days_of_cover integer default 14)
returns table (
  product_id uuid,
  sku text,
  name text,
  category_name text,
  current_stock integer,
  min_stock_level integer,
  on_order integer,
  sold_last_30_days integer,
  average_daily_sales numeric,
  days_of_stock numeric,
  suggested_quantity integer,
  usual_supplier_id uuid,
  usual_supplier_name text,
  supplier_sku text,
  last_unit_cost numeric
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_with_cost boolean;
  v_timezone text;
  v_from timestamptz;
begin
  perform private.require_role('viewer', 'read reorder suggestions');
  if days_of_cover is null or days_of_cover < 1 or days_of_cover > 365 then
    perform private.raise('VALIDATION_ERROR',
      format('days_of_cover is a whole number of days from 1 to 365 (got %s).', coalesce(days_of_cover::text, 'null')),
      '{"field": "days_of_cover"}');
  end if;
  if suggest_reorder.supplier_id is not null then
    perform private.find_supplier(suggest_reorder.supplier_id);
  end if;
  v_with_cost := private.has_role('manager');
  select st.timezone into v_timezone from public.store_settings st;
  -- The last 30 calendar days of the store, today included.
  v_from := (private.store_today() - 29)::timestamp at time zone v_timezone;

  return query
  with sold as (
    select i.product_id, sum(i.quantity)::integer as units
      from public.sales s
      join public.sale_items i on i.sale_id = s.id
     where s.sale_date >= v_from and s.status = 'COMPLETED'
     group by i.product_id
  ),
  ordered as (
    select i.product_id, sum(i.quantity_ordered - i.quantity_received)::integer as units
      from public.purchase_orders o
      join public.purchase_order_items i on i.purchase_order_id = o.id
     where o.status in ('PENDING', 'APPROVED', 'PARTIALLY_RECEIVED')
     group by i.product_id
  ),
  -- Where each product comes from: the supplier it was last received from,
  -- else the one it was last ordered from (active suppliers only).
  sources as (
    select sp.product_id, sp.supplier_id, sp.supplier_sku, sp.last_unit_cost, 1 as rank, sp.updated_at as at
      from public.supplier_products sp
     where sp.last_unit_cost is not null
    union all
    select i.product_id, o.supplier_id, null, null, 2, o.created_at
      from public.purchase_orders o
      join public.purchase_order_items i on i.purchase_order_id = o.id
     where o.status <> 'CANCELLED'
  ),
  usual as (
    select distinct on (x.product_id) x.product_id, x.supplier_id, s.name as supplier_name, x.supplier_sku, x.last_unit_cost
      from sources x
      join public.suppliers s on s.id = x.supplier_id
     where s.is_active and (suggest_reorder.supplier_id is null or x.supplier_id = suggest_reorder.supplier_id)
     order by x.product_id, x.rank, x.at desc, x.supplier_id
  ),
  figures as (
    select p.id, p.sku, p.name, c.name as category_name, p.current_stock, p.min_stock_level,
           coalesce(o.units, 0) as on_order, coalesce(d.units, 0) as sold,
           u.supplier_id, u.supplier_name, u.supplier_sku, u.last_unit_cost
      from public.products p
      left join public.categories c on c.id = p.category_id
      left join sold d on d.product_id = p.id
      left join ordered o on o.product_id = p.id
      left join usual u on u.product_id = p.id
     where p.is_active and (suggest_reorder.supplier_id is null or u.supplier_id is not null)
  )
  select f.id, f.sku, f.name, f.category_name, f.current_stock, f.min_stock_level, f.on_order, f.sold,
         round(f.sold / 30.0, 2),
         case when f.sold > 0 then round(f.current_stock * 30.0 / f.sold, 1) end,
         -- Enough to be back at the minimum with days_of_cover days of sales on top, less what is on its way.
         greatest(0, f.min_stock_level + ceil(f.sold * days_of_cover / 30.0)::integer - f.current_stock - f.on_order),
         f.supplier_id, f.supplier_name, f.supplier_sku,
         case when v_with_cost then f.last_unit_cost end
    from figures f
   where f.current_stock < f.min_stock_level or f.current_stock * 30 < f.sold * days_of_cover
   order by f.current_stock = 0 desc,
            greatest(0, f.min_stock_level + ceil(f.sold * days_of_cover / 30.0)::integer - f.current_stock - f.on_order) desc,
            f.name, f.id;
end;
$$;
comment on function public.suggest_reorder(uuid, integer) is
  'Every active product below its minimum stock, or whose stock will not last days_of_cover days (1..365, default 14) at its average daily sales over the last 30 days of the store''s calendar: units sold, on order (pending, approved, partly received), days of stock left, suggested_quantity = max(0, minimum + days_of_cover × average − stock − on order), and its usual supplier (usual_supplier_id, usual_supplier_name, its code for the product: last received from, else last ordered from; with supplier_id, only that supplier''s products). last_unit_cost for managers and admins only. Out-of-stock first. Viewers and above.';
revoke execute on function public.suggest_reorder(uuid, integer) from public, anon;
grant execute on function public.suggest_reorder(uuid, integer) to authenticated, service_role;
