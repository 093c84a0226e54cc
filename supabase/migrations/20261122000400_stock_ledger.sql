-- The stock ledger: every unit that came in or went out, append-only, in a
-- strictly increasing order per product, each row chaining previous_stock to
-- the new_stock of the row before it. products.current_stock is its running
-- total and is changed only here, by RPCs that lock the product row, so
-- concurrent calls serialize and no update is ever lost.

-- =============================================================================
-- inventory_movements
-- =============================================================================
create type public.movement_type as enum ('ENTRY', 'EXIT', 'ADJUSTMENT');
comment on type public.movement_type is 'ENTRY adds stock, EXIT removes it, ADJUSTMENT sets it to a counted quantity.';

create table public.inventory_movements (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity constraint inventory_movements_seq_key unique,
  product_id uuid not null references public.products (id) on delete restrict,
  movement_type public.movement_type not null,
  quantity integer not null constraint inventory_movements_quantity_range check (quantity >= 0 and quantity <= 1000000000),
  reason text not null,
  reference_id uuid,
  notes text constraint inventory_movements_notes_length check (char_length(notes) <= 500),
  previous_stock integer not null constraint inventory_movements_previous_stock_non_negative check (previous_stock >= 0),
  new_stock integer not null constraint inventory_movements_new_stock_non_negative check (new_stock >= 0),
  created_at timestamptz not null default now(),
  created_by uuid,
  constraint inventory_movements_reason_valid check (
    (movement_type = 'ENTRY' and reason in ('PURCHASE', 'RETURN', 'INITIAL_STOCK', 'OTHER', 'SALE_CANCELLATION'))
    or (movement_type = 'EXIT' and reason in ('DAMAGE', 'LOSS', 'INTERNAL_USE', 'OTHER', 'SALE'))
    or (movement_type = 'ADJUSTMENT' and reason in ('COUNT_CORRECTION', 'OTHER'))
  ),
  constraint inventory_movements_arithmetic check (
    (movement_type = 'ENTRY' and quantity > 0 and new_stock = previous_stock + quantity)
    or (movement_type = 'EXIT' and quantity > 0 and new_stock = previous_stock - quantity)
    or (movement_type = 'ADJUSTMENT' and quantity = abs(new_stock - previous_stock))
  )
);
comment on table public.inventory_movements is
  'Append-only stock ledger. Per product, ordered by seq, each previous_stock equals the new_stock before it and the signed changes sum to current_stock.';
comment on column public.inventory_movements.seq is 'Strictly increasing order of the ledger (timestamps can tie).';
comment on column public.inventory_movements.quantity is
  'Units moved, always positive for ENTRY and EXIT; for ADJUSTMENT the size of the correction (0 confirms a count).';
comment on column public.inventory_movements.reason is
  'ENTRY: PURCHASE, RETURN, INITIAL_STOCK, OTHER, SALE_CANCELLATION. EXIT: DAMAGE, LOSS, INTERNAL_USE, OTHER, SALE. ADJUSTMENT: COUNT_CORRECTION, OTHER.';
comment on column public.inventory_movements.reference_id is 'What caused the movement: the sale for SALE and SALE_CANCELLATION, a purchase document otherwise.';
comment on column public.inventory_movements.created_by is
  'The user who made the movement (null for the service role). No foreign key: the ledger outlives users.';

create index inventory_movements_product_seq_idx on public.inventory_movements (product_id, seq);
create index inventory_movements_created_at_idx on public.inventory_movements (created_at);
create index inventory_movements_type_reason_idx on public.inventory_movements (movement_type, reason, created_at);
create index inventory_movements_reference_id_idx on public.inventory_movements (reference_id) where reference_id is not null;

-- =============================================================================
-- Append-only, for everyone: no grant allows it and triggers refuse it
-- =============================================================================
create function private.refuse_ledger_change() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  raise exception using errcode = 'PT403', message = 'FORBIDDEN',
    detail = 'The stock ledger is append-only: movements are never updated or deleted; record a compensating movement instead.';
end;
$$;
comment on function private.refuse_ledger_change() is 'Trigger: refuses UPDATE, DELETE and TRUNCATE on the ledger.';
revoke execute on function private.refuse_ledger_change() from public;

create trigger inventory_movements_append_only
  before update or delete on public.inventory_movements
  for each row execute function private.refuse_ledger_change();
create trigger inventory_movements_no_truncate
  before truncate on public.inventory_movements
  for each statement execute function private.refuse_ledger_change();

alter table public.inventory_movements enable row level security;
revoke all on table public.inventory_movements from anon, authenticated, service_role;
grant select on table public.inventory_movements to authenticated, service_role;
revoke all on sequence public.inventory_movements_seq_seq from anon, authenticated, service_role;

create policy inventory_movements_select on public.inventory_movements
  for select to authenticated using ((select private.has_role('viewer')));

-- A product with history is deactivated, not deleted.
create function private.products_refuse_delete_with_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.inventory_movements m where m.product_id = old.id) then
    raise exception using errcode = 'PT409', message = 'PRODUCT_HAS_HISTORY',
      detail = format('The product %s has stock movements; deactivate it (is_active = false) instead of deleting it.', old.sku),
      hint = jsonb_build_object('product_id', old.id)::text;
  end if;
  return old;
end;
$$;
comment on function private.products_refuse_delete_with_history() is
  'Trigger: refuses to delete a product that has movements (PRODUCT_HAS_HISTORY). Security definer so the check sees the whole ledger.';
revoke execute on function private.products_refuse_delete_with_history() from public;

create trigger products_refuse_delete_with_history
  before delete on public.products
  for each row execute function private.products_refuse_delete_with_history();

-- =============================================================================
-- Validation helpers shared by the stock and sale RPCs
-- =============================================================================
create function private.check_quantity(quantity integer, minimum integer default 1, label text default 'quantity')
returns void
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if quantity is null or quantity < minimum or quantity > 1000000 then
    raise exception using errcode = 'PT400', message = 'INVALID_QUANTITY',
      detail = format('%s must be a whole number from %s to 1,000,000 (got %s).', label, minimum, coalesce(quantity::text, 'null')),
      hint = jsonb_build_object('field', label, 'value', quantity)::text;
  end if;
end;
$$;
comment on function private.check_quantity(integer, integer, text) is 'Raises INVALID_QUANTITY unless minimum <= quantity <= 1,000,000.';
revoke execute on function private.check_quantity(integer, integer, text) from public;

create function private.check_notes(notes text) returns void
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if char_length(notes) > 500 then
    raise exception using errcode = 'PT400', message = 'VALIDATION_ERROR',
      detail = 'notes must be at most 500 characters.',
      hint = jsonb_build_object('field', 'notes')::text;
  end if;
end;
$$;
comment on function private.check_notes(text) is 'Raises VALIDATION_ERROR when notes exceed 500 characters.';
revoke execute on function private.check_notes(text) from public;

create function private.check_reason(reason text, allowed text[]) returns text
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  v_reason text := upper(btrim(reason));
begin
  if v_reason is null or not (v_reason = any (allowed)) then
    raise exception using errcode = 'PT400', message = 'INVALID_REASON',
      detail = format('reason must be one of %s (got %s).', array_to_string(allowed, ', '), coalesce(reason, 'null')),
      hint = jsonb_build_object('field', 'reason', 'allowed', allowed)::text;
  end if;
  return v_reason;
end;
$$;
comment on function private.check_reason(text, text[]) is 'Returns the upper-cased reason, or raises INVALID_REASON when it is not allowed.';
revoke execute on function private.check_reason(text, text[]) from public;

-- Locks the product row (FOR UPDATE) and returns it; raises PRODUCT_NOT_FOUND
-- or PRODUCT_INACTIVE.
create function private.lock_product(product_id uuid) returns public.products
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_product public.products;
begin
  select p.* into v_product from public.products p where p.id = lock_product.product_id for update;
  if not found then
    raise exception using errcode = 'PT404', message = 'PRODUCT_NOT_FOUND',
      detail = format('No product has id %s.', coalesce(product_id::text, 'null')),
      hint = jsonb_build_object('product_id', product_id)::text;
  end if;
  if not v_product.is_active then
    raise exception using errcode = 'PT409', message = 'PRODUCT_INACTIVE',
      detail = format('The product %s (%s) is deactivated.', v_product.sku, v_product.name),
      hint = jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku)::text;
  end if;
  return v_product;
end;
$$;
comment on function private.lock_product(uuid) is 'Locks a product row for a stock change; raises PRODUCT_NOT_FOUND (404) or PRODUCT_INACTIVE (409).';
revoke execute on function private.lock_product(uuid) from public;

-- Writes the new stock of a locked product and its movement, and returns the movement.
create function private.move_stock(
  product public.products,
  movement_type public.movement_type,
  new_stock integer,
  reason text,
  notes text,
  reference_id uuid
) returns public.inventory_movements
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_movement public.inventory_movements;
begin
  if new_stock > 1000000000 then
    raise exception using errcode = 'PT400', message = 'INVALID_QUANTITY',
      detail = format('The stock of %s would exceed 1,000,000,000 units.', product.sku),
      hint = jsonb_build_object('product_id', product.id)::text;
  end if;
  update public.products p set current_stock = move_stock.new_stock where p.id = product.id;
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  values
    (product.id, movement_type, abs(move_stock.new_stock - product.current_stock), reason, reference_id,
     nullif(btrim(notes), ''), product.current_stock, move_stock.new_stock, (select auth.uid()))
  returning * into v_movement;
  return v_movement;
end;
$$;
comment on function private.move_stock(public.products, public.movement_type, integer, text, text, uuid) is
  'Sets the stock of a product the caller has locked and appends the matching movement.';
revoke execute on function private.move_stock(public.products, public.movement_type, integer, text, text, uuid) from public;

-- =============================================================================
-- RPCs. Security definer: they are the only writers of current_stock and of
-- the ledger, which no API role may write directly; each checks the caller's
-- role first and takes the product row lock before reading the stock.
-- =============================================================================
create function public.register_stock_entry(
  product_id uuid,
  quantity integer,
  reason text default 'PURCHASE',
  notes text default null,
  reference_id uuid default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_product public.products;
begin
  perform private.require_role('staff', 'register a stock entry');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['PURCHASE', 'RETURN', 'INITIAL_STOCK', 'OTHER']);
  perform private.check_notes(notes);
  v_product := private.lock_product(product_id);
  return private.move_stock(v_product, 'ENTRY', v_product.current_stock + quantity, v_reason, notes, reference_id);
end;
$$;
comment on function public.register_stock_entry(uuid, integer, text, text, uuid) is
  'Goods received: adds quantity (1..1,000,000) to the stock. Reasons PURCHASE | RETURN | INITIAL_STOCK | OTHER. Staff and above. Returns the movement.';
revoke execute on function public.register_stock_entry(uuid, integer, text, text, uuid) from public, anon;
grant execute on function public.register_stock_entry(uuid, integer, text, text, uuid) to authenticated, service_role;

create function public.register_stock_exit(
  product_id uuid,
  quantity integer,
  reason text default 'DAMAGE',
  notes text default null,
  reference_id uuid default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_product public.products;
begin
  perform private.require_role('manager', 'register a stock exit');
  perform private.check_quantity(quantity);
  v_reason := private.check_reason(reason, array['DAMAGE', 'LOSS', 'INTERNAL_USE', 'OTHER']);
  perform private.check_notes(notes);
  v_product := private.lock_product(product_id);
  if v_product.current_stock < quantity then
    raise exception using errcode = 'PT409', message = 'INSUFFICIENT_STOCK',
      detail = format('Only %s unit(s) of %s in stock; cannot take %s.', v_product.current_stock, v_product.sku, quantity),
      hint = jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                                'requested', quantity, 'available', v_product.current_stock)::text;
  end if;
  return private.move_stock(v_product, 'EXIT', v_product.current_stock - quantity, v_reason, notes, reference_id);
end;
$$;
comment on function public.register_stock_exit(uuid, integer, text, text, uuid) is
  'Stock leaving other than by sale: removes quantity, never below zero (INSUFFICIENT_STOCK). Reasons DAMAGE | LOSS | INTERNAL_USE | OTHER. Managers and admins. Returns the movement.';
revoke execute on function public.register_stock_exit(uuid, integer, text, text, uuid) from public, anon;
grant execute on function public.register_stock_exit(uuid, integer, text, text, uuid) to authenticated, service_role;

create function public.adjust_stock(
  product_id uuid,
  new_stock integer,
  reason text default 'COUNT_CORRECTION',
  notes text default null,
  expected_stock integer default null
) returns public.inventory_movements
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_reason text;
  v_product public.products;
begin
  perform private.require_role('manager', 'adjust stock');
  perform private.check_quantity(new_stock, 0, 'new_stock');
  v_reason := private.check_reason(reason, array['COUNT_CORRECTION', 'OTHER']);
  perform private.check_notes(notes);
  v_product := private.lock_product(product_id);
  if expected_stock is not null and v_product.current_stock <> expected_stock then
    raise exception using errcode = 'PT409', message = 'STOCK_CHANGED',
      detail = format('The stock of %s is %s, not the %s seen when counting: it changed meanwhile; count again.',
                      v_product.sku, v_product.current_stock, expected_stock),
      hint = jsonb_build_object('product_id', v_product.id, 'expected_stock', expected_stock,
                                'current_stock', v_product.current_stock)::text;
  end if;
  return private.move_stock(v_product, 'ADJUSTMENT', new_stock, v_reason, notes, null);
end;
$$;
comment on function public.adjust_stock(uuid, integer, text, text, integer) is
  'Shelf count: sets the stock to new_stock (0..1,000,000). With expected_stock (the system stock when the count began) it refuses with STOCK_CHANGED if the stock moved meanwhile. Reasons COUNT_CORRECTION | OTHER. Managers and admins. Returns the movement.';
revoke execute on function public.adjust_stock(uuid, integer, text, text, integer) from public, anon;
grant execute on function public.adjust_stock(uuid, integer, text, text, integer) to authenticated, service_role;

-- =============================================================================
-- check_stock_integrity: the ledger audits itself
-- =============================================================================
create function public.check_stock_integrity()
returns table (
  product_id uuid,
  sku text,
  current_stock integer,
  ledger_stock bigint,
  last_new_stock integer,
  movement_count bigint,
  broken_links bigint
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  perform private.require_role('manager', 'check stock integrity');
  return query
  with chain as (
    select m.product_id,
           m.new_stock - m.previous_stock as change,
           m.new_stock,
           m.previous_stock,
           lag(m.new_stock, 1, 0) over (partition by m.product_id order by m.seq) as expected_previous,
           row_number() over (partition by m.product_id order by m.seq desc) as from_last
      from public.inventory_movements m
  ),
  ledger as (
    select c.product_id,
           sum(c.change) as total,
           max(c.new_stock) filter (where c.from_last = 1) as last_new,
           count(*) as movements,
           count(*) filter (where c.previous_stock <> c.expected_previous) as breaks
      from chain c
     group by c.product_id
  )
  select p.id, p.sku, p.current_stock, coalesce(l.total, 0), l.last_new, coalesce(l.movements, 0), coalesce(l.breaks, 0)
    from public.products p
    left join ledger l on l.product_id = p.id
   where p.current_stock <> coalesce(l.total, 0)
      or p.current_stock <> coalesce(l.last_new, 0)
      or coalesce(l.breaks, 0) > 0
   order by p.sku;
end;
$$;
comment on function public.check_stock_integrity() is
  'Every product whose current_stock differs from the sum of its movements or from its last new_stock, or whose chain previous_stock → new_stock is broken. Empty when healthy. Managers and admins.';
revoke execute on function public.check_stock_integrity() from public, anon;
grant execute on function public.check_stock_integrity() to authenticated, service_role;
