-- Receiving a purchase order into stock, line by line and in as many
-- deliveries as it takes: one RPC, one transaction per delivery (a goods
-- receipt, GR-<year>-<6 digits>, gapless per year). Each line adds its units
-- through the same ledger rules as every other entry (one ENTRY/PURCHASE
-- movement per line, chaining previous_stock → new_stock, referencing the
-- receipt and carrying its unit cost in a new ledger column), moves the
-- product's cost_price to the moving average, and counts against what was
-- ordered: never more than ordered in total, whatever the concurrency (the
-- order's row lock serializes its receipts; a check constraint backs it).
-- The order's status follows the quantities; the same idempotency key from
-- the same user returns the first receipt. Unit costs, amounts and the
-- averages are buying data, readable by managers and admins only.

-- =============================================================================
-- New codes; one meaning widened
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('PURCHASE_ORDER_ITEM_NOT_FOUND', 404, 'No line of this purchase order has that id.'),
  ('RECEIPT_EXCEEDS_ORDERED', 409,
   'The receipt would take a line past the quantity ordered, or the order was received in full; details say how much remains.');
-- A receipt's key is refused as a sale's is.
update private.error_codes
   set meaning = 'The idempotency key was already used for a different request (a sale, a payment, a return, a cash movement, a receipt).'
 where code = 'IDEMPOTENCY_KEY_REUSED';

-- =============================================================================
-- The ledger carries the unit cost of what a receipt brought in
-- =============================================================================
alter table public.inventory_movements
  add column unit_cost numeric(12, 2)
    constraint inventory_movements_unit_cost_non_negative check (unit_cost >= 0 and unit_cost <> 'NaN'),
  add constraint inventory_movements_unit_cost_entries_only check (unit_cost is null or movement_type = 'ENTRY');
comment on column public.inventory_movements.unit_cost is
  'What one unit of an entry cost: set by receive_purchase_order on its PURCHASE entries, null for movements without a known cost. Buying data: no API role reads it through the table.';

-- Every column but the cost, as for products.cost_price (so `select=*` is
-- refused; list the columns).
revoke select on table public.inventory_movements from authenticated;
grant select (id, seq, product_id, movement_type, quantity, reason, reference_id, reference, notes, previous_stock,
              new_stock, created_at, created_by)
  on table public.inventory_movements to authenticated;

-- =============================================================================
-- goods_receipts and goods_receipt_items
-- =============================================================================
create table public.goods_receipts (
  id uuid primary key default gen_random_uuid(),
  receipt_number text not null
    constraint goods_receipts_receipt_number_key unique
    constraint goods_receipts_receipt_number_format check (receipt_number ~ '^GR-[0-9]{4}-[0-9]{6,}$'),
  receipt_year integer not null,
  receipt_sequence integer not null,
  purchase_order_id uuid not null references public.purchase_orders (id) on delete restrict,
  supplier_invoice_number text constraint goods_receipts_invoice_length check (char_length(supplier_invoice_number) <= 100),
  received_at timestamptz not null default now(),
  received_by uuid,
  notes text constraint goods_receipts_notes_length check (char_length(notes) <= 500),
  idempotency_key text constraint goods_receipts_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  request_hash text,
  constraint goods_receipts_year_sequence_key unique (receipt_year, receipt_sequence)
);
comment on table public.goods_receipts is
  'One delivery received against a purchase order. Written only by receive_purchase_order; never changed or deleted.';
comment on column public.goods_receipts.receipt_number is 'GR-<year>-<6+ digits>: unique, never reused, gapless within a year of the store time zone.';
comment on column public.goods_receipts.supplier_invoice_number is 'The number of the supplier''s invoice (factura) or delivery note, as written on it.';
comment on column public.goods_receipts.received_by is 'Who received the goods (null for the service role). No foreign key: history outlives users.';
comment on column public.goods_receipts.idempotency_key is 'Client key: the same key from the same user returns this receipt instead of receiving twice.';
comment on column public.goods_receipts.request_hash is 'Fingerprint of the request the key was first used with; a different request with the same key is refused.';

create unique index goods_receipts_idempotency_key_idx on public.goods_receipts
  (coalesce(received_by, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;
create index goods_receipts_purchase_order_id_idx on public.goods_receipts (purchase_order_id);

create table public.goods_receipt_items (
  id uuid primary key default gen_random_uuid(),
  goods_receipt_id uuid not null references public.goods_receipts (id) on delete restrict,
  line_number smallint not null constraint goods_receipt_items_line_number_positive check (line_number > 0),
  purchase_order_item_id uuid not null references public.purchase_order_items (id) on delete restrict,
  product_id uuid not null references public.products (id) on delete restrict,
  quantity integer not null constraint goods_receipt_items_quantity_range check (quantity between 1 and 1000000),
  unit_cost numeric(12, 2) not null constraint goods_receipt_items_unit_cost_non_negative check (unit_cost >= 0),
  ordered_unit_cost numeric(12, 2) not null
    constraint goods_receipt_items_ordered_unit_cost_non_negative check (ordered_unit_cost >= 0),
  amount numeric(12, 2) not null constraint goods_receipt_items_amount check (amount = round(quantity * unit_cost, 2)),
  stock_before integer not null constraint goods_receipt_items_stock_before_non_negative check (stock_before >= 0),
  cost_before numeric(12, 2) not null,
  cost_after numeric(12, 2) not null,
  supplier_sku text,
  -- No foreign key: a table referenced by one cannot be truncated, and the
  -- ledger must answer a TRUNCATE with its own coded refusal; movements are
  -- never deleted, so the link cannot dangle (the movement names the receipt
  -- in reference_id).
  movement_id uuid not null,
  constraint goods_receipt_items_receipt_line_key unique (goods_receipt_id, line_number),
  constraint goods_receipt_items_receipt_order_item_key unique (goods_receipt_id, purchase_order_item_id)
);
comment on table public.goods_receipt_items is
  'The lines of a receipt, one per order line received, each with the ledger entry it wrote and the product''s cost before and after.';
comment on column public.goods_receipt_items.unit_cost is
  'What one unit of this delivery cost: the line''s unit_cost when given (an invoice that differs from the order), else the order''s. Buying data.';
comment on column public.goods_receipt_items.ordered_unit_cost is 'The unit cost the order agreed, kept beside the one received. Buying data.';
comment on column public.goods_receipt_items.amount is 'round(quantity × unit_cost, 2), half-up. Buying data.';
comment on column public.goods_receipt_items.stock_before is 'The product''s stock just before this line (the movement''s previous_stock).';
comment on column public.goods_receipt_items.cost_before is 'products.cost_price before this line. Buying data.';
comment on column public.goods_receipt_items.cost_after is
  'The moving average after this line: round((stock_before × cost_before + quantity × unit_cost) / (stock_before + quantity), 2), or unit_cost when stock_before is 0. Buying data.';
comment on column public.goods_receipt_items.movement_id is 'The ENTRY/PURCHASE movement this line wrote (inventory_movements.id).';
comment on column public.goods_receipt_items.supplier_sku is 'The supplier''s code for the product, as the invoice gave it (learned into supplier_products).';

create index goods_receipt_items_purchase_order_item_id_idx on public.goods_receipt_items (purchase_order_item_id);
create index goods_receipt_items_product_id_idx on public.goods_receipt_items (product_id);

-- Receipts are history, like the ledger they wrote.
create function private.refuse_receipt_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.raise('FORBIDDEN',
    'Goods receipts are history: they are never changed or deleted; what was received is in the ledger.');
  return null;
end;
$$;
comment on function private.refuse_receipt_change() is 'Trigger: refuses UPDATE, DELETE and TRUNCATE on goods receipts and their lines.';
revoke execute on function private.refuse_receipt_change() from public;

create trigger goods_receipts_append_only before update or delete on public.goods_receipts
  for each row execute function private.refuse_receipt_change();
create trigger goods_receipts_no_truncate before truncate on public.goods_receipts
  for each statement execute function private.refuse_receipt_change();
create trigger goods_receipt_items_append_only before update or delete on public.goods_receipt_items
  for each row execute function private.refuse_receipt_change();
create trigger goods_receipt_items_no_truncate before truncate on public.goods_receipt_items
  for each statement execute function private.refuse_receipt_change();

-- =============================================================================
-- Access: every role reads receipts without their money or keys; only the
-- RPC writes
-- =============================================================================
alter table public.goods_receipts enable row level security;
revoke all on table public.goods_receipts from anon, authenticated, service_role;
grant select (id, receipt_number, purchase_order_id, supplier_invoice_number, received_at, received_by, notes)
  on table public.goods_receipts to authenticated;
grant select on table public.goods_receipts to service_role;
create policy goods_receipts_select on public.goods_receipts
  for select to authenticated using ((select private.has_role('viewer')));

alter table public.goods_receipt_items enable row level security;
revoke all on table public.goods_receipt_items from anon, authenticated, service_role;
grant select (id, goods_receipt_id, line_number, purchase_order_item_id, product_id, quantity, stock_before, supplier_sku,
              movement_id)
  on table public.goods_receipt_items to authenticated;
grant select on table public.goods_receipt_items to service_role;
create policy goods_receipt_items_select on public.goods_receipt_items
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- A receipt's request, checked
-- =============================================================================
create type private.receipt_line as (
  line_number integer,
  purchase_order_item_id uuid,
  quantity integer,
  -- as asked: null means the order's unit cost; once priced, the cost received
  unit_cost numeric,
  supplier_sku text,
  -- filled from the order line and the locked product
  product_id uuid,
  ordered_unit_cost numeric,
  stock_before integer,
  cost_before numeric,
  cost_after numeric,
  movement_id uuid
);
comment on type private.receipt_line is
  'One line of a receipt: what the caller sent (order line, quantity, unit cost, supplier code), then what the order line and the locked product say, the moving average and the ledger entry''s id.';

-- Parses and checks the lines as sent, without reading the database: the
-- first bad line is refused by the check that owns its rule.
create function private.receipt_lines(items jsonb) returns private.receipt_line[]
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
  v_skus text[] := '{}';
  v_quantity integer;
  v_cost numeric;
  v_sku text;
  v_lines private.receipt_line[] := '{}';
begin
  if items is null or jsonb_typeof(items) <> 'array' then
    perform private.raise('VALIDATION_ERROR',
      'items must be an array of {purchase_order_item_id, quantity, unit_cost?, supplier_sku?}.', '{"field": "items"}');
  end if;
  v_count := jsonb_array_length(items);
  if v_count = 0 then
    perform private.raise('EMPTY_ORDER', 'A receipt needs at least one line.', '{"field": "items"}');
  end if;
  if v_count > 500 then
    perform private.raise('VALIDATION_ERROR', format('A receipt has at most 500 lines (got %s).', v_count),
      '{"field": "items"}');
  end if;
  for v_item in select e.value from jsonb_array_elements(items) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_item) <> 'object' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'each line must be an object.');
    end if;
    if v_item - array['purchase_order_item_id', 'quantity', 'unit_cost', 'supplier_sku'] <> '{}'::jsonb then
      perform private.raise_on_line('VALIDATION_ERROR', v_n,
        'only purchase_order_item_id, quantity, unit_cost and supplier_sku are allowed.');
    end if;
    v_id := lower(v_item ->> 'purchase_order_item_id');
    if jsonb_typeof(v_item -> 'purchase_order_item_id') is distinct from 'string'
       or v_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'purchase_order_item_id must be a UUID.',
        '{"field": "purchase_order_item_id"}');
    end if;
    v_quantity := private.check_quantity(private.number_from_json(v_item -> 'quantity'), 1, 'quantity', v_n);
    v_cost := private.money_from_json(v_item -> 'unit_cost', 'unit_cost', v_n);
    v_sku := null;
    if v_item ? 'supplier_sku' and jsonb_typeof(v_item -> 'supplier_sku') <> 'null' then
      v_sku := private.supplier_sku(v_item ->> 'supplier_sku');
      if jsonb_typeof(v_item -> 'supplier_sku') <> 'string' or v_sku is null
         or v_sku !~ '^[A-Z0-9][A-Z0-9./_-]{0,49}$' then
        perform private.raise_on_line('VALIDATION_ERROR', v_n,
          'supplier_sku is the supplier''s code: letters, digits and . / _ -, at most 50.', '{"field": "supplier_sku"}');
      end if;
      if v_sku = any (v_skus) then
        perform private.raise_on_line('VALIDATION_ERROR', v_n,
          format('the supplier code %s is already on another line: one code names one product.', v_sku),
          '{"field": "supplier_sku"}');
      end if;
      v_skus := v_skus || v_sku;
    end if;
    if v_id = any (v_ids) then
      perform private.raise_on_line('DUPLICATE_ORDER_LINE', v_n,
        'this order line is already on another line of the receipt; receive it once with the total quantity.',
        jsonb_build_object('purchase_order_item_id', v_id));
    end if;
    v_ids := v_ids || v_id;
    if v_quantity * v_cost > 9999999999.99 then
      perform private.raise_on_line('INVALID_PRICE', v_n,
        format('the line amount %s × %s exceeds 9,999,999,999.99.', v_quantity, v_cost), '{"field": "unit_cost"}');
    end if;
    v_lines := v_lines
      || row(v_n, v_id::uuid, v_quantity, v_cost, v_sku, null, null, null, null, null, null)::private.receipt_line;
  end loop;
  return v_lines;
end;
$$;
comment on function private.receipt_lines(jsonb) is
  'Parses a receipt''s items (1 to 500 lines of {purchase_order_item_id, quantity, unit_cost?, supplier_sku?}, one per order line) into private.receipt_line values, raising the error of the first bad line.';
revoke execute on function private.receipt_lines(jsonb) from public;

-- What a retry with the same key must match: the request as parsed.
create function private.receipt_fingerprint(
  purchase_order_id uuid,
  lines private.receipt_line[],
  supplier_invoice_number text,
  notes text
) returns text
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  return md5(jsonb_build_array(
    purchase_order_id,
    (select jsonb_agg(jsonb_build_array(l.purchase_order_item_id, l.quantity, round(l.unit_cost, 2), l.supplier_sku)
                      order by l.line_number)
       from unnest(lines) l),
    supplier_invoice_number, notes)::text);
end;
$$;
comment on function private.receipt_fingerprint(uuid, private.receipt_line[], text, text) is
  'The fingerprint of a checked receipt request (its order, lines, invoice number and notes).';
revoke execute on function private.receipt_fingerprint(uuid, private.receipt_line[], text, text) from public;

-- =============================================================================
-- The receipt and the order as the API returns them: money for managers only
-- =============================================================================
create function private.receipt_json(receipt public.goods_receipts) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_with_cost boolean := private.has_role('manager');
begin
  return to_jsonb(receipt) - 'idempotency_key' - 'request_hash' - 'receipt_year' - 'receipt_sequence'
    || (select jsonb_build_object(
              'po_number', o.po_number,
              'order_status', o.status,
              'supplier', jsonb_build_object('id', s.id, 'name', s.name, 'nit', s.nit))
          from public.purchase_orders o
          join public.suppliers s on s.id = o.supplier_id
         where o.id = receipt.purchase_order_id)
    || (select jsonb_build_object(
              'total_amount', case when v_with_cost then coalesce(sum(i.amount), 0) end,
              'items', coalesce(jsonb_agg(jsonb_build_object(
                  'id', i.id,
                  'line_number', i.line_number,
                  'purchase_order_item_id', i.purchase_order_item_id,
                  'product_id', i.product_id,
                  'product', jsonb_build_object('sku', p.sku, 'name', p.name),
                  'quantity', i.quantity,
                  'unit_cost', case when v_with_cost then i.unit_cost end,
                  'ordered_unit_cost', case when v_with_cost then i.ordered_unit_cost end,
                  'amount', case when v_with_cost then i.amount end,
                  'stock_before', i.stock_before,
                  'stock_after', i.stock_before + i.quantity,
                  'cost_before', case when v_with_cost then i.cost_before end,
                  'cost_after', case when v_with_cost then i.cost_after end,
                  'supplier_sku', i.supplier_sku,
                  'movement_id', i.movement_id)
                order by i.line_number), '[]'::jsonb))
          from public.goods_receipt_items i
          join public.products p on p.id = i.product_id
         where i.goods_receipt_id = receipt.id);
end;
$$;
comment on function private.receipt_json(public.goods_receipts) is
  'A goods receipt as the API returns it: its columns (no idempotency internals), its order''s number and current status, its supplier and its lines; unit costs, amounts and the cost before and after each line for managers and admins only (null for others).';
revoke execute on function private.receipt_json(public.goods_receipts) from public;

create or replace function private.purchase_order_json(purchase_order public.purchase_orders) returns jsonb
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
      'receipts', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'id', r.id,
                 'receipt_number', r.receipt_number,
                 'supplier_invoice_number', r.supplier_invoice_number,
                 'received_at', r.received_at,
                 'received_by', r.received_by,
                 'notes', r.notes,
                 'items', (select jsonb_agg(jsonb_build_object(
                                    'purchase_order_item_id', ri.purchase_order_item_id,
                                    'product_id', ri.product_id,
                                    'quantity', ri.quantity,
                                    'unit_cost', case when v_with_cost then ri.unit_cost end)
                                  order by ri.line_number)
                             from public.goods_receipt_items ri where ri.goods_receipt_id = r.id))
               order by r.receipt_year, r.receipt_sequence)
          from public.goods_receipts r
         where r.purchase_order_id = purchase_order.id), '[]'::jsonb));
end;
$$;

-- =============================================================================
-- receive_purchase_order
-- =============================================================================
-- Security definer: it writes stock, the ledger, costs, receipts and orders,
-- which no API role may write directly; it checks the caller's role first.
create function public.receive_purchase_order(
  purchase_order_id uuid,
  items jsonb,
  supplier_invoice_number text default null,
  notes text default null,
  idempotency_key text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
-- A delivery never waits long behind a stuck transaction: a product locked
-- for 2 s is refused (55P03), and nothing is written.
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_existing public.goods_receipts;
  v_lines private.receipt_line[];
  v_invoice text;
  v_notes text;
  v_fingerprint text;
  v_order public.purchase_orders;
  v_bad record;
  v_count integer;
  v_receipt public.goods_receipts;
  v_receipt_id uuid := gen_random_uuid();
  v_now timestamptz := now();
  v_year integer;
  v_number text;
begin
  perform private.require_role('staff', 'receive goods');

  -- ---- idempotency: the same key from the same user returns the first receipt
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    -- Serializes racing retries of one key; the loser then sees the winner's receipt.
    perform pg_advisory_xact_lock(
      hashtextextended('receipt:' || coalesce(v_user::text, 'service_role') || ':' || idempotency_key, 0));
    select r.* into v_existing
      from public.goods_receipts r
     where coalesce(r.received_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and r.idempotency_key = receive_purchase_order.idempotency_key;
    if found then
      -- The key is taken: the retry of the same request gets the receipt,
      -- anything else (an invalid request included) is told so.
      begin
        v_fingerprint := private.receipt_fingerprint(purchase_order_id, private.receipt_lines(items),
          private.optional_text(supplier_invoice_number, 'supplier_invoice_number', 100),
          private.optional_text(notes, 'notes', 500));
      exception when others then
        if sqlstate not like 'PT%' then
          raise;
        end if;
      end;
      if v_existing.request_hash is distinct from v_fingerprint then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different receipt; use a new key for a new delivery.',
          jsonb_build_object('goods_receipt_id', v_existing.id, 'receipt_number', v_existing.receipt_number));
      end if;
      return private.receipt_json(v_existing);
    end if;
  end if;

  -- ---- the whole request is checked before anything is locked or written
  v_lines := private.receipt_lines(items);
  v_invoice := private.optional_text(supplier_invoice_number, 'supplier_invoice_number', 100);
  v_notes := private.optional_text(notes, 'notes', 500);
  if idempotency_key is not null then
    v_fingerprint := private.receipt_fingerprint(purchase_order_id, v_lines, v_invoice, v_notes);
  end if;

  -- ---- the order, locked: its receipts queue here, so what is left to
  -- receive cannot change under this one
  v_order := private.find_purchase_order(purchase_order_id, true);
  if v_order.status = 'RECEIVED' then
    perform private.raise('RECEIPT_EXCEEDS_ORDERED',
      format('%s was received in full: nothing is left to receive.', v_order.po_number),
      jsonb_build_object('purchase_order_id', v_order.id, 'po_number', v_order.po_number, 'status', v_order.status));
  end if;
  perform private.check_order_status(v_order, 'receive goods on',
    array['APPROVED', 'PARTIALLY_RECEIVED']::public.purchase_order_status[]);

  select l.line_number, l.purchase_order_item_id into v_bad
    from unnest(v_lines) l
    left join public.purchase_order_items i on i.id = l.purchase_order_item_id and i.purchase_order_id = v_order.id
   where i.id is null
   order by l.line_number
   limit 1;
  if found then
    perform private.raise_on_line('PURCHASE_ORDER_ITEM_NOT_FOUND', v_bad.line_number,
      format('%s has no line with id %s.', v_order.po_number, v_bad.purchase_order_item_id),
      jsonb_build_object('purchase_order_item_id', v_bad.purchase_order_item_id));
  end if;
  select l.line_number, l.quantity, i.id, i.product_id, i.quantity_ordered, i.quantity_received, p.sku into v_bad
    from unnest(v_lines) l
    join public.purchase_order_items i on i.id = l.purchase_order_item_id
    join public.products p on p.id = i.product_id
   where i.quantity_received + l.quantity > i.quantity_ordered
   order by l.line_number
   limit 1;
  if found then
    perform private.raise_on_line('RECEIPT_EXCEEDS_ORDERED', v_bad.line_number,
      format('%s: %s ordered, %s received, %s remaining; cannot receive %s.', v_bad.sku, v_bad.quantity_ordered,
             v_bad.quantity_received, v_bad.quantity_ordered - v_bad.quantity_received, v_bad.quantity),
      jsonb_build_object('purchase_order_item_id', v_bad.id, 'product_id', v_bad.product_id, 'sku', v_bad.sku,
                         'ordered', v_bad.quantity_ordered, 'received', v_bad.quantity_received,
                         'remaining', v_bad.quantity_ordered - v_bad.quantity_received, 'requested', v_bad.quantity));
  end if;

  -- ---- lock the products in one fixed order (by id), as every stock RPC
  -- does, and work out each line's cost: the line's or the order's, and the
  -- product's new moving average
  select array_agg(row(x.line_number, x.purchase_order_item_id, x.quantity, x.unit_cost, x.supplier_sku, x.product_id,
                       x.ordered_unit_cost, x.stock_before, x.cost_before,
                       case when x.stock_before = 0 then x.unit_cost
                            else round((x.stock_before * x.cost_before + x.quantity * x.unit_cost)
                                       / (x.stock_before + x.quantity), 2) end,
                       gen_random_uuid())::private.receipt_line order by x.line_number)
    into v_lines
    from (select l.line_number, l.purchase_order_item_id, l.quantity, coalesce(l.unit_cost, i.unit_cost) as unit_cost,
                 l.supplier_sku, p.id as product_id, i.unit_cost as ordered_unit_cost, p.current_stock as stock_before,
                 p.cost_price as cost_before
            from public.products p
            join public.purchase_order_items i on i.product_id = p.id
            join unnest(v_lines) l on l.purchase_order_item_id = i.id
           order by p.id
             for update of p) x;

  select l.line_number, l.product_id, l.stock_before, l.quantity, p.sku into v_bad
    from unnest(v_lines) l join public.products p on p.id = l.product_id
   where l.stock_before + l.quantity > 1000000000
   order by l.line_number
   limit 1;
  if found then
    perform private.raise_on_line('STOCK_LIMIT_EXCEEDED', v_bad.line_number,
      format('receiving %s unit(s) of %s would take its stock past 1,000,000,000 units (it has %s).', v_bad.quantity,
             v_bad.sku, v_bad.stock_before),
      jsonb_build_object('product_id', v_bad.product_id, 'sku', v_bad.sku));
  end if;

  -- ---- the receipt's number, then every write: stock and cost, the ledger
  -- (one PURCHASE entry per line, in line order), the receipt, the order's
  -- lines and status, what the supplier calls each product and charged for it
  v_year := extract(year from v_now at time zone (select st.timezone from public.store_settings st))::integer;
  v_count := private.next_number(format('GR-%s', v_year));
  v_number := format('GR-%s-%s', v_year, lpad(v_count::text, greatest(6, char_length(v_count::text)), '0'));

  update public.products p
     set current_stock = l.stock_before + l.quantity, cost_price = l.cost_after
    from unnest(v_lines) l
   where p.id = l.product_id;

  insert into public.inventory_movements
    (id, product_id, movement_type, quantity, reason, reference_id, reference, notes, previous_stock, new_stock,
     unit_cost, created_by, created_at)
  select l.movement_id, l.product_id, 'ENTRY', l.quantity, 'PURCHASE', v_receipt_id, v_number, v_notes,
         l.stock_before, l.stock_before + l.quantity, l.unit_cost, v_user, v_now
    from unnest(v_lines) l
   order by l.line_number;

  insert into public.goods_receipts
    (id, receipt_number, receipt_year, receipt_sequence, purchase_order_id, supplier_invoice_number, received_at,
     received_by, notes, idempotency_key, request_hash)
  values
    (v_receipt_id, v_number, v_year, v_count, v_order.id, v_invoice, v_now, v_user, v_notes,
     receive_purchase_order.idempotency_key, v_fingerprint)
  returning * into v_receipt;

  insert into public.goods_receipt_items
    (goods_receipt_id, line_number, purchase_order_item_id, product_id, quantity, unit_cost, ordered_unit_cost, amount,
     stock_before, cost_before, cost_after, supplier_sku, movement_id)
  select v_receipt_id, l.line_number, l.purchase_order_item_id, l.product_id, l.quantity, l.unit_cost,
         l.ordered_unit_cost, round(l.quantity * l.unit_cost, 2), l.stock_before, l.cost_before, l.cost_after,
         l.supplier_sku, l.movement_id
    from unnest(v_lines) l;

  update public.purchase_order_items i
     set quantity_received = i.quantity_received + l.quantity
    from unnest(v_lines) l
   where i.id = l.purchase_order_item_id;
  update public.purchase_orders o
     set status = case when exists (select from public.purchase_order_items i
                                     where i.purchase_order_id = o.id and i.quantity_received < i.quantity_ordered)
                       then 'PARTIALLY_RECEIVED' else 'RECEIVED' end::public.purchase_order_status
   where o.id = v_order.id;

  -- A code the invoice now gives to this product is no longer another's.
  update public.supplier_products sp
     set supplier_sku = null
    from unnest(v_lines) l
   where sp.supplier_id = v_order.supplier_id and sp.supplier_sku = l.supplier_sku and sp.product_id <> l.product_id;
  insert into public.supplier_products as sp (supplier_id, product_id, supplier_sku, last_unit_cost)
  select v_order.supplier_id, l.product_id, l.supplier_sku, l.unit_cost
    from unnest(v_lines) l
  on conflict (supplier_id, product_id) do update
     set last_unit_cost = excluded.last_unit_cost, supplier_sku = coalesce(excluded.supplier_sku, sp.supplier_sku);

  return private.receipt_json(v_receipt);
end;
$$;
comment on function public.receive_purchase_order(uuid, jsonb, text, text, text) is
  'Receives a delivery against an APPROVED or PARTIALLY_RECEIVED order: items [{purchase_order_item_id, quantity, unit_cost?, supplier_sku?}] (1..500, one per order line), never past what was ordered (RECEIPT_EXCEEDS_ORDERED). Locks the order, then the products by id (waiting at most 2 s); writes one ENTRY/PURCHASE movement per line carrying its unit cost (the line''s, else the order''s) and referencing the receipt, moves cost_price to the moving average, numbers the receipt GR-<year>-<6 digits> without gaps, and sets the order''s status from its quantities. The same idempotency_key from the same user returns the first receipt. Staff and above. Returns the receipt (costs for managers only).';
revoke execute on function public.receive_purchase_order(uuid, jsonb, text, text, text) from public, anon;
grant execute on function public.receive_purchase_order(uuid, jsonb, text, text, text) to authenticated, service_role;
