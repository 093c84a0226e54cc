-- Who the store buys from. Goods used to arrive one product at a time through
-- register_stock_entry, with nobody named as their source; buying starts with
-- the suppliers: plain CRUD through PostgREST for managers and admins, read by
-- every role (deactivated, never deleted, once they have orders: next migration).
-- supplier_products is what each supplier calls a product (its own code) and
-- what it last charged for it, learned from the receipts of later migrations;
-- the cost is the owner's business, like products.cost_price.

-- =============================================================================
-- New codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('SUPPLIER_NOT_FOUND', 404, 'No supplier has that id.');

-- =============================================================================
-- suppliers
-- =============================================================================
create table public.suppliers (
  id uuid primary key default gen_random_uuid(),
  name text not null
    constraint suppliers_name_length check (char_length(name) <= 200)
    constraint suppliers_name_visible check (private.trim_text(name) is not null),
  -- Bolivia's tax id (Número de Identificación Tributaria): digits only; a
  -- person's NIT is their identity card number, a company's up to 13 digits.
  nit text
    constraint suppliers_nit_format check (nit ~ '^[0-9]{5,15}$'),
  contact_name text constraint suppliers_contact_name_length check (char_length(contact_name) <= 200),
  phone text constraint suppliers_phone_format check (phone ~ '^\+?[0-9][0-9 ()-]{4,28}[0-9]$'),
  email text
    constraint suppliers_email_format check (char_length(email) <= 254 and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  address text constraint suppliers_address_length check (char_length(address) <= 500),
  payment_terms_days integer not null default 0
    constraint suppliers_payment_terms_range check (payment_terms_days between 0 and 365),
  is_active boolean not null default true,
  notes text constraint suppliers_notes_length check (char_length(notes) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint suppliers_nit_key unique (nit)
);
comment on table public.suppliers is
  'Who the store buys from. Managers and admins create and edit them; every role reads them. A supplier with purchase orders is deactivated (is_active = false), never deleted.';
comment on column public.suppliers.nit is 'Número de Identificación Tributaria: 5 to 15 digits, unique when given.';
comment on column public.suppliers.phone is 'A phone number as written: digits, spaces, ( ) - and a leading +.';
comment on column public.suppliers.payment_terms_days is 'Days of credit the supplier gives (0: cash on delivery), at most 365.';
comment on column public.suppliers.is_active is 'False for a supplier the store no longer buys from: no new orders; its history stays.';

create index suppliers_active_name_idx on public.suppliers (is_active, name);

create trigger suppliers_set_updated_at
  before update on public.suppliers
  for each row execute function private.set_updated_at();

-- =============================================================================
-- supplier_products: what a supplier calls a product, and what it last cost
-- =============================================================================
create table public.supplier_products (
  supplier_id uuid not null references public.suppliers (id) on delete cascade,
  product_id uuid not null references public.products (id) on delete cascade,
  supplier_sku text
    constraint supplier_products_supplier_sku_format check (supplier_sku ~ '^[A-Z0-9][A-Z0-9./_-]{0,49}$'),
  last_unit_cost numeric(12, 2)
    constraint supplier_products_last_unit_cost_non_negative check (last_unit_cost >= 0 and last_unit_cost <> 'NaN'),
  updated_at timestamptz not null default now(),
  primary key (supplier_id, product_id)
);
comment on table public.supplier_products is
  'A product as one supplier sells it: the supplier''s own code for it and the unit cost of its last receipt. Learned from receipts (receive_purchase_order); managers may correct a code.';
comment on column public.supplier_products.supplier_sku is
  'The supplier''s code for the product, upper case (letters, digits, . / _ -, at most 50); unique per supplier. A code learned from a receipt makes invoice matching certain.';
comment on column public.supplier_products.last_unit_cost is
  'The unit cost of the last receipt of this product from this supplier: buying data, readable by managers and admins only (through the buying RPCs).';

create unique index supplier_products_supplier_sku_key on public.supplier_products (supplier_id, supplier_sku)
  where supplier_sku is not null;
create index supplier_products_product_id_idx on public.supplier_products (product_id);

create trigger supplier_products_set_updated_at
  before update on public.supplier_products
  for each row execute function private.set_updated_at();

-- =============================================================================
-- Access: every role reads; managers and admins write. No API role reads a
-- supplier's last unit cost through the table.
-- =============================================================================
alter table public.suppliers enable row level security;
revoke all on table public.suppliers from anon, authenticated, service_role;
grant select, delete on table public.suppliers to authenticated, service_role;
grant insert (name, nit, contact_name, phone, email, address, payment_terms_days, is_active, notes),
  update (name, nit, contact_name, phone, email, address, payment_terms_days, is_active, notes)
  on table public.suppliers to authenticated, service_role;

create policy suppliers_select on public.suppliers
  for select to authenticated using ((select private.has_role('viewer')));
create policy suppliers_insert on public.suppliers
  for insert to authenticated with check ((select private.has_role('manager')));
create policy suppliers_update on public.suppliers
  for update to authenticated
  using ((select private.has_role('manager'))) with check ((select private.has_role('manager')));
create policy suppliers_delete on public.suppliers
  for delete to authenticated using ((select private.has_role('manager')));

alter table public.supplier_products enable row level security;
revoke all on table public.supplier_products from anon, authenticated, service_role;
grant select (supplier_id, product_id, supplier_sku, updated_at), delete
  on table public.supplier_products to authenticated;
grant select, delete on table public.supplier_products to service_role;
grant insert (supplier_id, product_id, supplier_sku), update (supplier_sku)
  on table public.supplier_products to authenticated, service_role;

create policy supplier_products_select on public.supplier_products
  for select to authenticated using ((select private.has_role('viewer')));
create policy supplier_products_insert on public.supplier_products
  for insert to authenticated with check ((select private.has_role('manager')));
create policy supplier_products_update on public.supplier_products
  for update to authenticated
  using ((select private.has_role('manager'))) with check ((select private.has_role('manager')));
create policy supplier_products_delete on public.supplier_products
  for delete to authenticated using ((select private.has_role('manager')));

-- =============================================================================
-- Helpers the buying RPCs share
-- =============================================================================
create function private.find_supplier(supplier_id uuid) returns public.suppliers
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_supplier public.suppliers;
begin
  select s.* into v_supplier from public.suppliers s where s.id = find_supplier.supplier_id;
  if not found then
    perform private.raise('SUPPLIER_NOT_FOUND', format('No supplier has id %s.', coalesce(supplier_id::text, 'null')),
      jsonb_build_object('field', 'supplier_id', 'supplier_id', supplier_id));
  end if;
  return v_supplier;
end;
$$;
comment on function private.find_supplier(uuid) is 'The supplier with this id, or SUPPLIER_NOT_FOUND (404).';
revoke execute on function private.find_supplier(uuid) from public;

-- A supplier code as it is stored and compared: trimmed, upper case, inner
-- white space dropped ("az 101" and "AZ-101" stay different codes).
create function private.supplier_sku(value text) returns text
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
begin
  return upper(regexp_replace(private.trim_text(value), '[[:space:]]+', '', 'g'));
end;
$$;
comment on function private.supplier_sku(text) is
  'A supplier''s product code as stored and compared: without white space, upper case; null when nothing visible.';
revoke execute on function private.supplier_sku(text) from public;
