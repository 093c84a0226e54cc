-- Purchase orders: what the store asks a supplier for, at what unit cost,
-- numbered PO-000001 without gaps, moving DRAFT → PENDING → APPROVED by the
-- RPCs below (receipts move it on to PARTIALLY_RECEIVED and RECEIVED, next
-- migration), or ending as CANCELLED (nothing received) or CLOSED (partly
-- received, the rest will not come). Every step is one RPC, one transaction;
-- an illegal step is INVALID_STATUS_TRANSITION and writes nothing. Totals are
-- computed here, half-up to cents. Unit costs and totals are buying data:
-- every role reads an order's lines and quantities, only managers and admins
-- its money (through get_purchase_order), as with products.cost_price.

-- =============================================================================
-- New codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('INVALID_DATE', 400, 'A date is out of range: an expected date before the order date, or more than a year after it.'),
  ('EMPTY_ORDER', 400, 'A purchase order, or a receipt of one, needs at least one line.'),
  ('DUPLICATE_ORDER_LINE', 400, 'The same product, or the same order line, appears on two lines of one order or receipt.'),
  ('PURCHASE_ORDER_NOT_FOUND', 404, 'No purchase order has that id.'),
  ('SUPPLIER_INACTIVE', 409, 'The supplier is deactivated; it takes no new orders.'),
  ('SUPPLIER_HAS_ORDERS', 409, 'The supplier has purchase orders; deactivate it instead of deleting it.'),
  ('INVALID_STATUS_TRANSITION', 409,
   'The purchase order''s status does not allow this: an illegal transition, an edit after DRAFT, or a receipt before approval.');

-- =============================================================================
-- Types and numbering
-- =============================================================================
create type public.purchase_order_status as enum
  ('DRAFT', 'PENDING', 'APPROVED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED', 'CLOSED');
comment on type public.purchase_order_status is
  'DRAFT (being written) → PENDING (submitted) → APPROVED (sent to the supplier) → PARTIALLY_RECEIVED → RECEIVED; or CANCELLED (nothing received) or CLOSED (partly received, the rest will not come).';

-- Gapless numbers, one counter row per series ('PO'; 'GR-<year>' for
-- receipts), taken inside the document's own transaction (a failed call gives
-- its number back) and as late as possible (the row lock is held briefly).
create table private.purchasing_counters (
  series text primary key constraint purchasing_counters_series_format check (series ~ '^(PO|GR-[0-9]{4})$'),
  last_value integer not null constraint purchasing_counters_positive check (last_value > 0)
);
comment on table private.purchasing_counters is
  'The last number used in each buying series: PO (purchase orders, never reset) and GR-<year> (goods receipts, per year of the store time zone).';
revoke all on table private.purchasing_counters from public;

create function private.next_number(series text) returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_value integer;
begin
  insert into private.purchasing_counters as c (series, last_value) values (next_number.series, 1)
  on conflict on constraint purchasing_counters_pkey do update set last_value = c.last_value + 1
  returning c.last_value into v_value;
  return v_value;
end;
$$;
comment on function private.next_number(text) is
  'Takes the next number of a buying series (gapless: call it last, inside the document''s transaction).';
revoke execute on function private.next_number(text) from public;

-- The store's calendar day now (its time zone cuts the days).
create function private.store_today() returns date
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return (now() at time zone (select st.timezone from public.store_settings st))::date;
end;
$$;
comment on function private.store_today() is 'Today in the store''s time zone.';
revoke execute on function private.store_today() from public;

-- =============================================================================
-- purchase_orders and purchase_order_items
-- =============================================================================
create table public.purchase_orders (
  id uuid primary key default gen_random_uuid(),
  po_number text not null
    constraint purchase_orders_po_number_key unique
    constraint purchase_orders_po_number_format check (po_number ~ '^PO-[0-9]{6,}$'),
  po_sequence integer not null constraint purchase_orders_po_sequence_key unique,
  supplier_id uuid not null references public.suppliers (id) on delete restrict,
  status public.purchase_order_status not null default 'DRAFT',
  order_date date not null,
  expected_date date,
  tax_rate numeric(5, 2) not null default 0
    constraint purchase_orders_tax_rate_range check (tax_rate >= 0 and tax_rate <= 100),
  subtotal numeric(12, 2) not null default 0 constraint purchase_orders_subtotal_non_negative check (subtotal >= 0),
  tax_amount numeric(12, 2) not null default 0 constraint purchase_orders_tax_non_negative check (tax_amount >= 0),
  total numeric(12, 2) not null default 0,
  notes text constraint purchase_orders_notes_length check (char_length(notes) <= 500),
  created_by uuid,
  submitted_at timestamptz,
  submitted_by uuid,
  approved_by uuid,
  approved_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by uuid,
  closed_at timestamptz,
  closed_by uuid,
  status_reason text constraint purchase_orders_status_reason_length check (char_length(status_reason) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint purchase_orders_expected_date_range
    check (expected_date is null or (expected_date >= order_date and expected_date <= order_date + 366)),
  constraint purchase_orders_totals check (total = subtotal + tax_amount),
  -- Each status carries the stamps of the steps that led to it (a cancelled
  -- order may have been cancelled as a draft, pending or approved).
  constraint purchase_orders_status_consistent check (
    (status <> 'DRAFT' or (submitted_at is null and approved_at is null))
    and (status not in ('PENDING', 'APPROVED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED') or submitted_at is not null)
    and (status <> 'PENDING' or approved_at is null)
    and (status not in ('APPROVED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED') or approved_at is not null)
    and (status = 'CANCELLED') = (cancelled_at is not null)
    and (status = 'CLOSED') = (closed_at is not null)
    and (status in ('CANCELLED', 'CLOSED')) = (status_reason is not null)
  )
);
comment on table public.purchase_orders is
  'What the store asks a supplier for. Written only by the buying RPCs; never deleted (a mistaken order is cancelled). Every role reads an order, only managers and admins its amounts (get_purchase_order).';
comment on column public.purchase_orders.po_number is 'PO-<6+ digits>: unique, never reused, gapless (taken when the order is created).';
comment on column public.purchase_orders.order_date is 'The store''s calendar day when the order was created.';
comment on column public.purchase_orders.expected_date is 'When the goods are expected: from the order date to a year after it.';
comment on column public.purchase_orders.tax_rate is 'Percentage added on the subtotal (13 means 13%); 0 when the supplier''s prices include IVA.';
comment on column public.purchase_orders.subtotal is 'Σ of the line amounts. Buying data: managers and admins only.';
comment on column public.purchase_orders.tax_amount is 'round(subtotal × tax_rate / 100, 2), half-up. Buying data: managers and admins only.';
comment on column public.purchase_orders.total is 'subtotal + tax_amount. Buying data: managers and admins only.';
comment on column public.purchase_orders.created_by is 'Who wrote the order (null for the service role). No foreign key: history outlives users.';
comment on column public.purchase_orders.status_reason is 'Why the order was cancelled or closed.';

create index purchase_orders_supplier_id_idx on public.purchase_orders (supplier_id);
create index purchase_orders_status_idx on public.purchase_orders (status);

create trigger purchase_orders_set_updated_at
  before update on public.purchase_orders
  for each row execute function private.set_updated_at();

create table public.purchase_order_items (
  id uuid primary key default gen_random_uuid(),
  purchase_order_id uuid not null references public.purchase_orders (id) on delete restrict,
  line_number smallint not null constraint purchase_order_items_line_number_positive check (line_number > 0),
  product_id uuid not null references public.products (id) on delete restrict,
  quantity_ordered integer not null
    constraint purchase_order_items_quantity_ordered_range check (quantity_ordered between 1 and 1000000),
  -- Never more than ordered, whatever the RPCs do: the last line of defence against over-receipt.
  quantity_received integer not null default 0
    constraint purchase_order_items_quantity_received_range
      check (quantity_received >= 0 and quantity_received <= quantity_ordered),
  unit_cost numeric(12, 2) not null
    constraint purchase_order_items_unit_cost_non_negative check (unit_cost >= 0 and unit_cost <> 'NaN'),
  amount numeric(12, 2) not null
    constraint purchase_order_items_amount check (amount = round(quantity_ordered * unit_cost, 2)),
  constraint purchase_order_items_order_line_key unique (purchase_order_id, line_number),
  constraint purchase_order_items_order_product_key unique (purchase_order_id, product_id)
);
comment on table public.purchase_order_items is
  'The lines of a purchase order, one per product. quantity_received is kept by receive_purchase_order and never exceeds quantity_ordered.';
comment on column public.purchase_order_items.quantity_received is 'Units received so far on this line (Σ of its receipt lines).';
comment on column public.purchase_order_items.unit_cost is 'The agreed unit cost. Buying data: managers and admins only.';
comment on column public.purchase_order_items.amount is 'round(quantity_ordered × unit_cost, 2), half-up. Buying data: managers and admins only.';

create index purchase_order_items_product_id_idx on public.purchase_order_items (product_id);

-- =============================================================================
-- Orders are history: never deleted; a line is removed only while its order
-- is a draft (update_purchase_order rewrites a draft's lines)
-- =============================================================================
-- Security definer, as the other guards: whoever the writer is, the refusal is the coded one.
create function private.purchase_orders_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and tg_table_name = 'purchase_order_items' then
    if (select o.status from public.purchase_orders o where o.id = old.purchase_order_id) = 'DRAFT' then
      return old;
    end if;
  end if;
  perform private.raise('FORBIDDEN',
    'Purchase orders are history: they are never deleted, and their lines change only while they are drafts; cancel or close an order instead.');
  return null;
end;
$$;
comment on function private.purchase_orders_guard() is
  'Trigger: refuses deleting or truncating purchase orders, and deleting the lines of an order that is no longer a draft.';
revoke execute on function private.purchase_orders_guard() from public;

create trigger purchase_orders_no_delete before delete on public.purchase_orders
  for each row execute function private.purchase_orders_guard();
create trigger purchase_orders_no_truncate before truncate on public.purchase_orders
  for each statement execute function private.purchase_orders_guard();
create trigger purchase_order_items_draft_delete_only before delete on public.purchase_order_items
  for each row execute function private.purchase_orders_guard();
create trigger purchase_order_items_no_truncate before truncate on public.purchase_order_items
  for each statement execute function private.purchase_orders_guard();

-- A supplier with orders is deactivated, never deleted. Security definer: the
-- check must see every order, whoever deletes.
create function private.suppliers_refuse_delete_with_orders() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.purchase_orders o where o.supplier_id = old.id) then
    perform private.raise('SUPPLIER_HAS_ORDERS',
      format('The supplier "%s" has purchase orders; deactivate it (is_active = false) instead of deleting it.', old.name),
      jsonb_build_object('supplier_id', old.id));
  end if;
  return old;
end;
$$;
comment on function private.suppliers_refuse_delete_with_orders() is
  'Trigger: refuses to delete a supplier that has purchase orders (SUPPLIER_HAS_ORDERS).';
revoke execute on function private.suppliers_refuse_delete_with_orders() from public;

create trigger suppliers_refuse_delete_with_orders
  before delete on public.suppliers
  for each row execute function private.suppliers_refuse_delete_with_orders();

-- =============================================================================
-- Access: every role reads orders and lines without their money; only the
-- RPCs write
-- =============================================================================
alter table public.purchase_orders enable row level security;
revoke all on table public.purchase_orders from anon, authenticated, service_role;
grant select (id, po_number, supplier_id, status, order_date, expected_date, tax_rate, notes, created_by,
              submitted_at, submitted_by, approved_by, approved_at, cancelled_at, cancelled_by, closed_at, closed_by,
              status_reason, created_at, updated_at)
  on table public.purchase_orders to authenticated;
grant select on table public.purchase_orders to service_role;
create policy purchase_orders_select on public.purchase_orders
  for select to authenticated using ((select private.has_role('viewer')));

alter table public.purchase_order_items enable row level security;
revoke all on table public.purchase_order_items from anon, authenticated, service_role;
grant select (id, purchase_order_id, line_number, product_id, quantity_ordered, quantity_received)
  on table public.purchase_order_items to authenticated;
grant select on table public.purchase_order_items to service_role;
create policy purchase_order_items_select on public.purchase_order_items
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- An order's request, checked
-- =============================================================================
create type private.order_line as (
  line_number integer,
  product_id uuid,
  quantity integer,
  unit_cost numeric,
  amount numeric
);
comment on type private.order_line is 'One line of a purchase order as asked: its product, quantity, unit cost and amount (half-up to cents).';

-- Parses and checks the lines as sent, without reading the database, line by
-- line in order: the first bad line is refused by the check that owns its rule.
create function private.order_lines(items jsonb) returns private.order_line[]
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_item jsonb;
  v_n integer := 0;
  v_count integer;
  v_id text;
  v_ids text[] := '{}';
  v_quantity integer;
  v_cost numeric;
  v_lines private.order_line[] := '{}';
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    perform private.raise('VALIDATION_ERROR', 'items must be an array of {product_id, quantity, unit_cost}.',
      '{"field": "items"}');
  end if;
  v_count := jsonb_array_length(items);
  if v_count = 0 then
    perform private.raise('EMPTY_ORDER', 'A purchase order needs at least one line.', '{"field": "items"}');
  end if;
  if v_count > 500 then
    perform private.raise('VALIDATION_ERROR', format('A purchase order has at most 500 lines (got %s).', v_count),
      '{"field": "items"}');
  end if;
  for v_item in select e.value from jsonb_array_elements(items) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_item) <> 'object' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'each line must be an object.');
    end if;
    if v_item - array['product_id', 'quantity', 'unit_cost'] <> '{}'::jsonb then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'only product_id, quantity and unit_cost are allowed.');
    end if;
    v_id := lower(v_item ->> 'product_id');
    if jsonb_typeof(v_item -> 'product_id') is distinct from 'string'
       or v_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'product_id must be a UUID.', '{"field": "product_id"}');
    end if;
    v_quantity := private.check_quantity(private.number_from_json(v_item -> 'quantity'), 1, 'quantity', v_n);
    if jsonb_typeof(v_item -> 'unit_cost') is distinct from 'number' then
      perform private.raise_on_line('INVALID_PRICE', v_n,
        'unit_cost is required: a number from 0 to 9,999,999,999.99 with at most 2 decimals.', '{"field": "unit_cost"}');
    end if;
    v_cost := private.money_from_json(v_item -> 'unit_cost', 'unit_cost', v_n);
    if v_id = any (v_ids) then
      perform private.raise_on_line('DUPLICATE_ORDER_LINE', v_n,
        'this product is already on another line; order it once with the total quantity.',
        jsonb_build_object('product_id', v_id));
    end if;
    v_ids := v_ids || v_id;
    if v_quantity * v_cost > 9999999999.99 then
      perform private.raise_on_line('INVALID_PRICE', v_n,
        format('the line amount %s × %s exceeds 9,999,999,999.99.', v_quantity, v_cost), '{"field": "unit_cost"}');
    end if;
    v_lines := v_lines || row(v_n, v_id::uuid, v_quantity, v_cost, round(v_quantity * v_cost, 2))::private.order_line;
  end loop;
  return v_lines;
end;
$$;
comment on function private.order_lines(jsonb) is
  'Parses a purchase order''s items (1 to 500 lines of {product_id, quantity, unit_cost}, one per product) into private.order_line values, raising the error of the first bad line.';
revoke execute on function private.order_lines(jsonb) from public;

-- The supplier may take orders, and every product of the lines exists and is
-- active: the first line that fails is named.
create function private.check_order_parties(supplier_id uuid, lines private.order_line[]) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_supplier public.suppliers := private.find_supplier(supplier_id);
  v_bad record;
begin
  if not v_supplier.is_active then
    perform private.raise('SUPPLIER_INACTIVE',
      format('The supplier "%s" is deactivated; it takes no new orders.', v_supplier.name),
      jsonb_build_object('field', 'supplier_id', 'supplier_id', v_supplier.id));
  end if;
  select l.line_number, l.product_id, p.id is not null as found, p.sku, p.name into v_bad
    from unnest(lines) l
    left join public.products p on p.id = l.product_id
   where p.id is null or not p.is_active
   order by l.line_number
   limit 1;
  if found and not v_bad.found then
    perform private.raise_on_line('PRODUCT_NOT_FOUND', v_bad.line_number, format('no product has id %s.', v_bad.product_id),
      jsonb_build_object('product_id', v_bad.product_id));
  elsif found then
    perform private.raise_on_line('PRODUCT_INACTIVE', v_bad.line_number,
      format('%s (%s) is deactivated.', v_bad.sku, v_bad.name),
      jsonb_build_object('product_id', v_bad.product_id, 'sku', v_bad.sku));
  end if;
end;
$$;
comment on function private.check_order_parties(uuid, private.order_line[]) is
  'SUPPLIER_NOT_FOUND / SUPPLIER_INACTIVE for the supplier, PRODUCT_NOT_FOUND / PRODUCT_INACTIVE for the first bad line.';
revoke execute on function private.check_order_parties(uuid, private.order_line[]) from public;

-- The whole request of a new or edited order, checked before anything is
-- written; returns its lines and amounts.
create function private.order_request(
  supplier_id uuid,
  items jsonb,
  expected_date date,
  tax_rate numeric,
  notes text,
  order_date date,
  out lines private.order_line[],
  out tax_percent numeric,
  out clean_notes text,
  out subtotal numeric,
  out tax_amount numeric
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  lines := private.order_lines(items);
  tax_percent := coalesce(tax_rate, 0);
  if tax_percent < 0 or tax_percent > 100 or tax_percent <> round(tax_percent, 2) then
    perform private.raise('VALIDATION_ERROR',
      format('tax_rate is a percentage from 0 to 100 with at most 2 decimals (got %s).', tax_percent),
      '{"field": "tax_rate"}');
  end if;
  if expected_date < order_date or expected_date > order_date + 366 then
    perform private.raise('INVALID_DATE',
      format('expected_date %s must be from the order date %s to a year after it.', expected_date, order_date),
      jsonb_build_object('field', 'expected_date', 'order_date', order_date));
  end if;
  clean_notes := private.optional_text(notes, 'notes', 500);
  perform private.check_order_parties(supplier_id, lines);
  subtotal := (select sum(l.amount) from unnest(lines) l);
  tax_amount := round(subtotal * tax_percent / 100, 2);
  if subtotal + tax_amount > 9999999999.99 then
    perform private.raise('INVALID_PRICE',
      format('The order amounts to %s: at most 9,999,999,999.99 fits in one order.', subtotal + tax_amount),
      jsonb_build_object('field', 'total', 'subtotal', subtotal, 'tax_amount', tax_amount));
  end if;
end;
$$;
comment on function private.order_request(uuid, jsonb, date, numeric, text, date) is
  'Checks a purchase order''s request (lines, tax rate, expected date, notes, supplier and products) and computes its amounts, half-up to cents.';
revoke execute on function private.order_request(uuid, jsonb, date, numeric, text, date) from public;

create function private.find_purchase_order(purchase_order_id uuid, for_update boolean default false)
returns public.purchase_orders
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
begin
  if for_update then
    select o.* into v_order from public.purchase_orders o where o.id = find_purchase_order.purchase_order_id for update;
  else
    select o.* into v_order from public.purchase_orders o where o.id = find_purchase_order.purchase_order_id;
  end if;
  if not found then
    perform private.raise('PURCHASE_ORDER_NOT_FOUND',
      format('No purchase order has id %s.', coalesce(purchase_order_id::text, 'null')),
      jsonb_build_object('purchase_order_id', purchase_order_id));
  end if;
  return v_order;
end;
$$;
comment on function private.find_purchase_order(uuid, boolean) is
  'The purchase order with this id (locked when for_update), or PURCHASE_ORDER_NOT_FOUND (404).';
revoke execute on function private.find_purchase_order(uuid, boolean) from public;

-- An order may take a step only from the statuses listed.
create function private.check_order_status(
  purchase_order public.purchase_orders,
  action text,
  allowed public.purchase_order_status[]
) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not (purchase_order.status = any (allowed)) then
    perform private.raise('INVALID_STATUS_TRANSITION',
      format('Cannot %s %s: it is %s (only from %s).', action, purchase_order.po_number, purchase_order.status,
             array_to_string(allowed, ', ')),
      jsonb_build_object('purchase_order_id', purchase_order.id, 'po_number', purchase_order.po_number,
                         'status', purchase_order.status, 'action', action, 'allowed_from', allowed));
  end if;
end;
$$;
comment on function private.check_order_status(public.purchase_orders, text, public.purchase_order_status[]) is
  'INVALID_STATUS_TRANSITION (409) unless the order''s status is one of those allowed for the action.';
revoke execute on function private.check_order_status(public.purchase_orders, text, public.purchase_order_status[]) from public;

-- =============================================================================
-- The order as the API returns it: its money for managers and admins only
-- =============================================================================
create function private.purchase_order_json(purchase_order public.purchase_orders) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_with_cost boolean := private.has_role('manager');
begin
  return to_jsonb(purchase_order) - 'po_sequence'
    || jsonb_build_object(
      'subtotal', case when v_with_cost then purchase_order.subtotal end,
      'tax_amount', case when v_with_cost then purchase_order.tax_amount end,
      'total', case when v_with_cost then purchase_order.total end,
      'supplier', (select jsonb_build_object('id', s.id, 'name', s.name, 'nit', s.nit)
                     from public.suppliers s where s.id = purchase_order.supplier_id),
      'items', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', i.id,
                 'line_number', i.line_number,
                 'product_id', i.product_id,
                 'product', jsonb_build_object('sku', p.sku, 'name', p.name),
                 'quantity_ordered', i.quantity_ordered,
                 'quantity_received', i.quantity_received,
                 'quantity_remaining', i.quantity_ordered - i.quantity_received,
                 'unit_cost', case when v_with_cost then i.unit_cost end,
                 'amount', case when v_with_cost then i.amount end)
               order by i.line_number)
          from public.purchase_order_items i
          join public.products p on p.id = i.product_id
         where i.purchase_order_id = purchase_order.id), '[]'::jsonb),
      'receipts', '[]'::jsonb);
end;
$$;
comment on function private.purchase_order_json(public.purchase_orders) is
  'A purchase order as the API returns it: its columns, its supplier, its lines (ordered, received, remaining) and its receipts; amounts and unit costs for managers and admins only (null for others). Runs inside the buying RPCs.';
revoke execute on function private.purchase_order_json(public.purchase_orders) from public;

-- =============================================================================
-- RPCs. Security definer: they write the orders, which no API role may write
-- directly (and read their amounts); each checks the caller's role first.
-- =============================================================================
create function public.create_purchase_order(
  supplier_id uuid,
  items jsonb,
  expected_date date default null,
  tax_rate numeric default 0,
  notes text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_today date;
  v_request record;
  v_sequence integer;
  v_order public.purchase_orders;
begin
  perform private.require_role('staff', 'create a purchase order');
  v_today := private.store_today();
  v_request := private.order_request(supplier_id, items, expected_date, tax_rate, notes, v_today);
  v_sequence := private.next_number('PO');
  insert into public.purchase_orders
    (po_number, po_sequence, supplier_id, status, order_date, expected_date, tax_rate, subtotal, tax_amount, total,
     notes, created_by)
  values
    (format('PO-%s', lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')), v_sequence,
     create_purchase_order.supplier_id, 'DRAFT', v_today, create_purchase_order.expected_date, v_request.tax_percent,
     v_request.subtotal, v_request.tax_amount, v_request.subtotal + v_request.tax_amount, v_request.clean_notes,
     (select auth.uid()))
  returning * into v_order;
  insert into public.purchase_order_items (purchase_order_id, line_number, product_id, quantity_ordered, unit_cost, amount)
  select v_order.id, l.line_number, l.product_id, l.quantity, l.unit_cost, l.amount
    from unnest(v_request.lines) l;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.create_purchase_order(uuid, jsonb, date, numeric, text) is
  'A new DRAFT purchase order for an active supplier: items [{product_id, quantity, unit_cost}] (1..500, one per active product), expected_date from today (store time zone) to a year ahead, tax_rate 0..100; amounts half-up to cents; numbered PO-000001 without gaps. Staff and above. Returns the order (amounts for managers only).';
revoke execute on function public.create_purchase_order(uuid, jsonb, date, numeric, text) from public, anon;
grant execute on function public.create_purchase_order(uuid, jsonb, date, numeric, text) to authenticated, service_role;

create function public.update_purchase_order(
  purchase_order_id uuid,
  supplier_id uuid,
  items jsonb,
  expected_date date default null,
  tax_rate numeric default 0,
  notes text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
  v_request record;
begin
  perform private.require_role('staff', 'edit a purchase order');
  v_order := private.find_purchase_order(purchase_order_id, true);
  perform private.check_order_status(v_order, 'edit', array['DRAFT']::public.purchase_order_status[]);
  v_request := private.order_request(supplier_id, items, expected_date, tax_rate, notes, v_order.order_date);
  delete from public.purchase_order_items i where i.purchase_order_id = v_order.id;
  insert into public.purchase_order_items (purchase_order_id, line_number, product_id, quantity_ordered, unit_cost, amount)
  select v_order.id, l.line_number, l.product_id, l.quantity, l.unit_cost, l.amount
    from unnest(v_request.lines) l;
  update public.purchase_orders o
     set supplier_id = update_purchase_order.supplier_id,
         expected_date = update_purchase_order.expected_date,
         tax_rate = v_request.tax_percent,
         subtotal = v_request.subtotal,
         tax_amount = v_request.tax_amount,
         total = v_request.subtotal + v_request.tax_amount,
         notes = v_request.clean_notes
   where o.id = v_order.id
  returning o.* into v_order;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.update_purchase_order(uuid, uuid, jsonb, date, numeric, text) is
  'Rewrites a DRAFT order with the same arguments as create_purchase_order (its supplier, lines, expected date, tax rate and notes; the order date and number stay). INVALID_STATUS_TRANSITION once submitted. Staff and above.';
revoke execute on function public.update_purchase_order(uuid, uuid, jsonb, date, numeric, text) from public, anon;
grant execute on function public.update_purchase_order(uuid, uuid, jsonb, date, numeric, text) to authenticated, service_role;

create function public.submit_purchase_order(purchase_order_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
begin
  perform private.require_role('staff', 'submit a purchase order');
  v_order := private.find_purchase_order(purchase_order_id, true);
  perform private.check_order_status(v_order, 'submit', array['DRAFT']::public.purchase_order_status[]);
  -- The supplier or a product may have been deactivated since the draft was written.
  perform private.check_order_parties(v_order.supplier_id, (
    select array_agg(row(i.line_number, i.product_id, i.quantity_ordered, i.unit_cost, i.amount)::private.order_line)
      from public.purchase_order_items i where i.purchase_order_id = v_order.id));
  update public.purchase_orders o
     set status = 'PENDING', submitted_at = now(), submitted_by = (select auth.uid())
   where o.id = v_order.id
  returning o.* into v_order;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.submit_purchase_order(uuid) is
  'DRAFT → PENDING: the order is ready for a manager''s approval (its supplier and products still active). Staff and above.';
revoke execute on function public.submit_purchase_order(uuid) from public, anon;
grant execute on function public.submit_purchase_order(uuid) to authenticated, service_role;

create function public.approve_purchase_order(purchase_order_id uuid) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
begin
  perform private.require_role('manager', 'approve a purchase order');
  v_order := private.find_purchase_order(purchase_order_id, true);
  perform private.check_order_status(v_order, 'approve', array['PENDING']::public.purchase_order_status[]);
  perform private.check_order_parties(v_order.supplier_id, (
    select array_agg(row(i.line_number, i.product_id, i.quantity_ordered, i.unit_cost, i.amount)::private.order_line)
      from public.purchase_order_items i where i.purchase_order_id = v_order.id));
  update public.purchase_orders o
     set status = 'APPROVED', approved_at = now(), approved_by = (select auth.uid())
   where o.id = v_order.id
  returning o.* into v_order;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.approve_purchase_order(uuid) is
  'PENDING → APPROVED: the order may be sent and received (its supplier and products still active). Managers and admins.';
revoke execute on function public.approve_purchase_order(uuid) from public, anon;
grant execute on function public.approve_purchase_order(uuid) to authenticated, service_role;

create function public.cancel_purchase_order(purchase_order_id uuid, reason text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
  v_reason text;
begin
  perform private.require_role('manager', 'cancel a purchase order');
  v_reason := private.required_text(reason, 'reason', 500);
  v_order := private.find_purchase_order(purchase_order_id, true);
  perform private.check_order_status(v_order, 'cancel',
    array['DRAFT', 'PENDING', 'APPROVED']::public.purchase_order_status[]);
  update public.purchase_orders o
     set status = 'CANCELLED', cancelled_at = now(), cancelled_by = (select auth.uid()), status_reason = v_reason
   where o.id = v_order.id
  returning o.* into v_order;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.cancel_purchase_order(uuid, text) is
  'DRAFT, PENDING or APPROVED → CANCELLED, with a reason: nothing was received (a partly received order is closed instead). Managers and admins.';
revoke execute on function public.cancel_purchase_order(uuid, text) from public, anon;
grant execute on function public.cancel_purchase_order(uuid, text) to authenticated, service_role;

create function public.close_purchase_order(purchase_order_id uuid, reason text) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_order public.purchase_orders;
  v_reason text;
begin
  perform private.require_role('manager', 'close a purchase order');
  v_reason := private.required_text(reason, 'reason', 500);
  v_order := private.find_purchase_order(purchase_order_id, true);
  perform private.check_order_status(v_order, 'close', array['PARTIALLY_RECEIVED']::public.purchase_order_status[]);
  update public.purchase_orders o
     set status = 'CLOSED', closed_at = now(), closed_by = (select auth.uid()), status_reason = v_reason
   where o.id = v_order.id
  returning o.* into v_order;
  return private.purchase_order_json(v_order);
end;
$$;
comment on function public.close_purchase_order(uuid, text) is
  'PARTIALLY_RECEIVED → CLOSED, with a reason: the rest will not come; what was received stays. Managers and admins.';
revoke execute on function public.close_purchase_order(uuid, text) from public, anon;
grant execute on function public.close_purchase_order(uuid, text) to authenticated, service_role;

-- Security definer: it reads the amounts, which only managers may see; it
-- checks the role first and hides them from the others.
create function public.get_purchase_order(purchase_order_id uuid) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_role('viewer', 'read purchase orders');
  return private.purchase_order_json(private.find_purchase_order(purchase_order_id));
end;
$$;
comment on function public.get_purchase_order(uuid) is
  'One purchase order with its supplier, its lines (ordered, received and remaining) and its receipts; amounts and unit costs for managers and admins only. PURCHASE_ORDER_NOT_FOUND otherwise. Viewers and above.';
revoke execute on function public.get_purchase_order(uuid) from public, anon;
grant execute on function public.get_purchase_order(uuid) to authenticated, service_role;
