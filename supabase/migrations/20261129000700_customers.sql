-- Customers the store knows, and the account each one may buy on (fiado).
-- Today the store keeps that in a notebook; here it gets the guarantees of
-- the stock ledger: a balance that only the RPCs move, each move an
-- append-only row chaining previous_balance → new_balance, and a check the
-- store can run on itself. A positive balance is what the customer owes the
-- store; a negative one, what the store owes the customer.

-- =============================================================================
-- New codes
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('CUSTOMER_REQUIRED', 400, 'A sale with a CREDIT part needs the customer whose account it goes on.'),
  ('PAYMENT_MISMATCH', 400, 'The payments of a sale do not add up to its total.'),
  ('CUSTOMER_NOT_FOUND', 404, 'No customer has that id.'),
  ('CUSTOMER_INACTIVE', 409, 'The customer is deactivated: no new sale goes on their name.'),
  ('CUSTOMER_HAS_HISTORY', 409, 'The customer has sales or account movements; deactivate them instead of deleting.'),
  ('DUPLICATE_CUSTOMER_DOCUMENT', 409, 'Another customer already has this document type and number.'),
  ('CREDIT_LIMIT_EXCEEDED', 409, 'The sale would take the customer''s balance past their credit limit.'),
  ('PAYMENT_EXCEEDS_BALANCE', 409, 'The payment is larger than what the customer owes.');
update private.error_codes
   set meaning = 'The idempotency key was already used for a different request (a sale, a payment).'
 where code = 'IDEMPOTENCY_KEY_REUSED';

-- =============================================================================
-- customers
-- =============================================================================
create type public.document_type as enum ('CI', 'NIT', 'PASSPORT', 'OTHER');
comment on type public.document_type is
  'A customer''s identity document: CI (cédula de identidad), NIT (tax number), PASSPORT or OTHER.';

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  name text not null
    constraint customers_name_length check (char_length(name) <= 200)
    constraint customers_name_visible check (private.trim_text(name) is not null),
  document_type public.document_type,
  document_number text constraint customers_document_number_format check (document_number ~ '^[0-9A-Za-z-]{1,30}$'),
  phone text constraint customers_phone_format check (phone ~ '^[0-9+() -]{6,30}$'),
  email text constraint customers_email_format
    check (char_length(email) <= 200 and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  address text constraint customers_address_length check (char_length(address) <= 300),
  -- Money is never negative and never NaN (NaN sorts above every number).
  credit_limit numeric(12, 2) not null default 0
    constraint customers_credit_limit_range check (credit_limit >= 0 and credit_limit <> 'NaN'),
  balance numeric(12, 2) not null default 0,
  is_active boolean not null default true,
  notes text constraint customers_notes_length check (char_length(notes) <= 500),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint customers_document_complete check ((document_type is null) = (document_number is null)),
  constraint customers_document_key unique (document_type, document_number)
);
comment on table public.customers is
  'The store''s customers. balance is kept by the account RPCs and always equals the customer''s account ledger; deactivate (is_active = false) a customer with history instead of deleting them.';
comment on column public.customers.document_number is 'CI or NIT as written on the document (digits, letters, -); with its type, unique.';
comment on column public.customers.credit_limit is 'The largest balance the customer may owe; 0 = no credit. Set by managers and admins.';
comment on column public.customers.balance is
  'What the customer owes the store (> 0) or the store owes them (< 0); written only by the account RPCs.';

create index customers_name_trgm_idx on public.customers
  using gin (private.normalize_text(name) extensions.gin_trgm_ops);
create index customers_phone_idx on public.customers (phone) where phone is not null;
create index customers_active_name_idx on public.customers (is_active, name);

create trigger customers_set_updated_at
  before update on public.customers
  for each row execute function private.set_updated_at();

-- Staff keep contact details; the credit limit and whether the customer is
-- active are a manager's (no column privilege can tell the two roles apart).
-- A session that never switched role (the seed, the owner's maintenance) is
-- trusted, as has_role trusts it: it could do anything anyway.
create function private.customers_guard() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if current_setting('role') <> 'none'
     and ((tg_op = 'INSERT' and (new.credit_limit <> 0 or not new.is_active))
          or (tg_op = 'UPDATE' and (new.credit_limit is distinct from old.credit_limit
                                    or new.is_active is distinct from old.is_active))) then
    perform private.require_role('manager', 'set a customer''s credit limit or deactivate a customer');
  end if;
  return new;
end;
$$;
comment on function private.customers_guard() is
  'Trigger: a credit limit, and deactivating or reactivating a customer, need a manager (FORBIDDEN otherwise).';
revoke execute on function private.customers_guard() from public;

create trigger customers_guard
  before insert or update on public.customers
  for each row execute function private.customers_guard();

alter table public.customers enable row level security;
revoke all on table public.customers from anon, authenticated, service_role;
grant select, delete on table public.customers to authenticated, service_role;
grant insert (name, document_type, document_number, phone, email, address, credit_limit, is_active, notes),
  update (name, document_type, document_number, phone, email, address, credit_limit, is_active, notes)
  on table public.customers to authenticated, service_role;

create policy customers_select on public.customers
  for select to authenticated using ((select private.has_role('viewer')));
create policy customers_insert on public.customers
  for insert to authenticated with check ((select private.has_role('staff')));
create policy customers_update on public.customers
  for update to authenticated
  using ((select private.has_role('staff'))) with check ((select private.has_role('staff')));
create policy customers_delete on public.customers
  for delete to authenticated using ((select private.has_role('manager')));

-- =============================================================================
-- The account ledger
-- =============================================================================
create type public.account_movement_type as enum ('CHARGE', 'PAYMENT', 'SALE_CANCELLATION', 'REFUND', 'ADJUSTMENT');
comment on type public.account_movement_type is
  'CHARGE: a sale on credit; PAYMENT: money received on the account; SALE_CANCELLATION: a cancelled credit sale taken back; REFUND: goods returned from a credit sale; ADJUSTMENT: a manager''s write-off or correction.';

create table public.customer_account_movements (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity constraint customer_account_movements_seq_key unique,
  customer_id uuid not null references public.customers (id) on delete restrict,
  movement_type public.account_movement_type not null,
  amount numeric(12, 2) not null,
  previous_balance numeric(12, 2) not null,
  new_balance numeric(12, 2) not null,
  sale_id uuid references public.sales (id) on delete restrict,
  payment_method public.payment_method,
  reason text,
  reference text constraint customer_account_movements_reference_length check (char_length(reference) <= 100),
  notes text constraint customer_account_movements_notes_length check (char_length(notes) <= 500),
  idempotency_key text
    constraint customer_account_movements_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  request_hash text,
  created_at timestamptz not null default now(),
  created_by uuid,
  constraint customer_account_movements_chain check (new_balance = previous_balance + amount),
  constraint customer_account_movements_kind check (
    (movement_type = 'CHARGE' and amount > 0 and sale_id is not null)
    or (movement_type = 'PAYMENT' and amount < 0 and payment_method in ('CASH', 'CARD', 'TRANSFER', 'QR'))
    or (movement_type = 'SALE_CANCELLATION' and amount < 0 and sale_id is not null)
    or (movement_type = 'REFUND' and amount < 0 and sale_id is not null)
    or (movement_type = 'ADJUSTMENT' and amount <> 0 and reason in ('WRITE_OFF', 'CORRECTION'))
  )
);
comment on table public.customer_account_movements is
  'Every change of a customer''s balance, append-only: amount is the signed change (new_balance = previous_balance + amount), and each row''s previous_balance is the new_balance of the customer''s row before it (by seq).';
comment on column public.customer_account_movements.amount is 'The change of the balance: positive when the customer owes more, negative when less.';
comment on column public.customer_account_movements.sale_id is 'The sale charged, cancelled or returned from.';
comment on column public.customer_account_movements.payment_method is 'How a PAYMENT was made.';
comment on column public.customer_account_movements.reason is 'An ADJUSTMENT''s reason: WRITE_OFF (a debt forgiven) or CORRECTION.';
comment on column public.customer_account_movements.idempotency_key is
  'A PAYMENT''s client key: the same key from the same user returns this payment instead of recording it twice.';

-- A customer's ledger in order (the integrity check) and by day (statements, a past balance).
create index customer_account_movements_customer_seq_idx on public.customer_account_movements (customer_id, seq);
create index customer_account_movements_customer_time_idx on public.customer_account_movements
  (customer_id, created_at, seq);
create index customer_account_movements_sale_idx on public.customer_account_movements (sale_id) where sale_id is not null;
-- What sales gave back of their charge (few rows: a past day's ageing reads them whole).
create index customer_account_movements_give_backs_idx on public.customer_account_movements (sale_id)
  include (amount, created_at)
  where movement_type in ('SALE_CANCELLATION', 'REFUND');
create unique index customer_account_movements_idempotency_key_idx on public.customer_account_movements
  (coalesce(created_by, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;

create function private.refuse_account_ledger_change() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.raise('FORBIDDEN',
    'The account ledger is append-only: movements are never updated or deleted; record an adjustment instead.');
  return null;
end;
$$;
comment on function private.refuse_account_ledger_change() is 'Trigger: refuses UPDATE, DELETE and TRUNCATE on the account ledger.';
revoke execute on function private.refuse_account_ledger_change() from public;

create trigger customer_account_movements_append_only
  before update or delete on public.customer_account_movements
  for each row execute function private.refuse_account_ledger_change();
create trigger customer_account_movements_no_truncate
  before truncate on public.customer_account_movements
  for each statement execute function private.refuse_account_ledger_change();

alter table public.customer_account_movements enable row level security;
revoke all on table public.customer_account_movements from anon, authenticated, service_role;
grant select (id, seq, customer_id, movement_type, amount, previous_balance, new_balance, sale_id, payment_method,
              reason, reference, notes, created_at, created_by)
  on table public.customer_account_movements to authenticated;
grant select on table public.customer_account_movements to service_role;
revoke all on sequence public.customer_account_movements_seq_seq from anon, authenticated, service_role;

create policy customer_account_movements_select on public.customer_account_movements
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- Open debts: what each customer still owes, debt by debt
-- =============================================================================
-- Kept by private.move_account beside the balance, as current_stock is kept
-- beside the stock ledger: a debt (a CHARGE, a correction that adds debt) is
-- open for what the customer still owes of it. A payment (or a write-off)
-- settles the oldest open debts first; what a sale gives back (a cancellation,
-- a return) comes off that sale's own charge first. The open amounts of a
-- customer always add up to what they owe (their balance when above zero),
-- and check_account_integrity() recomputes them from the ledger.
create table private.open_debts (
  movement_id uuid primary key references public.customer_account_movements (id) on delete restrict,
  customer_id uuid not null references public.customers (id) on delete restrict,
  -- the debt's place in its customer's ledger (payments settle the lowest first) and its moment (its age)
  seq bigint not null,
  created_at timestamptz not null,
  sale_id uuid,
  open_amount numeric(12, 2) not null constraint open_debts_open_amount_positive check (open_amount > 0)
);
comment on table private.open_debts is
  'The part still owed of each debt (CHARGE, or ADJUSTMENT adding debt), kept by private.move_account; a customer''s open amounts add up to greatest(balance, 0). receivables_aging reads today''s from here.';
create index open_debts_customer_idx on private.open_debts (customer_id, seq);
create index open_debts_sale_idx on private.open_debts (sale_id) where sale_id is not null;
revoke all on table private.open_debts from public, anon, authenticated, service_role;

-- A customer with history is deactivated, not deleted.
create function private.customers_refuse_delete_with_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.customer_account_movements m where m.customer_id = old.id) then
    perform private.raise('CUSTOMER_HAS_HISTORY',
      format('%s has account movements; deactivate the customer (is_active = false) instead of deleting them.', old.name),
      jsonb_build_object('customer_id', old.id));
  end if;
  return old;
end;
$$;
comment on function private.customers_refuse_delete_with_history() is
  'Trigger: refuses to delete a customer with account movements (CUSTOMER_HAS_HISTORY). Security definer so the check sees the whole ledger.';
revoke execute on function private.customers_refuse_delete_with_history() from public;

create trigger customers_refuse_delete_with_history
  before delete on public.customers
  for each row execute function private.customers_refuse_delete_with_history();

-- =============================================================================
-- Helpers of the account RPCs
-- =============================================================================
-- Locks the customer row (FOR UPDATE) and returns it; CUSTOMER_NOT_FOUND, and
-- CUSTOMER_INACTIVE when the customer must be active.
create function private.lock_customer(customer_id uuid, must_be_active boolean default false)
returns public.customers
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_customer public.customers;
begin
  select c.* into v_customer from public.customers c where c.id = lock_customer.customer_id for update;
  if not found then
    perform private.raise('CUSTOMER_NOT_FOUND', format('No customer has id %s.', coalesce(customer_id::text, 'null')),
      jsonb_build_object('customer_id', customer_id));
  end if;
  if must_be_active and not v_customer.is_active then
    perform private.raise('CUSTOMER_INACTIVE', format('%s is deactivated.', v_customer.name),
      jsonb_build_object('customer_id', v_customer.id));
  end if;
  return v_customer;
end;
$$;
comment on function private.lock_customer(uuid, boolean) is
  'Locks a customer row for a balance change: CUSTOMER_NOT_FOUND (404), or CUSTOMER_INACTIVE (409) when must_be_active.';
revoke execute on function private.lock_customer(uuid, boolean) from public;

-- Writes the new balance of a locked customer and its movement; returns the movement.
create function private.move_account(
  customer public.customers,
  movement_type public.account_movement_type,
  amount numeric,
  sale_id uuid default null,
  payment_method public.payment_method default null,
  reason text default null,
  reference text default null,
  notes text default null,
  idempotency_key text default null,
  request_hash text default null
) returns public.customer_account_movements
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_movement public.customer_account_movements;
  v_left numeric;
  v_taken numeric;
begin
  if abs(customer.balance + amount) > 9999999999.99 then
    perform private.raise('INVALID_PRICE', format('The balance of %s would not fit in an amount.', customer.name),
      jsonb_build_object('customer_id', customer.id));
  end if;
  update public.customers c set balance = c.balance + move_account.amount where c.id = customer.id;
  -- created_at is the moment of writing, under the customer's lock: a
  -- customer's movements are in the same order by time as by seq.
  insert into public.customer_account_movements
    (customer_id, movement_type, amount, previous_balance, new_balance, sale_id, payment_method, reason, reference,
     notes, idempotency_key, request_hash, created_at, created_by)
  values
    (customer.id, movement_type, amount, customer.balance, customer.balance + amount, sale_id, payment_method, reason,
     reference, notes, idempotency_key, request_hash, clock_timestamp(), (select auth.uid()))
  returning * into v_movement;

  if amount > 0 then
    -- A new debt, open for what it adds to a positive balance (money in the customer's favour absorbs the rest).
    if greatest(customer.balance + amount, 0) - greatest(customer.balance, 0) > 0 then
      insert into private.open_debts (movement_id, customer_id, seq, created_at, sale_id, open_amount)
      values (v_movement.id, customer.id, v_movement.seq, v_movement.created_at, sale_id,
              greatest(customer.balance + amount, 0) - greatest(customer.balance, 0));
    end if;
    return v_movement;
  end if;

  v_left := -amount;
  if movement_type in ('SALE_CANCELLATION', 'REFUND') then
    -- What a sale gives back comes off its own charge first.
    select d.open_amount into v_taken from private.open_debts d
     where d.customer_id = customer.id and d.sale_id = move_account.sale_id
     for update;
    if v_taken is not null then
      if v_taken <= v_left then
        delete from private.open_debts d where d.customer_id = customer.id and d.sale_id = move_account.sale_id;
      else
        update private.open_debts d set open_amount = d.open_amount - v_left
         where d.customer_id = customer.id and d.sale_id = move_account.sale_id;
      end if;
      v_left := v_left - least(v_taken, v_left);
    end if;
  end if;
  if v_left > 0 then
    -- The rest settles the oldest open debts first; what is left over is in the customer's favour.
    with ordered as (
      select d.movement_id, d.open_amount, sum(d.open_amount) over (order by d.seq) as through
        from private.open_debts d where d.customer_id = customer.id
    ),
    settled as (
      delete from private.open_debts d using ordered o
       where d.movement_id = o.movement_id and o.through <= v_left
    )
    update private.open_debts d set open_amount = o.through - v_left
      from ordered o
     where d.movement_id = o.movement_id and o.through > v_left and o.through - o.open_amount < v_left;
  end if;
  return v_movement;
end;
$$;
comment on function private.move_account(public.customers, public.account_movement_type, numeric, uuid,
                                         public.payment_method, text, text, text, text, text) is
  'Changes the balance of a customer the caller has locked by amount, appends the matching movement and keeps the customer''s open debts (private.open_debts).';
revoke execute on function private.move_account(public.customers, public.account_movement_type, numeric, uuid,
                                                public.payment_method, text, text, text, text, text) from public;

-- An amount a person types: more than 0, at most max, at most 2 decimals (INVALID_PRICE otherwise).
create function private.check_amount(amount numeric, field text, max numeric default 1000000) returns numeric
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not coalesce(private.is_money(amount) and amount > 0 and amount <= max, false) then
    perform private.raise('INVALID_PRICE',
      format('%s must be an amount above 0 and up to %s with at most 2 decimals (got %s).', field, max,
             coalesce(amount::text, 'null')),
      jsonb_build_object('field', field));
  end if;
  return amount;
end;
$$;
comment on function private.check_amount(numeric, text, numeric) is
  'Returns the amount, or raises INVALID_PRICE unless 0 < amount <= max with at most 2 decimals.';
revoke execute on function private.check_amount(numeric, text, numeric) from public;

-- =============================================================================
-- register_customer_payment
-- =============================================================================
create function public.register_customer_payment(
  customer_id uuid,
  amount numeric,
  payment_method text default 'CASH',
  reference text default null,
  notes text default null,
  idempotency_key text default null
) returns jsonb
language plpgsql
volatile
-- Security definer: it writes balances and the account ledger, which no API
-- role may write directly; it checks the caller's role first.
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_method public.payment_method;
  v_reference text;
  v_notes text;
  v_hash text;
  v_existing public.customer_account_movements;
  v_customer public.customers;
  v_movement public.customer_account_movements;
begin
  perform private.require_role('staff', 'register a customer''s payment');
  perform private.check_amount(amount, 'amount');
  if upper(btrim(coalesce(payment_method, ''))) not in ('CASH', 'CARD', 'TRANSFER', 'QR') then
    perform private.raise('VALIDATION_ERROR',
      format('payment_method must be CASH, CARD, TRANSFER or QR (got %s): a payment is money received, not credit.',
             coalesce(payment_method, 'null')),
      '{"field": "payment_method"}');
  end if;
  v_method := upper(btrim(payment_method))::public.payment_method;
  v_reference := private.optional_text(reference, 'reference', 100);
  v_notes := private.optional_text(notes, 'notes', 500);

  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    v_hash := md5(jsonb_build_array(customer_id, amount, v_method, v_reference, v_notes)::text);
    -- Serializes racing retries of one key; the loser then sees the winner's payment.
    perform pg_advisory_xact_lock(
      hashtextextended(coalesce(v_user::text, 'service_role') || ':payment:' || idempotency_key, 0));
    select m.* into v_existing
      from public.customer_account_movements m
     where coalesce(m.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and m.idempotency_key = register_customer_payment.idempotency_key;
    if found then
      if v_existing.request_hash is distinct from v_hash then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different payment; use a new key for a new payment.',
          jsonb_build_object('movement_id', v_existing.id));
      end if;
      return to_jsonb(v_existing) - 'request_hash' - 'idempotency_key'
             || jsonb_build_object('balance', (select c.balance from public.customers c where c.id = v_existing.customer_id));
    end if;
  end if;

  v_customer := private.lock_customer(customer_id);
  if amount > v_customer.balance then
    perform private.raise('PAYMENT_EXCEEDS_BALANCE',
      format('%s owes %s; a payment of %s is more than that.', v_customer.name, greatest(v_customer.balance, 0), amount),
      jsonb_build_object('customer_id', v_customer.id, 'balance', v_customer.balance, 'amount', amount));
  end if;
  v_movement := private.move_account(v_customer, 'PAYMENT', -amount, null, v_method, null, v_reference, v_notes,
                                     idempotency_key, v_hash);
  return to_jsonb(v_movement) - 'request_hash' - 'idempotency_key'
         || jsonb_build_object('balance', v_movement.new_balance);
end;
$$;
comment on function public.register_customer_payment(uuid, numeric, text, text, text, text) is
  'Money received on a customer''s account (CASH, CARD, TRANSFER or QR): amount > 0, at most what they owe (PAYMENT_EXCEEDS_BALANCE). The same idempotency_key from the same user returns the first payment. Staff and above. Returns the PAYMENT movement and the new balance.';
revoke execute on function public.register_customer_payment(uuid, numeric, text, text, text, text) from public, anon;
grant execute on function public.register_customer_payment(uuid, numeric, text, text, text, text)
  to authenticated, service_role;

-- =============================================================================
-- adjust_customer_balance
-- =============================================================================
create function public.adjust_customer_balance(customer_id uuid, amount numeric, reason text, notes text)
returns jsonb
language plpgsql
volatile
-- Security definer for the same reason as register_customer_payment.
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_reason text;
  v_notes text;
  v_customer public.customers;
  v_movement public.customer_account_movements;
begin
  perform private.require_role('manager', 'adjust a customer''s balance');
  perform private.check_amount(abs(amount), 'amount');
  v_reason := private.check_reason(reason, array['WRITE_OFF', 'CORRECTION']);
  v_notes := private.required_text(notes, 'notes', 500);
  v_customer := private.lock_customer(customer_id);
  if v_reason = 'WRITE_OFF' and (amount > 0 or -amount > v_customer.balance) then
    perform private.raise('VALIDATION_ERROR',
      format('A write-off forgives debt: a negative amount, at most what %s owes (%s).', v_customer.name,
             greatest(v_customer.balance, 0)),
      jsonb_build_object('field', 'amount', 'balance', v_customer.balance));
  end if;
  v_movement := private.move_account(v_customer, 'ADJUSTMENT', amount, null, null, v_reason, null, v_notes);
  return to_jsonb(v_movement) - 'request_hash' - 'idempotency_key'
         || jsonb_build_object('balance', v_movement.new_balance);
end;
$$;
comment on function public.adjust_customer_balance(uuid, numeric, text, text) is
  'A manager''s change of a balance: amount (signed, not 0) with reason WRITE_OFF (a negative amount up to what is owed) or CORRECTION, and notes saying why. Managers and admins. Returns the ADJUSTMENT movement and the new balance.';
revoke execute on function public.adjust_customer_balance(uuid, numeric, text, text) from public, anon;
grant execute on function public.adjust_customer_balance(uuid, numeric, text, text) to authenticated, service_role;

-- =============================================================================
-- check_account_integrity: the account ledger audits itself
-- =============================================================================
create function public.check_account_integrity()
returns table (
  customer_id uuid,
  name text,
  balance numeric,
  ledger_balance numeric,
  last_new_balance numeric,
  movement_count bigint,
  broken_links bigint,
  open_debt numeric,
  open_debts_wrong bigint
)
language plpgsql
stable
-- Security definer: it reads the kept open debts, which no API role reads; it checks the role first.
security definer
set search_path = ''
as $$
begin
  perform private.require_role('manager', 'check account integrity');
  return query
  with chain as (
    select m.customer_id, m.amount, m.previous_balance, m.new_balance,
           lag(m.new_balance, 1, 0::numeric) over (partition by m.customer_id order by m.seq) as expected_previous,
           row_number() over (partition by m.customer_id order by m.seq desc) as from_last
      from public.customer_account_movements m
  ),
  ledger as (
    select c.customer_id,
           sum(c.amount) as total,
           max(c.new_balance) filter (where c.from_last = 1) as last_new,
           count(*) as movements,
           count(*) filter (where c.previous_balance <> c.expected_previous
                               or c.new_balance <> c.previous_balance + c.amount) as breaks
      from chain c
     group by c.customer_id
  ),
  -- The kept open debts against the ledger's own recomputation, debt by debt.
  kept as (
    select d.customer_id, d.seq, d.open_amount from private.open_debts d
  ),
  recomputed as (
    select d.customer_id, d.seq, d.open_amount from private.open_debts_at('infinity') d
  ),
  debts as (
    select coalesce(k.customer_id, r.customer_id) as customer_id,
           coalesce(sum(k.open_amount), 0) as kept_total,
           count(*) filter (where k.open_amount is distinct from r.open_amount) as wrong
      from kept k
      full join recomputed r on r.customer_id = k.customer_id and r.seq = k.seq
     group by 1
  )
  select cu.id, cu.name, cu.balance, coalesce(l.total, 0), l.last_new, coalesce(l.movements, 0), coalesce(l.breaks, 0),
         coalesce(d.kept_total, 0), coalesce(d.wrong, 0)
    from public.customers cu
    left join ledger l on l.customer_id = cu.id
    left join debts d on d.customer_id = cu.id
   where cu.balance <> coalesce(l.total, 0)
      or cu.balance <> coalesce(l.last_new, 0)
      or coalesce(l.breaks, 0) > 0
      or coalesce(d.kept_total, 0) <> greatest(cu.balance, 0)
      or coalesce(d.wrong, 0) > 0
   order by cu.name, cu.id;
end;
$$;
comment on function public.check_account_integrity() is
  'Every customer whose balance differs from the sum of their account movements or from their last new_balance, whose chain previous_balance → new_balance is broken, or whose kept open debts (what receivables_aging ages) differ from the ledger''s recomputation. Empty when healthy. Managers and admins.';
revoke execute on function public.check_account_integrity() from public, anon;
grant execute on function public.check_account_integrity() to authenticated, service_role;

-- =============================================================================
-- search_customers: the counter's customer box
-- =============================================================================
create function public.search_customers(search_term text, result_limit integer default 20)
returns table (
  id uuid,
  name text,
  document_type public.document_type,
  document_number text,
  phone text,
  email text,
  balance numeric,
  credit_limit numeric,
  is_active boolean,
  relevance real
)
language plpgsql
stable
-- Security definer, with the role checked first: under RLS Postgres would not
-- use the trigram index for the non-leakproof % operator (as search_products).
security definer
set search_path = ''
set pg_trgm.word_similarity_threshold = 0.5
as $$
declare
  v_raw text := btrim(coalesce(search_term, ''), E' \t\n\r\f\u000B\u00A0');
  v_norm text;
  v_digits text;
  v_limit integer := least(greatest(coalesce(result_limit, 20), 1), 100);
begin
  perform private.require_role('viewer', 'search customers');
  if char_length(v_raw) = 0 then
    return;
  end if;
  v_norm := left(private.normalize_text(v_raw), 100);
  v_digits := regexp_replace(v_raw, '[^0-9]', '', 'g');
  return query
  with found as (
    -- the document, exactly (CI or NIT as typed, any case)
    select c.id, 1::real as score from public.customers c
     where c.document_number is not null and upper(c.document_number) = upper(v_raw)
    union all
    -- the phone, by its digits (at least 6 of them)
    select c.id, 0.9::real from public.customers c
     where char_length(v_digits) >= 6 and c.phone is not null
       and regexp_replace(c.phone, '[^0-9]', '', 'g') like '%' || v_digits || '%'
    union all
    -- the name: words in any order, without accents, forgiving typos
    select c.id, greatest(extensions.word_similarity(v_norm, private.normalize_text(c.name)),
                          case when private.normalize_text(c.name) like '%' || v_norm || '%' then 0.8 else 0 end)::real
      from public.customers c
     where char_length(v_norm) >= 2
       and (v_norm operator(extensions.<%) private.normalize_text(c.name)
            or private.normalize_text(c.name) like '%' || v_norm || '%')
  ),
  best as (
    select f.id, max(f.score) as relevance from found f group by f.id
  )
  select c.id, c.name, c.document_type, c.document_number, c.phone, c.email, c.balance, c.credit_limit, c.is_active,
         b.relevance
    from best b
    join public.customers c on c.id = b.id
   order by c.is_active desc, b.relevance desc, c.name, c.id
   limit v_limit;
end;
$$;
comment on function public.search_customers(text, integer) is
  'Customers by document number (exact), phone (its digits) or name (words in any order, no accents needed, typos forgiven), active ones first, best match first; result_limit 1..100. Viewers and above.';
revoke execute on function public.search_customers(text, integer) from public, anon;
grant execute on function public.search_customers(text, integer) to authenticated, service_role;

-- =============================================================================
-- customer_statement: what a customer's account did between two days
-- =============================================================================
create function public.customer_statement(customer_id uuid, from_date date default null, to_date date default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_customer public.customers;
  v_timezone text;
  v_to date;
  v_from date;
  v_start timestamptz;
  v_end timestamptz;
  v_opening numeric;
  v_result jsonb;
begin
  perform private.require_role('viewer', 'read customer statements');
  select c.* into v_customer from public.customers c where c.id = customer_statement.customer_id;
  if not found then
    perform private.raise('CUSTOMER_NOT_FOUND', format('No customer has id %s.', coalesce(customer_id::text, 'null')),
      jsonb_build_object('customer_id', customer_id));
  end if;
  select st.timezone into v_timezone from public.store_settings st;
  v_to := coalesce(to_date, (now() at time zone v_timezone)::date);
  v_from := coalesce(from_date, v_to - 30);
  if v_from > v_to then
    perform private.raise('VALIDATION_ERROR', format('from_date %s is after to_date %s.', v_from, v_to),
      '{"field": "from_date"}');
  end if;
  -- Days are cut at midnight in the store's time zone.
  v_start := v_from::timestamp at time zone v_timezone;
  v_end := (v_to + 1)::timestamp at time zone v_timezone;
  select m.new_balance into v_opening
    from public.customer_account_movements m
   where m.customer_id = v_customer.id and m.created_at < v_start
   order by m.seq desc
   limit 1;
  v_opening := coalesce(v_opening, 0);

  select jsonb_build_object(
    'customer', jsonb_build_object('id', v_customer.id, 'name', v_customer.name,
                                   'document_type', v_customer.document_type,
                                   'document_number', v_customer.document_number,
                                   'credit_limit', v_customer.credit_limit),
    'from_date', v_from,
    'to_date', v_to,
    'timezone', v_timezone,
    'opening_balance', v_opening,
    'movements', coalesce(jsonb_agg(jsonb_build_object(
        'id', m.id, 'seq', m.seq, 'created_at', m.created_at, 'movement_type', m.movement_type,
        'amount', m.amount, 'balance', m.new_balance, 'sale_id', m.sale_id, 'sale_number', s.sale_number,
        'payment_method', m.payment_method, 'reason', m.reason, 'reference', m.reference, 'notes', m.notes)
        order by m.seq), '[]'::jsonb),
    'closing_balance', coalesce((array_agg(m.new_balance order by m.seq desc))[1], v_opening))
    into v_result
    from public.customer_account_movements m
    left join public.sales s on s.id = m.sale_id
   where m.customer_id = v_customer.id and m.created_at >= v_start and m.created_at < v_end;
  return v_result;
end;
$$;
comment on function public.customer_statement(uuid, date, date) is
  'A customer''s account between two days of the store''s time zone (default: the last 30 days to today): opening balance, every movement with its sale number and the balance after it, closing balance. Viewers and above.';
revoke execute on function public.customer_statement(uuid, date, date) from public, anon;
grant execute on function public.customer_statement(uuid, date, date) to authenticated, service_role;

-- =============================================================================
-- receivables_aging: what customers owe, by how old it is
-- =============================================================================
-- The open debts at the end of a past moment, from the ledger alone: payments
-- settle the oldest debt first, so what a customer still owes is their newest
-- debts (each net of what its sale gave back by then), taken newest first
-- until they add up to the balance. What private.open_debts holds for now, and
-- how check_account_integrity() checks it.
create function private.open_debts_at(until timestamptz)
returns table (customer_id uuid, seq bigint, created_at timestamptz, open_amount numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  with owing as materialized (
    select c.id, b.balance
      from public.customers c
     cross join lateral (
       select m.new_balance as balance from public.customer_account_movements m
        where m.customer_id = c.id and m.created_at < until
        order by m.seq desc limit 1
     ) b
     where b.balance > 0
  ),
  given_back as materialized (
    select m.sale_id, sum(m.amount) as amount
      from public.customer_account_movements m
     where m.movement_type in ('SALE_CANCELLATION', 'REFUND') and m.created_at < until
     group by m.sale_id
  ),
  -- A customer's newest dozen debts cover what they owe, nearly always ...
  newest as (
    select o.id as customer_id, o.balance, d.seq, d.created_at, d.amount + coalesce(g.amount, 0) as net
      from owing o
     cross join lateral (
       select m.seq, m.created_at, m.amount, m.sale_id
         from public.customer_account_movements m
        where m.customer_id = o.id and m.created_at < until
          and (m.movement_type = 'CHARGE' or (m.movement_type = 'ADJUSTMENT' and m.amount > 0))
        order by m.seq desc
        limit 12
     ) d
      left join given_back g on g.sale_id = d.sale_id
  ),
  short as (
    select n.customer_id from newest n group by n.customer_id
    having sum(greatest(n.net, 0)) < max(n.balance)
  ),
  -- ... and when they do not, all of that customer's debts are read.
  debts as (
    select n.customer_id, n.balance, n.seq, n.created_at, n.net from newest n
     where n.customer_id not in (select s.customer_id from short s)
    union all
    select o.id, o.balance, m.seq, m.created_at, m.amount + coalesce(g.amount, 0)
      from owing o
      join public.customer_account_movements m on m.customer_id = o.id
      left join given_back g on g.sale_id = m.sale_id
     where o.id in (select s.customer_id from short s) and m.created_at < until
       and (m.movement_type = 'CHARGE' or (m.movement_type = 'ADJUSTMENT' and m.amount > 0))
  ),
  running as (
    select d.*, sum(greatest(d.net, 0)) over (partition by d.customer_id order by d.seq desc) as through
      from debts d
  )
  select r.customer_id, r.seq, r.created_at, least(r.net, r.balance - (r.through - r.net))
    from running r
   where r.net > 0 and r.through - r.net < r.balance;
$$;
comment on function private.open_debts_at(timestamptz) is
  'Every debt still open at a moment, recomputed from the account ledger (payments settle the oldest debt first; a sale''s give-backs come off its own charge): the ledger''s version of private.open_debts.';
revoke execute on function private.open_debts_at(timestamptz) from public;

create function public.receivables_aging(as_of date default null) returns json
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
declare
  v_timezone text;
  v_day date;
  v_end timestamptz;
  v_today boolean;
  v_result json;
begin
  perform private.require_role('viewer', 'read receivables');
  select st.timezone into v_timezone from public.store_settings st;
  v_day := coalesce(as_of, (now() at time zone v_timezone)::date);
  v_end := (v_day + 1)::timestamp at time zone v_timezone;
  -- Up to now, the open debts are kept; a past day's are recomputed from the ledger.
  v_today := v_end > now();

  with open_debts as (
    select d.customer_id, d.created_at, d.open_amount from private.open_debts d where v_today
    union all
    select d.customer_id, d.created_at, d.open_amount from private.open_debts_at(v_end) d where not v_today
  ),
  aged as (
    select d.customer_id, d.created_at, d.open_amount, v_day - (d.created_at at time zone v_timezone)::date as age
      from open_debts d
  ),
  per_customer as (
    select a.customer_id,
           sum(a.open_amount) as balance,
           coalesce(sum(a.open_amount) filter (where a.age <= 30), 0) as days_0_30,
           coalesce(sum(a.open_amount) filter (where a.age between 31 and 60), 0) as days_31_60,
           coalesce(sum(a.open_amount) filter (where a.age between 61 and 90), 0) as days_61_90,
           coalesce(sum(a.open_amount) filter (where a.age > 90), 0) as over_90,
           min(a.created_at) as oldest_debt_at
      from aged a
     group by a.customer_id
  )
  -- Built as json, not jsonb: every owing customer is in it, and json is built several times faster.
  select json_build_object(
    'as_of', v_day,
    'timezone', v_timezone,
    'customers', coalesce(json_agg(json_build_object(
        'customer_id', c.id, 'name', c.name, 'document_type', c.document_type,
        'document_number', c.document_number, 'phone', c.phone, 'credit_limit', c.credit_limit,
        'balance', p.balance, 'days_0_30', p.days_0_30, 'days_31_60', p.days_31_60,
        'days_61_90', p.days_61_90, 'over_90', p.over_90,
        'oldest_debt_date', (p.oldest_debt_at at time zone v_timezone)::date)
        order by p.oldest_debt_at, c.name, c.id), '[]'::json),
    'totals', json_build_object(
        'customers', count(*), 'balance', coalesce(sum(p.balance), 0),
        'days_0_30', coalesce(sum(p.days_0_30), 0), 'days_31_60', coalesce(sum(p.days_31_60), 0),
        'days_61_90', coalesce(sum(p.days_61_90), 0), 'over_90', coalesce(sum(p.over_90), 0)))
    into v_result
    from per_customer p
    join public.customers c on c.id = p.customer_id;
  return v_result;
end;
$$;
comment on function public.receivables_aging(date) is
  'Every customer who owes the store at the end of as_of (a day of the store''s time zone; today when null), their balance split into 0–30, 31–60, 61–90 and over 90 days by the age of their unpaid debts (payments settle the oldest first; what a cancelled or returned sale gave back comes off its own charge), oldest debt first, with totals. Today''s from the kept open debts, a past day''s recomputed from the ledger. Viewers and above.';
revoke execute on function public.receivables_aging(date) from public, anon;
grant execute on function public.receivables_aging(date) to authenticated, service_role;
