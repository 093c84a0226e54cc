-- The till: cash sessions counted to the centavo with a Z report, and partial
-- returns. A session is a cashier's drawer from its opening float to its
-- count; every sale, customer payment, cash movement, cancellation and refund
-- made while it is open belongs to it, so its expected cash is exact: the
-- float, plus the cash each sale kept (never the amount tendered), plus cash
-- paid on accounts and put in, minus cash taken out and given back. A close
-- waits for the sales in flight and freezes the figures; a closed session
-- never changes. A return gives back, line by line, the share of what the
-- customer paid, never more than was sold, to the drawer or to the customer's
-- account.

-- =============================================================================
-- New codes and the store's setting
-- =============================================================================
insert into private.error_codes (code, status, meaning) values
  ('DENOMINATIONS_MISMATCH', 400, 'The counted coins and notes do not add up to the counted cash.'),
  ('CASH_REGISTER_NOT_FOUND', 404, 'No cash register has that id.'),
  ('CASH_SESSION_NOT_FOUND', 404, 'No cash session has that id.'),
  ('CASH_REGISTER_INACTIVE', 409, 'The cash register is deactivated.'),
  ('REGISTER_BUSY', 409, 'The cash register already has an open session.'),
  ('SESSION_ALREADY_OPEN', 409, 'The cashier already has an open session on another register.'),
  ('NO_OPEN_CASH_SESSION', 409, 'The store requires an open cash session for anything with cash, and there is none.'),
  ('SESSION_CLOSED', 409, 'The cash session is closed: it takes nothing more.'),
  ('RETURN_EXCEEDS_SOLD', 409, 'More units would be returned than the sale line sold.'),
  ('SALE_CANCELLED', 409, 'The sale was cancelled: nothing of it can be returned.'),
  ('SALE_HAS_RETURNS', 409, 'The sale has returns: it cannot be cancelled; return what is left instead.');

alter table public.store_settings
  add column require_cash_session boolean not null default false;
comment on column public.store_settings.require_cash_session is
  'When true, a sale, customer payment, cancellation or refund with a cash part needs an open cash session (NO_OPEN_CASH_SESSION otherwise). False by default.';
grant update (require_cash_session) on table public.store_settings to authenticated, service_role;

-- =============================================================================
-- cash_registers
-- =============================================================================
create table public.cash_registers (
  id uuid primary key default gen_random_uuid(),
  name text not null
    constraint cash_registers_name_length check (char_length(name) <= 60)
    constraint cash_registers_name_visible check (private.trim_text(name) is not null),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index cash_registers_name_key on public.cash_registers (lower(name));
comment on table public.cash_registers is 'The store''s tills ("Caja 1"): each has at most one open cash session. Managers and admins keep them.';

create trigger cash_registers_set_updated_at
  before update on public.cash_registers
  for each row execute function private.set_updated_at();

alter table public.cash_registers enable row level security;
revoke all on table public.cash_registers from anon, authenticated, service_role;
grant select, delete on table public.cash_registers to authenticated, service_role;
grant insert (name, is_active), update (name, is_active) on table public.cash_registers to authenticated, service_role;
create policy cash_registers_select on public.cash_registers
  for select to authenticated using ((select private.has_role('viewer')));
create policy cash_registers_insert on public.cash_registers
  for insert to authenticated with check ((select private.has_role('manager')));
create policy cash_registers_update on public.cash_registers
  for update to authenticated
  using ((select private.has_role('manager'))) with check ((select private.has_role('manager')));
create policy cash_registers_delete on public.cash_registers
  for delete to authenticated using ((select private.has_role('manager')));

-- =============================================================================
-- cash_sessions
-- =============================================================================
create type public.cash_session_status as enum ('OPEN', 'CLOSED');

create table private.cash_session_counters (
  year integer primary key,
  last_value integer not null constraint cash_session_counters_positive check (last_value > 0)
);
comment on table private.cash_session_counters is 'The last cash session number used in each year (store time zone).';
revoke all on table private.cash_session_counters from public, anon, authenticated, service_role;

create table public.cash_sessions (
  id uuid primary key default gen_random_uuid(),
  session_number text not null constraint cash_sessions_session_number_key unique
    constraint cash_sessions_session_number_format check (session_number ~ '^Z-[0-9]{4}-[0-9]{6,}$'),
  register_id uuid not null references public.cash_registers (id) on delete restrict,
  status public.cash_session_status not null default 'OPEN',
  opened_by uuid,
  opened_at timestamptz not null default now(),
  opening_float numeric(12, 2) not null
    constraint cash_sessions_opening_float_range check (opening_float >= 0 and opening_float <= 1000000),
  notes text constraint cash_sessions_notes_length check (char_length(notes) <= 500),
  closed_by uuid,
  closed_at timestamptz,
  expected_cash numeric(12, 2),
  counted_cash numeric(12, 2) constraint cash_sessions_counted_cash_range check (counted_cash >= 0),
  difference numeric(12, 2),
  counted_denominations jsonb,
  closing_notes text constraint cash_sessions_closing_notes_length check (char_length(closing_notes) <= 500),
  report jsonb,
  constraint cash_sessions_closed_complete check (
    (status = 'OPEN' and closed_at is null and counted_cash is null and expected_cash is null and report is null)
    or (status = 'CLOSED' and closed_at is not null and counted_cash is not null and expected_cash is not null
        and difference = counted_cash - expected_cash and report is not null))
);
comment on table public.cash_sessions is
  'A cashier''s drawer from its opening float to its count (Z-<year>-<6 digits>, gapless per year). At most one OPEN session per register and per user; a CLOSED one never changes and holds its Z report.';
comment on column public.cash_sessions.expected_cash is
  'At the close: opening float + cash kept by the session''s sales + cash paid on accounts + pay-ins − pay-outs − cash given back.';
comment on column public.cash_sessions.difference is 'counted_cash − expected_cash: above zero the drawer is over, below it short.';
comment on column public.cash_sessions.counted_denominations is
  'The count by Bolivian coin and note {"0.10": n, …, "200": n}, when the cashier counted that way.';
comment on column public.cash_sessions.report is 'The Z report frozen at the close (cash_session_report gives the live X report while open).';

create unique index cash_sessions_one_open_per_register on public.cash_sessions (register_id) where status = 'OPEN';
create unique index cash_sessions_one_open_per_user on public.cash_sessions (opened_by) where status = 'OPEN';
create index cash_sessions_opened_at_idx on public.cash_sessions (opened_at);

-- Only the RPCs write a session: opened, then closed once; a closed one never changes.
create function private.cash_sessions_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Two IF statements, not one OR: old.status does not exist for cash_movements nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'cash_sessions' then
    perform private.raise('FORBIDDEN',
      'Cash sessions and their movements are history: never deleted or edited; close_cash_session closes a session.');
  end if;
  if old.status <> 'OPEN' or new.status <> 'CLOSED'
     or (new.id, new.session_number, new.register_id, new.opened_by, new.opened_at, new.opening_float, new.notes)
        is distinct from
        (old.id, old.session_number, old.register_id, old.opened_by, old.opened_at, old.opening_float, old.notes) then
    perform private.raise('FORBIDDEN', 'A cash session only changes once, from OPEN to CLOSED, by close_cash_session.');
  end if;
  return new;
end;
$$;
comment on function private.cash_sessions_guard() is 'Trigger: a cash session is only ever closed once, and never deleted or truncated; a cash movement never changes.';
revoke execute on function private.cash_sessions_guard() from public;

create trigger cash_sessions_guard
  before update or delete on public.cash_sessions
  for each row execute function private.cash_sessions_guard();
create trigger cash_sessions_no_truncate
  before truncate on public.cash_sessions
  for each statement execute function private.cash_sessions_guard();

alter table public.cash_sessions enable row level security;
revoke all on table public.cash_sessions from anon, authenticated, service_role;
grant select on table public.cash_sessions to authenticated, service_role;
create policy cash_sessions_select on public.cash_sessions
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- cash_movements: cash put in or taken out of a drawer
-- =============================================================================
create type public.cash_movement_type as enum ('PAY_IN', 'PAY_OUT');

create table public.cash_movements (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity constraint cash_movements_seq_key unique,
  cash_session_id uuid not null references public.cash_sessions (id) on delete restrict,
  movement_type public.cash_movement_type not null,
  amount numeric(12, 2) not null constraint cash_movements_amount_positive check (amount > 0),
  reason text not null constraint cash_movements_reason_length check (char_length(reason) <= 200),
  notes text constraint cash_movements_notes_length check (char_length(notes) <= 500),
  idempotency_key text constraint cash_movements_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  request_hash text,
  created_at timestamptz not null default now(),
  created_by uuid
);
comment on table public.cash_movements is
  'Cash put into a drawer (PAY_IN: the change fund) or taken out (PAY_OUT: paying a supplier, taking cash to the bank), append-only.';
create index cash_movements_session_idx on public.cash_movements (cash_session_id);
create unique index cash_movements_idempotency_key_idx on public.cash_movements
  (coalesce(created_by, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;

create trigger cash_movements_append_only
  before update or delete on public.cash_movements
  for each row execute function private.cash_sessions_guard();
create trigger cash_movements_no_truncate
  before truncate on public.cash_movements
  for each statement execute function private.cash_sessions_guard();

alter table public.cash_movements enable row level security;
revoke all on table public.cash_movements from anon, authenticated, service_role;
grant select (id, seq, cash_session_id, movement_type, amount, reason, notes, created_at, created_by)
  on table public.cash_movements to authenticated;
grant select on table public.cash_movements to service_role;
revoke all on sequence public.cash_movements_seq_seq from anon, authenticated, service_role;
create policy cash_movements_select on public.cash_movements
  for select to authenticated using ((select private.has_role('viewer')));

-- =============================================================================
-- What belongs to a session
-- =============================================================================
alter table public.sales
  add column cash_session_id uuid references public.cash_sessions (id) on delete restrict,
  add column cancelled_cash_session_id uuid references public.cash_sessions (id) on delete restrict;
comment on column public.sales.cash_session_id is 'The cash session the sale was rung in (null: none was open).';
comment on column public.sales.cancelled_cash_session_id is
  'The cash session the cancellation''s cash left from (the canceller''s open session).';
create index sales_cash_session_idx on public.sales (cash_session_id) where cash_session_id is not null;
create index sales_cancelled_cash_session_idx on public.sales (cancelled_cash_session_id)
  where cancelled_cash_session_id is not null;
grant select (cash_session_id, cancelled_cash_session_id) on table public.sales to authenticated;

alter table public.customer_account_movements
  add column cash_session_id uuid references public.cash_sessions (id) on delete restrict;
comment on column public.customer_account_movements.cash_session_id is 'The cash session a PAYMENT was taken in.';
create index customer_account_movements_cash_session_idx on public.customer_account_movements (cash_session_id)
  where cash_session_id is not null;
grant select (cash_session_id) on table public.customer_account_movements to authenticated;

create or replace function private.sales_guard() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Two IF statements, not one OR: plpgsql prepares a whole expression at
  -- once, and old.status does not exist for the other tables nor old for TRUNCATE.
  if tg_op <> 'UPDATE' or tg_table_name <> 'sales' then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  if old.status <> 'COMPLETED' or new.status <> 'CANCELLED'
     or (new.id, new.sale_number, new.sale_year, new.sale_sequence, new.sale_date, new.subtotal, new.line_discount,
         new.discount, new.tax_rate, new.tax, new.total, new.payment_method, new.customer_id, new.cash_session_id,
         new.notes, new.idempotency_key, new.request_hash, new.created_at, new.created_by)
        is distinct from
        (old.id, old.sale_number, old.sale_year, old.sale_sequence, old.sale_date, old.subtotal, old.line_discount,
         old.discount, old.tax_rate, old.tax, old.total, old.payment_method, old.customer_id, old.cash_session_id,
         old.notes, old.idempotency_key, old.request_hash, old.created_at, old.created_by) then
    perform private.raise('FORBIDDEN',
      'Sales are history: they are never deleted or edited; cancel_sale is the only change allowed.');
  end if;
  return new;
end;
$$;

-- =============================================================================
-- Which session a cash operation belongs to
-- =============================================================================
-- The session asked for (it must be open, and the caller's unless a manager
-- asks), else the caller's own open session, else none: then, when the
-- operation moves cash and the store requires a session, NO_OPEN_CASH_SESSION.
-- The session is locked FOR KEY SHARE until the caller commits, so a close
-- (FOR UPDATE) waits for every operation already inside it, and an operation
-- that comes after the close finds it CLOSED.
create function private.cash_session_for(requested uuid, moves_cash boolean, action text) returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_user uuid := (select auth.uid());
  v_session record;
begin
  if requested is not null then
    select s.id, s.status, s.opened_by, s.session_number into v_session
      from public.cash_sessions s where s.id = requested
       for key share;
    if not found then
      perform private.raise('CASH_SESSION_NOT_FOUND', format('No cash session has id %s.', requested),
        jsonb_build_object('cash_session_id', requested));
    end if;
    if v_session.status = 'CLOSED' then
      perform private.raise('SESSION_CLOSED', format('The cash session %s is closed.', v_session.session_number),
        jsonb_build_object('cash_session_id', requested));
    end if;
    if v_session.opened_by is distinct from v_user and not private.has_role('manager') then
      perform private.raise('FORBIDDEN',
        format('Only the cashier who opened %s, or a manager, may %s in it.', v_session.session_number, action),
        jsonb_build_object('cash_session_id', requested));
    end if;
    return v_session.id;
  end if;
  if v_user is not null then
    select s.id into v_session
      from public.cash_sessions s where s.opened_by = v_user and s.status = 'OPEN'
       for key share;
    if found then
      return v_session.id;
    end if;
  end if;
  if moves_cash and (select st.require_cash_session from public.store_settings st) then
    perform private.raise('NO_OPEN_CASH_SESSION',
      format('The store requires an open cash session to %s with cash; open one first.', action),
      '{"field": "cash_session_id"}');
  end if;
  return null;
end;
$$;
comment on function private.cash_session_for(uuid, boolean, text) is
  'The open cash session an operation belongs to (the one asked for, else the caller''s own, else none — NO_OPEN_CASH_SESSION when it moves cash and the store requires a session), locked FOR KEY SHARE so a close waits for it.';
revoke execute on function private.cash_session_for(uuid, boolean, text) from public;

-- =============================================================================
-- The account ledger records the session a payment was taken in
-- =============================================================================
drop function private.move_account(public.customers, public.account_movement_type, numeric, uuid,
                                   public.payment_method, text, text, text, text, text);
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
  request_hash text default null,
  cash_session_id uuid default null
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
     notes, idempotency_key, request_hash, cash_session_id, created_at, created_by)
  values
    (customer.id, movement_type, amount, customer.balance, customer.balance + amount, sale_id, payment_method, reason,
     reference, notes, idempotency_key, request_hash, cash_session_id, clock_timestamp(), (select auth.uid()))
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
                                         public.payment_method, text, text, text, text, text, uuid) is
  'Changes the balance of a customer the caller has locked by amount, appends the matching movement and keeps the customer''s open debts (private.open_debts).';
revoke execute on function private.move_account(public.customers, public.account_movement_type, numeric, uuid,
                                                public.payment_method, text, text, text, text, text, uuid) from public;

-- =============================================================================
-- Opening a session
-- =============================================================================
create function public.open_cash_session(register_id uuid, opening_float numeric default 0, notes text default null)
returns jsonb
language plpgsql
volatile
-- Security definer: it writes sessions, which no API role writes directly; it checks the role first.
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_register public.cash_registers;
  v_notes text;
  v_other record;
  v_timezone text;
  v_year integer;
  v_sequence integer;
  v_session public.cash_sessions;
begin
  perform private.require_role('staff', 'open a cash session');
  if not coalesce(private.is_money(opening_float) and opening_float <= 1000000, false) then
    perform private.raise('INVALID_PRICE',
      format('opening_float must be an amount from 0 to 1,000,000 with at most 2 decimals (got %s).',
             coalesce(opening_float::text, 'null')),
      '{"field": "opening_float"}');
  end if;
  v_notes := private.optional_text(notes, 'notes', 500);
  -- The register's row lock serializes two opens of one register; the user's
  -- advisory lock two opens by one user on different registers.
  select r.* into v_register from public.cash_registers r where r.id = open_cash_session.register_id for update;
  if not found then
    perform private.raise('CASH_REGISTER_NOT_FOUND', format('No cash register has id %s.', coalesce(register_id::text, 'null')),
      jsonb_build_object('register_id', register_id));
  end if;
  if not v_register.is_active then
    perform private.raise('CASH_REGISTER_INACTIVE', format('%s is deactivated.', v_register.name),
      jsonb_build_object('register_id', v_register.id));
  end if;
  if v_user is not null then
    perform pg_advisory_xact_lock(hashtextextended('cash-session:' || v_user::text, 0));
  end if;
  select s.id, s.session_number, r.name into v_other
    from public.cash_sessions s join public.cash_registers r on r.id = s.register_id
   where s.register_id = v_register.id and s.status = 'OPEN';
  if found then
    perform private.raise('REGISTER_BUSY', format('%s already has the open session %s.', v_other.name, v_other.session_number),
      jsonb_build_object('cash_session_id', v_other.id));
  end if;
  select s.id, s.session_number, r.name into v_other
    from public.cash_sessions s join public.cash_registers r on r.id = s.register_id
   where s.opened_by = v_user and s.status = 'OPEN';
  if found then
    perform private.raise('SESSION_ALREADY_OPEN',
      format('You already have the open session %s on %s; close it first.', v_other.session_number, v_other.name),
      jsonb_build_object('cash_session_id', v_other.id));
  end if;

  select st.timezone into v_timezone from public.store_settings st;
  v_year := extract(year from now() at time zone v_timezone)::integer;
  insert into private.cash_session_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;
  insert into public.cash_sessions (session_number, register_id, opened_by, opening_float, notes)
  values (format('Z-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')),
          v_register.id, v_user, opening_float, v_notes)
  returning * into v_session;
  return private.cash_session_json(v_session);
end;
$$;
comment on function public.open_cash_session(uuid, numeric, text) is
  'Opens a cash session on a register with its opening float (the change in the drawer): Z-<year>-<6 digits>. REGISTER_BUSY when the register has an open session, SESSION_ALREADY_OPEN when the caller has one elsewhere. Staff and above. Returns the session with its (empty) X report.';
revoke execute on function public.open_cash_session(uuid, numeric, text) from public, anon;
grant execute on function public.open_cash_session(uuid, numeric, text) to authenticated, service_role;

-- =============================================================================
-- Cash in and out of the drawer
-- =============================================================================
create function public.register_cash_movement(
  cash_session_id uuid,
  movement_type text,
  amount numeric,
  reason text,
  notes text default null,
  idempotency_key text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_type text := upper(btrim(coalesce(movement_type, '')));
  v_reason text;
  v_notes text;
  v_hash text;
  v_movement public.cash_movements;
begin
  perform private.require_role('staff', 'put cash in or take it out of a drawer');
  if v_type not in ('PAY_IN', 'PAY_OUT') then
    perform private.raise('VALIDATION_ERROR',
      format('movement_type must be PAY_IN or PAY_OUT (got %s).', coalesce(movement_type, 'null')),
      '{"field": "movement_type"}');
  end if;
  perform private.check_amount(amount, 'amount');
  v_reason := private.required_text(reason, 'reason', 200);
  v_notes := private.optional_text(notes, 'notes', 500);
  if cash_session_id is null then
    perform private.raise('VALIDATION_ERROR', 'cash_session_id is required: the drawer the cash goes in or out of.',
      '{"field": "cash_session_id"}');
  end if;
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    v_hash := md5(jsonb_build_array(cash_session_id, v_type, amount, v_reason, v_notes)::text);
    perform pg_advisory_xact_lock(
      hashtextextended(coalesce(v_user::text, 'service_role') || ':cash:' || idempotency_key, 0));
    select cm.* into v_movement from public.cash_movements cm
     where coalesce(cm.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and cm.idempotency_key = register_cash_movement.idempotency_key;
    if found then
      if v_movement.request_hash is distinct from v_hash then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different cash movement; use a new key.',
          jsonb_build_object('movement_id', v_movement.id));
      end if;
      return to_jsonb(v_movement) - 'idempotency_key' - 'request_hash';
    end if;
  end if;
  insert into public.cash_movements
    (cash_session_id, movement_type, amount, reason, notes, idempotency_key, request_hash, created_by)
  values (private.cash_session_for(cash_session_id, true, 'move cash'), v_type::public.cash_movement_type, amount,
          v_reason, v_notes, idempotency_key, v_hash, v_user)
  returning * into v_movement;
  return to_jsonb(v_movement) - 'idempotency_key' - 'request_hash';
end;
$$;
comment on function public.register_cash_movement(uuid, text, numeric, text, text, text) is
  'Cash put into an open session''s drawer (PAY_IN) or taken out (PAY_OUT), with the reason (change fund, a supplier paid, cash to the bank); append-only. The same idempotency_key from the same user returns the first movement. The session''s cashier, or a manager. Staff and above.';
revoke execute on function public.register_cash_movement(uuid, text, numeric, text, text, text) from public, anon;
grant execute on function public.register_cash_movement(uuid, text, numeric, text, text, text) to authenticated, service_role;

-- =============================================================================
-- A session's figures: the X report while open, the Z report frozen at the close
-- =============================================================================
create function private.cash_session_figures(session public.cash_sessions, counted numeric default null)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_result jsonb;
begin
  with rung as materialized (
    select s.id, s.total, s.subtotal, s.line_discount, s.discount, s.tax
      from public.sales s where s.cash_session_id = session.id
  ),
  rung_parts as (
    select sp.method, count(distinct sp.sale_id) as sales_count, sum(sp.amount) as total
      from rung r join public.sale_payments sp on sp.sale_id = r.id
     group by sp.method
  ),
  cancelled as materialized (
    select s.id, s.total from public.sales s where s.cancelled_cash_session_id = session.id
  ),
  cancelled_parts as (
    select sp.method, count(distinct sp.sale_id) as sales_count, sum(sp.amount) as total
      from cancelled c join public.sale_payments sp on sp.sale_id = c.id
     group by sp.method
  ),
  returned as materialized (
    select r.refund_method, r.refund_total from public.sale_returns r where r.cash_session_id = session.id
  ),
  collected as (
    select m.payment_method, count(*) as payments_count, -sum(m.amount) as total
      from public.customer_account_movements m
     where m.cash_session_id = session.id and m.movement_type = 'PAYMENT'
     group by m.payment_method
  ),
  moved as (
    select coalesce(sum(cm.amount) filter (where cm.movement_type = 'PAY_IN'), 0) as pay_ins,
           coalesce(sum(cm.amount) filter (where cm.movement_type = 'PAY_OUT'), 0) as pay_outs,
           count(*) as movements
      from public.cash_movements cm where cm.cash_session_id = session.id
  ),
  cash as (
    select coalesce((select rp.total from rung_parts rp where rp.method = 'CASH'), 0) as sales,
           coalesce((select c.total from collected c where c.payment_method = 'CASH'), 0) as collections,
           coalesce((select cp.total from cancelled_parts cp where cp.method = 'CASH'), 0)
             + coalesce((select sum(r.refund_total) from returned r where r.refund_method = 'CASH'), 0) as refunds
  )
  select jsonb_build_object(
    'sales', (select jsonb_build_object(
        'count', count(*), 'total', coalesce(sum(r.total), 0),
        'discounts', coalesce(sum(r.line_discount + r.discount), 0), 'tax', coalesce(sum(r.tax), 0),
        'by_payment_method', coalesce((select jsonb_agg(jsonb_build_object('payment_method', rp.method,
                                 'sales_count', rp.sales_count, 'total', rp.total) order by rp.method)
                                 from rung_parts rp), '[]'::jsonb))
        from rung r),
    'cancellations', (select jsonb_build_object(
        'count', count(*), 'total', coalesce(sum(c.total), 0),
        'by_payment_method', coalesce((select jsonb_agg(jsonb_build_object('payment_method', cp.method,
                                 'sales_count', cp.sales_count, 'total', cp.total) order by cp.method)
                                 from cancelled_parts cp), '[]'::jsonb))
        from cancelled c),
    'returns', (select jsonb_build_object(
        'count', count(*), 'refunded', coalesce(sum(r.refund_total), 0),
        'by_refund_method', coalesce((select jsonb_agg(jsonb_build_object('refund_method', x.refund_method,
                                 'returns_count', x.n, 'total', x.total) order by x.refund_method)
                                 from (select r2.refund_method, count(*) as n, sum(r2.refund_total) as total
                                         from returned r2 group by r2.refund_method) x), '[]'::jsonb))
        from returned r),
    'collections', (select jsonb_build_object(
        'payments_count', coalesce(sum(c.payments_count), 0), 'total', coalesce(sum(c.total), 0),
        'by_payment_method', coalesce(jsonb_agg(jsonb_build_object('payment_method', c.payment_method,
                                 'payments_count', c.payments_count, 'total', c.total) order by c.payment_method)
                                 filter (where c.payment_method is not null), '[]'::jsonb))
        from collected c),
    'cash_movements', (select jsonb_build_object('pay_ins', m.pay_ins, 'pay_outs', m.pay_outs, 'count', m.movements)
        from moved m),
    'cash', (select jsonb_build_object(
        'opening_float', session.opening_float,
        'sales', c.sales,
        'collections', c.collections,
        'pay_ins', m.pay_ins,
        'pay_outs', m.pay_outs,
        'refunds', c.refunds,
        'expected', session.opening_float + c.sales + c.collections + m.pay_ins - m.pay_outs - c.refunds,
        'counted', counted,
        'difference', counted - (session.opening_float + c.sales + c.collections + m.pay_ins - m.pay_outs - c.refunds))
        from cash c cross join moved m))
    into v_result;
  return v_result;
end;
$$;
comment on function private.cash_session_figures(public.cash_sessions, numeric) is
  'A session''s figures: its sales by payment method (cash as kept, never tendered), the cancellations and returns whose money left from it, collections on accounts, pay-ins and pay-outs, and the cash: expected = opening float + cash sales + cash collections + pay-ins − pay-outs − cash given back; counted and difference when counted.';
revoke execute on function private.cash_session_figures(public.cash_sessions, numeric) from public;

-- The session as the API returns it: its row, its register, and its report
-- (the frozen Z report, or the live X report while open).
create function private.cash_session_json(session public.cash_sessions) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(session) - 'report'
         || jsonb_build_object(
              'register', (select jsonb_build_object('id', r.id, 'name', r.name)
                             from public.cash_registers r where r.id = session.register_id),
              'report_kind', case when session.status = 'CLOSED' then 'Z' else 'X' end,
              'report', coalesce(session.report, private.cash_session_figures(session)));
end;
$$;
comment on function private.cash_session_json(public.cash_sessions) is
  'A cash session as the API returns it: its columns, its register, and its report (Z when closed, a live X while open).';
revoke execute on function private.cash_session_json(public.cash_sessions) from public;

-- =============================================================================
-- Closing a session
-- =============================================================================
-- The count by Bolivian coin and note, checked and written with canonical
-- keys; it must add up to the counted cash.
create function private.denominations(denominations jsonb, counted numeric) returns jsonb
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  v_entry record;
  v_value numeric;
  v_count numeric;
  v_total numeric := 0;
  v_clean jsonb := '{}'::jsonb;
  v_key text;
begin
  if denominations is null or jsonb_typeof(denominations) = 'null' then
    return null;
  end if;
  if jsonb_typeof(denominations) <> 'object' then
    perform private.raise('VALIDATION_ERROR',
      'denominations must be an object of counts by coin and note: {"0.10": n, "0.20": n, "0.50": n, "1": n, "2": n, "5": n, "10": n, "20": n, "50": n, "100": n, "200": n}.',
      '{"field": "denominations"}');
  end if;
  for v_entry in select e.key, e.value from jsonb_each(denominations) e loop
    v_value := case when v_entry.key ~ '^[0-9]{1,3}(\.[0-9]{1,2})?$' then v_entry.key::numeric end;
    if v_value is null or v_value not in (0.10, 0.20, 0.50, 1, 2, 5, 10, 20, 50, 100, 200) then
      perform private.raise('VALIDATION_ERROR',
        format('%s is not a Bolivian coin or note (0.10, 0.20, 0.50, 1, 2, 5, 10, 20, 50, 100, 200).', v_entry.key),
        jsonb_build_object('field', 'denominations', 'denomination', v_entry.key));
    end if;
    v_count := private.number_from_json(v_entry.value);
    if not coalesce(private.is_quantity(v_count, 0), false) then
      perform private.raise('VALIDATION_ERROR',
        format('The count of %s must be a whole number from 0 to 1,000,000 (got %s).', v_entry.key, v_entry.value),
        jsonb_build_object('field', 'denominations', 'denomination', v_entry.key));
    end if;
    v_key := case when v_value < 1 then to_char(v_value, 'FM0.00') else to_char(v_value, 'FM999') end;
    if v_clean ? v_key then
      perform private.raise('VALIDATION_ERROR', format('%s is counted twice.', v_key),
        jsonb_build_object('field', 'denominations', 'denomination', v_entry.key));
    end if;
    v_clean := v_clean || jsonb_build_object(v_key, v_count::integer);
    v_total := v_total + v_value * v_count;
  end loop;
  if v_total <> counted then
    perform private.raise('DENOMINATIONS_MISMATCH',
      format('The coins and notes add up to %s; the counted cash is %s.', v_total, counted),
      jsonb_build_object('field', 'denominations', 'denominations_total', v_total, 'counted_cash', counted));
  end if;
  return v_clean;
end;
$$;
comment on function private.denominations(jsonb, numeric) is
  'Checks a count by Bolivian coin and note and returns it with canonical keys ("0.10" … "200"); DENOMINATIONS_MISMATCH when it does not add up to the counted cash.';
revoke execute on function private.denominations(jsonb, numeric) from public;

create function public.close_cash_session(
  cash_session_id uuid,
  counted_cash numeric,
  denominations jsonb default null,
  notes text default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
-- A close waits for the sales already inside the session, never long.
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_session public.cash_sessions;
  v_denominations jsonb;
  v_notes text;
  v_figures jsonb;
  v_register record;
  v_closed_at timestamptz;
begin
  perform private.require_role('staff', 'close a cash session');
  if not coalesce(private.is_money(counted_cash), false) then
    perform private.raise('INVALID_PRICE',
      format('counted_cash must be an amount from 0 with at most 2 decimals (got %s).', coalesce(counted_cash::text, 'null')),
      '{"field": "counted_cash"}');
  end if;
  v_denominations := private.denominations(denominations, counted_cash);
  v_notes := private.optional_text(notes, 'notes', 500);
  -- FOR UPDATE waits for every operation holding the session FOR KEY SHARE
  -- (the sales, payments and refunds in flight); those that come after find it closed.
  select s.* into v_session from public.cash_sessions s where s.id = close_cash_session.cash_session_id for update;
  if not found then
    perform private.raise('CASH_SESSION_NOT_FOUND', format('No cash session has id %s.', coalesce(cash_session_id::text, 'null')),
      jsonb_build_object('cash_session_id', cash_session_id));
  end if;
  if v_session.status = 'CLOSED' then
    perform private.raise('SESSION_CLOSED',
      format('The cash session %s was already closed on %s.', v_session.session_number, v_session.closed_at),
      jsonb_build_object('cash_session_id', v_session.id));
  end if;
  if v_session.opened_by is distinct from v_user and not private.has_role('manager') then
    perform private.raise('FORBIDDEN', 'Only the cashier who opened the session, or a manager, may close it.',
      jsonb_build_object('cash_session_id', v_session.id));
  end if;

  select r.id, r.name into v_register from public.cash_registers r where r.id = v_session.register_id;
  v_figures := private.cash_session_figures(v_session, counted_cash);
  v_closed_at := clock_timestamp();
  update public.cash_sessions s
     set status = 'CLOSED',
         closed_by = v_user,
         closed_at = v_closed_at,
         expected_cash = (v_figures #>> '{cash,expected}')::numeric,
         counted_cash = close_cash_session.counted_cash,
         difference = close_cash_session.counted_cash - (v_figures #>> '{cash,expected}')::numeric,
         counted_denominations = v_denominations,
         closing_notes = v_notes,
         -- The Z report: who, when, and the figures, frozen.
         report = jsonb_build_object(
           'session_number', v_session.session_number,
           'register', jsonb_build_object('id', v_register.id, 'name', v_register.name),
           'opened_by', v_session.opened_by, 'opened_at', v_session.opened_at,
           'closed_by', v_user, 'closed_at', v_closed_at,
           'opening_float', v_session.opening_float,
           'denominations', v_denominations,
           'notes', v_session.notes, 'closing_notes', v_notes) || v_figures
   where s.id = v_session.id
  returning * into v_session;
  return private.cash_session_json(v_session);
end;
$$;
comment on function public.close_cash_session(uuid, numeric, jsonb, text) is
  'Closes an open session with the cash counted (and, optionally, the count by coin and note, which must add up to it: DENOMINATIONS_MISMATCH): waits for the sales in flight, computes the expected cash and the difference, and freezes the Z report. The session''s cashier, or a manager. Returns the closed session with its Z report.';
revoke execute on function public.close_cash_session(uuid, numeric, jsonb, text) from public, anon;
grant execute on function public.close_cash_session(uuid, numeric, jsonb, text) to authenticated, service_role;

create function public.cash_session_report(cash_session_id uuid) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_session public.cash_sessions;
begin
  perform private.require_role('viewer', 'read cash sessions');
  select s.* into v_session from public.cash_sessions s where s.id = cash_session_report.cash_session_id;
  if not found then
    perform private.raise('CASH_SESSION_NOT_FOUND', format('No cash session has id %s.', coalesce(cash_session_id::text, 'null')),
      jsonb_build_object('cash_session_id', cash_session_id));
  end if;
  return private.cash_session_json(v_session);
end;
$$;
comment on function public.cash_session_report(uuid) is
  'A cash session with its report: the frozen Z report once closed, the live X report (its figures so far, nothing counted) while open. Viewers and above.';
revoke execute on function public.cash_session_report(uuid) from public, anon;
grant execute on function public.cash_session_report(uuid) to authenticated, service_role;

-- =============================================================================
-- create_sale: a sale belongs to its cash session
-- =============================================================================
drop function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean);
create function public.create_sale(
  items jsonb,
  discount numeric default 0,
  tax_rate numeric default null,
  payment_method text default 'CASH',
  notes text default null,
  idempotency_key text default null,
  customer_id uuid default null,
  payments jsonb default null,
  override_credit_limit boolean default false,
  cash_session_id uuid default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
-- A sale never waits long behind a stuck transaction: a product or customer
-- locked for 2 s is refused (55P03), and nothing is written.
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_existing public.sales;
  v_request record;
  v_parts private.sale_payment[];
  v_settings record;
  v_fingerprint text;
  v_priced private.sale_line[] := '{}';
  v_line private.sale_line;
  v_product record;
  v_gross numeric;
  v_subtotal numeric := 0;
  v_line_discount numeric := 0;
  v_discount numeric;
  v_tax numeric;
  v_total numeric;
  v_paid numeric;
  v_credit numeric;
  v_method public.payment_method;
  v_customer public.customers;
  v_session uuid;
  v_sale_id uuid := gen_random_uuid();
  v_now timestamptz := now();
  v_year integer;
  v_sequence integer;
  v_sale jsonb;
  v_is_manager boolean;
begin
  perform private.require_role('staff', 'sell');

  -- ---- idempotency: the same key from the same user returns the first sale
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    -- Serializes racing retries of one key; the loser then sees the winner's sale.
    perform pg_advisory_xact_lock(hashtextextended(coalesce(v_user::text, 'service_role') || ':' || idempotency_key, 0));
    select s.* into v_existing
      from public.sales s
     where coalesce(s.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and s.idempotency_key = create_sale.idempotency_key;
    if found then
      -- The key is taken: the retry of the same request gets the sale, anything
      -- else (an invalid request included) is told so.
      begin
        v_request := private.sale_request(items, discount, tax_rate, notes);
        v_parts := private.sale_payment_parts(payments, payment_method);
        v_fingerprint := private.sale_fingerprint(v_request.lines, v_request.discount_amount, tax_rate, v_parts,
                                                  v_request.clean_notes, customer_id, override_credit_limit);
      exception when others then
        if sqlstate not like 'PT%' then
          raise;
        end if;
      end;
      -- (A sale made before 20261129000200 carries the fingerprint of the request as sent.)
      if v_existing.request_hash is distinct from v_fingerprint
         and v_existing.request_hash is distinct from
             md5(jsonb_build_array(items, discount, tax_rate, payment_method, notes)::text) then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different sale; use a new key for a new sale.',
          jsonb_build_object('sale_id', v_existing.id));
      end if;
      return private.sale_json(v_existing);
    end if;
  end if;

  -- ---- the whole request is checked before anything is locked or written
  v_request := private.sale_request(items, discount, tax_rate, notes);
  v_parts := private.sale_payment_parts(payments, payment_method);
  v_discount := v_request.discount_amount;
  if idempotency_key is not null then
    v_fingerprint := private.sale_fingerprint(v_request.lines, v_discount, tax_rate, v_parts, v_request.clean_notes,
                                              customer_id, override_credit_limit);
  end if;
  if exists (select from unnest(v_parts) p where p.method = 'CREDIT') and customer_id is null then
    perform private.raise('CUSTOMER_REQUIRED', 'A sale on credit needs the customer whose account it goes on.',
      '{"field": "customer_id"}');
  end if;
  if coalesce(override_credit_limit, false) then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('FORBIDDEN', 'Only a manager may sell past a customer''s credit limit.',
        '{"field": "override_credit_limit"}');
    end if;
  end if;
  select st.timezone, st.default_tax_rate, st.max_staff_discount_percent into v_settings from public.store_settings st;
  if v_request.tax_percent <> v_settings.default_tax_rate then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('TAX_OVERRIDE_FORBIDDEN',
        format('Only a manager may sell at a tax rate of %s%%; the store''s rate is %s%%.',
               v_request.tax_percent, v_settings.default_tax_rate),
        jsonb_build_object('field', 'tax_rate', 'default_tax_rate', v_settings.default_tax_rate));
    end if;
  end if;

  -- ---- lock every product in one fixed order (by id): two sales over the same
  -- products queue instead of deadlocking; then price each line
  for v_product in
    select l.line_number, l.quantity, l.unit_price as asked_price, l.discount, p.id, p.sku, p.name, p.is_active,
           p.current_stock, p.unit_price, p.cost_price
      from public.products p
      join unnest(v_request.lines) l on l.product_id = p.id
     order by p.id
       for update of p
  loop
    if not v_product.is_active then
      perform private.raise_on_line('PRODUCT_INACTIVE', v_product.line_number,
        format('%s (%s) is deactivated.', v_product.sku, v_product.name),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku));
    end if;
    if v_product.current_stock < v_product.quantity then
      perform private.raise_on_line('INSUFFICIENT_STOCK', v_product.line_number,
        format('only %s unit(s) of %s in stock; cannot sell %s.', v_product.current_stock, v_product.sku,
               v_product.quantity),
        jsonb_build_object('product_id', v_product.id, 'sku', v_product.sku,
                           'requested', v_product.quantity, 'available', v_product.current_stock));
    end if;
    v_line := row(v_product.line_number, v_product.id, v_product.sku, v_product.quantity,
                  coalesce(v_product.asked_price, v_product.unit_price), v_product.discount, v_product.unit_price,
                  v_product.cost_price, v_product.current_stock, v_product.name, null)::private.sale_line;
    if v_line.unit_price <> v_line.list_price then
      -- the role is looked up once, and only when a price or a discount needs it
      v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
      if not v_is_manager then
        perform private.raise_on_line('PRICE_OVERRIDE_FORBIDDEN', v_line.line_number,
          format('only a manager may sell %s at %s instead of its price %s.', v_line.sku, v_line.unit_price,
                 v_line.list_price),
          jsonb_build_object('product_id', v_line.product_id, 'unit_price', v_line.list_price));
      end if;
    end if;
    v_gross := v_line.quantity * v_line.unit_price;
    if v_gross > 9999999999.99 then
      perform private.raise_on_line('INVALID_PRICE', v_line.line_number,
        format('the line amount %s × %s = %s exceeds 9,999,999,999.99.', v_line.quantity, v_line.unit_price, v_gross),
        jsonb_build_object('product_id', v_line.product_id, 'amount', v_gross));
    end if;
    if v_line.discount > v_gross then
      perform private.raise_on_line('DISCOUNT_EXCEEDS_AMOUNT', v_line.line_number,
        format('the discount %s is larger than the line amount %s.', v_line.discount, round(v_gross, 2)),
        '{"field": "discount"}');
    end if;
    if v_line.discount * 100 > v_gross * v_settings.max_staff_discount_percent then
      v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
      if not v_is_manager then
        perform private.raise_on_line('DISCOUNT_NOT_ALLOWED', v_line.line_number,
          format('a discount of %s on %s (%s%%) needs a manager; staff may give up to %s%%.', v_line.discount,
                 round(v_gross, 2), round(v_line.discount * 100 / v_gross, 2), v_settings.max_staff_discount_percent),
          jsonb_build_object('field', 'discount', 'max_staff_discount_percent', v_settings.max_staff_discount_percent));
      end if;
    end if;
    v_line.subtotal := round(v_gross - v_line.discount, 2);
    v_subtotal := v_subtotal + v_line.subtotal;
    v_line_discount := v_line_discount + v_line.discount;
    v_priced := v_priced || v_line;
  end loop;
  if cardinality(v_priced) < cardinality(v_request.lines) then
    select l.line_number, l.product_id into v_product
      from unnest(v_request.lines) l
     where not (l.line_number = any (select p.line_number from unnest(v_priced) p))
     order by l.line_number
     limit 1;
    perform private.raise_on_line('PRODUCT_NOT_FOUND', v_product.line_number,
      format('no product has id %s.', v_product.product_id), jsonb_build_object('product_id', v_product.product_id));
  end if;

  if v_discount > v_subtotal then
    perform private.raise('DISCOUNT_EXCEEDS_AMOUNT',
      format('The sale discount %s is larger than the subtotal %s.', v_discount, v_subtotal),
      jsonb_build_object('field', 'discount', 'subtotal', v_subtotal));
  end if;
  if v_discount * 100 > v_subtotal * v_settings.max_staff_discount_percent then
    v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
    if not v_is_manager then
      perform private.raise('DISCOUNT_NOT_ALLOWED',
        format('A discount of %s on %s (%s%%) needs a manager; staff may give up to %s%%.', v_discount, v_subtotal,
               round(v_discount * 100 / v_subtotal, 2), v_settings.max_staff_discount_percent),
        jsonb_build_object('field', 'discount', 'max_staff_discount_percent', v_settings.max_staff_discount_percent));
    end if;
  end if;
  v_tax := round((v_subtotal - v_discount) * v_request.tax_percent / 100, 2);
  v_total := v_subtotal - v_discount + v_tax;
  -- Every amount is numeric(12, 2): refuse a sale too large to record instead of failing on the insert.
  if v_subtotal > 9999999999.99 or v_total > 9999999999.99 then
    perform private.raise('INVALID_PRICE',
      format('The sale amounts to %s (subtotal %s): at most 9,999,999,999.99 fits in one sale.', v_total, v_subtotal),
      jsonb_build_object('field', 'total', 'subtotal', v_subtotal, 'tax', v_tax));
  end if;

  -- ---- the payments: exactly the total, the credit part within the customer's limit
  if v_parts[1].amount is null then
    v_parts[1].amount := v_total;
  end if;
  select sum(p.amount), coalesce(sum(p.amount) filter (where p.method = 'CREDIT'), 0),
         case when count(distinct p.method) = 1 then min(p.method::text)::public.payment_method else 'MIXED' end
    into v_paid, v_credit, v_method
    from unnest(v_parts) p;
  if v_paid <> v_total then
    perform private.raise('PAYMENT_MISMATCH',
      format('The payments add up to %s; the sale''s total is %s.', v_paid, v_total),
      jsonb_build_object('field', 'payments', 'paid', v_paid, 'total', v_total));
  end if;
  -- The cash session it belongs to, after the products and before the customer
  -- (every path locks in that order): a close waits for this sale to commit.
  v_session := private.cash_session_for(cash_session_id, exists (select from unnest(v_parts) p where p.method = 'CASH'),
                                        'sell');
  if customer_id is not null then
    -- after the products and the session, so every path locks products, the session, then customers
    v_customer := private.lock_customer(customer_id, must_be_active => true);
    if v_credit > 0 and v_customer.balance + v_credit > v_customer.credit_limit
       and not coalesce(override_credit_limit, false) then
      perform private.raise('CREDIT_LIMIT_EXCEEDED',
        format('%s owes %s of a credit limit of %s: %s more on credit is over the limit by %s.', v_customer.name,
               v_customer.balance, v_customer.credit_limit, v_credit,
               v_customer.balance + v_credit - v_customer.credit_limit),
        jsonb_build_object('customer_id', v_customer.id, 'balance', v_customer.balance,
                           'credit_limit', v_customer.credit_limit, 'requested', v_credit,
                           'available', greatest(v_customer.credit_limit - v_customer.balance, 0)));
    end if;
  end if;

  -- ---- write: stock, ledger (one SALE exit per line, in line order), number, sale, items, payments, account
  with taken as (
    update public.products p
       set current_stock = p.current_stock - l.quantity
      from unnest(v_priced) l
     where p.id = l.product_id
    returning p.id
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, previous_stock, new_stock, created_by, created_at)
  select l.product_id, 'EXIT', l.quantity, 'SALE', v_sale_id, l.previous_stock, l.previous_stock - l.quantity,
         v_user, v_now
    from unnest(v_priced) l
    join taken t on t.id = l.product_id
   order by l.line_number;

  v_year := extract(year from v_now at time zone v_settings.timezone)::integer;
  insert into private.sale_number_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;

  -- The sale, its items, its payments and the answer in one statement (the
  -- foreign keys to the sale are checked at its end, when the sale row
  -- exists), shaped by the same helpers as a sale read back.
  v_is_manager := coalesce(v_is_manager, private.has_role('manager'));
  with sale as (
    insert into public.sales
      (id, sale_number, sale_year, sale_sequence, sale_date, subtotal, line_discount, discount, tax_rate, tax, total,
       payment_method, customer_id, cash_session_id, notes, idempotency_key, request_hash, created_at, created_by)
    values
      (v_sale_id, format('V-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0')),
       v_year, v_sequence, v_now, v_subtotal, v_line_discount, v_discount, v_request.tax_percent, v_tax, v_total,
       v_method, v_customer.id, v_session, v_request.clean_notes, idempotency_key, v_fingerprint, v_now, v_user)
    returning *
  ),
  written as (
    insert into public.sale_items
      (sale_id, line_number, product_id, quantity, unit_price, list_price, cost_price, discount, subtotal)
    select v_sale_id, l.line_number, l.product_id, l.quantity, l.unit_price, l.list_price, l.cost_price, l.discount,
           l.subtotal
      from unnest(v_priced) l
    returning *
  ),
  paid as (
    insert into public.sale_payments (sale_id, position, method, amount, tendered, change, reference, created_at)
    select v_sale_id, p.position, p.method, p.amount, p.tendered, p.tendered - p.amount, p.reference, v_now
      from unnest(v_parts) p
    returning *
  )
  select private.sale_document(s::public.sales,
           (select jsonb_agg(private.sale_item_json(i::public.sale_items, l.sku, l.name, v_is_manager)
                             order by i.line_number)
              from written i
              join unnest(v_priced) l on l.line_number = i.line_number),
           (select jsonb_agg(private.sale_payment_json(p::public.sale_payments) order by p.position) from paid p),
           private.sale_customer_json(v_customer))
    into v_sale
    from sale s;

  if v_credit > 0 then
    perform private.move_account(v_customer, 'CHARGE', v_credit, v_sale_id,
                                 reference => (v_sale ->> 'sale_number'));
  end if;
  return v_sale;
end;
$$;
comment on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean, uuid) is
  'Sells items [{product_id or sku, quantity, unit_price?, discount?}] atomically: checks every line, locks the products by id (waiting at most 2 s), writes the sale, its items, its payments and one EXIT/SALE movement per line, computes every amount (half-up to cents). unit_price defaults to the list price, tax_rate to the store''s; another price or rate, or a discount above store_settings.max_staff_discount_percent, needs a manager. Paid whole by payment_method, or by payments [{method, amount, tendered?, reference?}] adding up exactly to the total (PAYMENT_MISMATCH); a CREDIT part needs an active customer_id and is charged to their account within their credit limit (CREDIT_LIMIT_EXCEEDED; override_credit_limit is a manager''s). It belongs to cash_session_id, or the seller''s open cash session (NO_OPEN_CASH_SESSION for a cash part when the store requires one; SESSION_CLOSED). The same idempotency_key from the same user returns the first sale. Staff and above. Returns the sale with its items (their cost for managers only), payments and customer.';
revoke execute on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean, uuid)
  from public, anon;
grant execute on function public.create_sale(jsonb, numeric, numeric, text, text, text, uuid, jsonb, boolean, uuid)
  to authenticated, service_role;

-- =============================================================================
-- register_customer_payment: a payment belongs to its cash session
-- =============================================================================
drop function public.register_customer_payment(uuid, numeric, text, text, text, text);
create function public.register_customer_payment(
  customer_id uuid,
  amount numeric,
  payment_method text default 'CASH',
  reference text default null,
  notes text default null,
  idempotency_key text default null,
  cash_session_id uuid default null
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
  v_session uuid;
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

  -- The session, then the customer (the order every path locks them in).
  v_session := private.cash_session_for(cash_session_id, v_method = 'CASH', 'take a payment');
  v_customer := private.lock_customer(customer_id);
  if amount > v_customer.balance then
    perform private.raise('PAYMENT_EXCEEDS_BALANCE',
      format('%s owes %s; a payment of %s is more than that.', v_customer.name, greatest(v_customer.balance, 0), amount),
      jsonb_build_object('customer_id', v_customer.id, 'balance', v_customer.balance, 'amount', amount));
  end if;
  v_movement := private.move_account(v_customer, 'PAYMENT', -amount, null, v_method, null, v_reference, v_notes,
                                     idempotency_key, v_hash, v_session);
  return to_jsonb(v_movement) - 'request_hash' - 'idempotency_key'
         || jsonb_build_object('balance', v_movement.new_balance);
end;
$$;
comment on function public.register_customer_payment(uuid, numeric, text, text, text, text, uuid) is
  'Money received on a customer''s account (CASH, CARD, TRANSFER or QR): amount > 0, at most what they owe (PAYMENT_EXCEEDS_BALANCE), in cash_session_id or the caller''s open cash session (NO_OPEN_CASH_SESSION for cash when the store requires one). The same idempotency_key from the same user returns the first payment. Staff and above. Returns the PAYMENT movement and the new balance.';
revoke execute on function public.register_customer_payment(uuid, numeric, text, text, text, text, uuid) from public, anon;
grant execute on function public.register_customer_payment(uuid, numeric, text, text, text, text, uuid)
  to authenticated, service_role;

-- =============================================================================
-- cancel_sale: not once returned; its cash goes back from the canceller's drawer
-- =============================================================================
drop function public.cancel_sale(uuid, text);
create function public.cancel_sale(sale_id uuid, reason text, cash_session_id uuid default null) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_sale public.sales;
  v_user uuid := (select auth.uid());
  v_reason text;
  v_over record;
  v_charged numeric;
  v_session uuid;
begin
  perform private.require_role('manager', 'cancel a sale');
  v_reason := private.required_text(reason, 'reason', 500);
  v_sale := private.find_sale(cancel_sale.sale_id, true);
  if v_sale.status = 'CANCELLED' then
    perform private.raise('SALE_ALREADY_CANCELLED',
      format('The sale %s was already cancelled on %s.', v_sale.sale_number, v_sale.cancelled_at),
      jsonb_build_object('sale_id', v_sale.id, 'sale_number', v_sale.sale_number));
  end if;
  if exists (select from public.sale_returns r where r.sale_id = v_sale.id) then
    perform private.raise('SALE_HAS_RETURNS',
      format('The sale %s has returns; return what is left of it instead of cancelling it.', v_sale.sale_number),
      jsonb_build_object('sale_id', v_sale.id, 'sale_number', v_sale.sale_number));
  end if;

  -- Lock the products in id order (as create_sale does) and give back exactly
  -- what each line took, even to a product deactivated since; never past the cap.
  perform 1
     from public.sale_items i
     join public.products p on p.id = i.product_id
    where i.sale_id = v_sale.id
    order by p.id
      for update of p;
  select p.id, p.sku, p.current_stock, i.quantity into v_over
    from public.sale_items i
    join public.products p on p.id = i.product_id
   where i.sale_id = v_sale.id and p.current_stock + i.quantity > 1000000000
   limit 1;
  if found then
    perform private.raise('STOCK_LIMIT_EXCEEDED',
      format('Giving back %s unit(s) of %s would take its stock past 1,000,000,000 units (it has %s).',
             v_over.quantity, v_over.sku, v_over.current_stock),
      jsonb_build_object('product_id', v_over.id, 'sku', v_over.sku));
  end if;

  with lines as (
    select i.product_id, i.quantity, i.line_number from public.sale_items i where i.sale_id = v_sale.id
  ),
  restored as (
    update public.products p set current_stock = p.current_stock + l.quantity
      from lines l
     where p.id = l.product_id
    returning p.id, p.current_stock - l.quantity as previous, p.current_stock as new_stock, l.quantity, l.line_number
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  select r.id, 'ENTRY', r.quantity, 'SALE_CANCELLATION', v_sale.id, left(format('%s: %s', v_sale.sale_number, v_reason), 500),
         r.previous, r.new_stock, v_user
    from restored r
   order by r.line_number;

  -- Its cash parts go back from the drawer of the canceller's open session
  -- (or the one named), not from the sale's own, maybe closed, session.
  v_session := private.cash_session_for(cancel_sale.cash_session_id,
                                        exists (select from public.sale_payments sp
                                                 where sp.sale_id = v_sale.id and sp.method = 'CASH'),
                                        'give a sale''s cash back');

  -- What the sale put on the customer's account comes off it, exactly (the
  -- customer is locked after the products, as create_sale locks them). What
  -- they had already paid of it stays paid: their balance may go below zero,
  -- money the store owes them, never cash handed out here.
  select sum(m.amount) into v_charged
    from public.customer_account_movements m
   where m.sale_id = v_sale.id and m.movement_type = 'CHARGE';
  if v_charged > 0 then
    perform private.move_account(private.lock_customer(v_sale.customer_id), 'SALE_CANCELLATION', -v_charged, v_sale.id,
                                 reference => v_sale.sale_number, notes => v_reason);
  end if;

  update public.sales s
     set status = 'CANCELLED', cancelled_at = now(), cancelled_by = v_user, cancellation_reason = v_reason,
         cancelled_cash_session_id = v_session
   where s.id = v_sale.id
  returning s.* into v_sale;
  return private.sale_json(v_sale);
end;
$$;
comment on function public.cancel_sale(uuid, text, uuid) is
  'Cancels a completed sale without returns (SALE_HAS_RETURNS): marks it CANCELLED, gives back exactly the stock each line took (ENTRY / SALE_CANCELLATION movements) and exactly what it charged to the customer''s account (a SALE_CANCELLATION account movement); its cash parts go back from cash_session_id or the canceller''s open cash session. SALE_NOT_FOUND, SALE_ALREADY_CANCELLED. Managers and admins.';
revoke execute on function public.cancel_sale(uuid, text, uuid) from public, anon;
grant execute on function public.cancel_sale(uuid, text, uuid) to authenticated, service_role;

-- =============================================================================
-- Returns
-- =============================================================================
create table private.return_number_counters (
  year integer primary key,
  last_value integer not null constraint return_number_counters_positive check (last_value > 0)
);
comment on table private.return_number_counters is 'The last return number used in each year (store time zone).';
revoke all on table private.return_number_counters from public, anon, authenticated, service_role;

create table public.sale_returns (
  id uuid primary key default gen_random_uuid(),
  return_number text not null constraint sale_returns_return_number_key unique
    constraint sale_returns_return_number_format check (return_number ~ '^D-[0-9]{4}-[0-9]{6,}$'),
  sale_id uuid not null references public.sales (id) on delete restrict,
  reason text not null constraint sale_returns_reason_length check (char_length(reason) <= 500),
  refund_method public.payment_method not null constraint sale_returns_refund_method_single check (refund_method <> 'MIXED'),
  refund_total numeric(12, 2) not null constraint sale_returns_refund_total_non_negative check (refund_total >= 0),
  cash_session_id uuid references public.cash_sessions (id) on delete restrict,
  notes text constraint sale_returns_notes_length check (char_length(notes) <= 500),
  idempotency_key text constraint sale_returns_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  request_hash text,
  created_at timestamptz not null default now(),
  created_by uuid
);
comment on table public.sale_returns is
  'Goods a customer brought back from a sale (D-<year>-<6 digits>, gapless per year), refunded by refund_method (CREDIT: to the customer''s account, never cash), from cash_session_id''s drawer when in cash. Written by create_return only.';
comment on column public.sale_returns.refund_total is 'Σ of its lines'' refund_amount: their share of what the customer paid.';
create index sale_returns_sale_idx on public.sale_returns (sale_id);
create index sale_returns_cash_session_idx on public.sale_returns (cash_session_id) where cash_session_id is not null;
create index sale_returns_created_at_idx on public.sale_returns (created_at);
create unique index sale_returns_idempotency_key_idx on public.sale_returns
  (coalesce(created_by, '00000000-0000-0000-0000-000000000000'::uuid), idempotency_key)
  where idempotency_key is not null;

create table public.sale_return_items (
  id uuid primary key default gen_random_uuid(),
  return_id uuid not null references public.sale_returns (id) on delete restrict,
  sale_item_id uuid not null references public.sale_items (id) on delete restrict,
  product_id uuid not null references public.products (id) on delete restrict,
  quantity integer not null constraint sale_return_items_quantity_range check (quantity between 1 and 1000000),
  refund_amount numeric(12, 2) not null constraint sale_return_items_refund_non_negative check (refund_amount >= 0),
  restock boolean not null,
  constraint sale_return_items_line_once unique (return_id, sale_item_id)
);
comment on table public.sale_return_items is
  'The lines of a return: units of a sale line brought back, their refund (the line''s share of what the customer paid), and whether they went back into stock (restock) or not (damaged).';
create index sale_return_items_sale_item_idx on public.sale_return_items (sale_item_id);
create index sale_return_items_product_idx on public.sale_return_items (product_id);

create trigger sale_returns_append_only
  before update or delete on public.sale_returns
  for each row execute function private.sales_guard();
create trigger sale_returns_no_truncate
  before truncate on public.sale_returns
  for each statement execute function private.sales_guard();
create trigger sale_return_items_append_only
  before update or delete on public.sale_return_items
  for each row execute function private.sales_guard();
create trigger sale_return_items_no_truncate
  before truncate on public.sale_return_items
  for each statement execute function private.sales_guard();

alter table public.sale_returns enable row level security;
alter table public.sale_return_items enable row level security;
revoke all on table public.sale_returns, public.sale_return_items from anon, authenticated, service_role;
grant select (id, return_number, sale_id, reason, refund_method, refund_total, cash_session_id, notes, created_at, created_by)
  on table public.sale_returns to authenticated;
grant select on table public.sale_returns to service_role;
grant select on table public.sale_return_items to authenticated, service_role;
create policy sale_returns_select on public.sale_returns
  for select to authenticated using ((select private.has_role('viewer')));
create policy sale_return_items_select on public.sale_return_items
  for select to authenticated using ((select private.has_role('viewer')));

-- A line of a return as create_return checks it.
create type private.return_line as (
  n integer,
  sale_item_id uuid,
  product_id uuid,
  sold integer,
  returned integer,
  quantity integer,
  paid numeric,
  restock boolean,
  refund numeric
);
comment on type private.return_line is
  'A line of a return: the sale line, what it sold and already took back, what comes back now, what the customer paid for the whole line, whether it is restocked, and its refund.';

-- What the customer paid for each line of a sale: the sale's total shared by
-- the lines' subtotals (so its discount and tax are shared the same way),
-- rounded cumulatively so that the lines add up to the total exactly.
create function private.sale_line_paid(sale public.sales)
returns table (sale_item_id uuid, line_number integer, quantity integer, paid numeric)
language sql
stable
security invoker
set search_path = ''
as $$
  select x.id, x.line_number, x.quantity,
         case when sale.subtotal = 0 then 0
              else round(sale.total * x.through / sale.subtotal, 2)
                   - round(sale.total * (x.through - x.subtotal) / sale.subtotal, 2) end
    from (select i.id, i.line_number, i.quantity, i.subtotal,
                 sum(i.subtotal) over (order by i.line_number) as through
            from public.sale_items i where i.sale_id = sale.id) x;
$$;
comment on function private.sale_line_paid(public.sales) is
  'What the customer paid for each line of a sale: the total shared by the line subtotals (after line discounts), rounded so the lines add up to the total exactly.';
revoke execute on function private.sale_line_paid(public.sales) from public;

-- A return as the API returns it: its columns (no idempotency internals), its
-- lines with their product, and its sale's number.
create function private.return_json(sale_return public.sale_returns) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return to_jsonb(sale_return) - 'idempotency_key' - 'request_hash'
         || jsonb_build_object(
              'sale_number', (select s.sale_number from public.sales s where s.id = sale_return.sale_id),
              'items', coalesce((
                select jsonb_agg(to_jsonb(ri) || jsonb_build_object('line_number', i.line_number,
                                 'product', jsonb_build_object('sku', p.sku, 'name', p.name))
                                 order by i.line_number)
                  from public.sale_return_items ri
                  join public.sale_items i on i.id = ri.sale_item_id
                  join public.products p on p.id = ri.product_id
                 where ri.return_id = sale_return.id), '[]'::jsonb));
end;
$$;
comment on function private.return_json(public.sale_returns) is 'A return as the API returns it: its columns, its sale''s number and its lines with their product.';
revoke execute on function private.return_json(public.sale_returns) from public;

create function public.create_return(
  sale_id uuid,
  items jsonb,
  reason text,
  refund_method text default null,
  notes text default null,
  idempotency_key text default null,
  cash_session_id uuid default null
) returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '2s'
as $$
declare
  v_user uuid := (select auth.uid());
  v_reason text;
  v_notes text;
  v_method text;
  v_item jsonb;
  v_n integer := 0;
  v_lines jsonb := '[]'::jsonb;
  v_hash text;
  v_existing public.sale_returns;
  v_sale public.sales;
  v_bad record;
  v_credit_sale boolean;
  v_session uuid;
  v_total numeric;
  v_return_id uuid := gen_random_uuid();
  v_timezone text;
  v_year integer;
  v_sequence integer;
  v_number text;
  v_return public.sale_returns;
  v_rl private.return_line[];
begin
  perform private.require_role('manager', 'take a return');

  -- ---- the request, checked before anything is read or locked
  v_reason := private.required_text(reason, 'reason', 500);
  v_notes := private.optional_text(notes, 'notes', 500);
  v_method := upper(btrim(refund_method));
  if refund_method is not null and v_method not in ('CASH', 'CARD', 'TRANSFER', 'QR', 'CREDIT') then
    perform private.raise('VALIDATION_ERROR',
      format('refund_method must be CASH, CARD, TRANSFER, QR or CREDIT (got %s).', refund_method),
      '{"field": "refund_method"}');
  end if;
  if items is null or jsonb_typeof(items) <> 'array' or jsonb_array_length(items) not between 1 and 100 then
    perform private.raise('VALIDATION_ERROR', 'items must be an array of 1 to 100 {sale_item_id, quantity, restock?}.',
      '{"field": "items"}');
  end if;
  for v_item in select e.value from jsonb_array_elements(items) as e loop
    v_n := v_n + 1;
    if jsonb_typeof(v_item) <> 'object' or v_item - array['sale_item_id', 'quantity', 'restock'] <> '{}'::jsonb then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'each line is an object of sale_item_id, quantity and restock?.');
    end if;
    if jsonb_typeof(v_item -> 'sale_item_id') is distinct from 'string'
       or lower(v_item ->> 'sale_item_id') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'sale_item_id must be a UUID.', '{"field": "sale_item_id"}');
    end if;
    perform private.check_quantity(private.number_from_json(v_item -> 'quantity'), 1, 'quantity', v_n);
    if v_item ? 'restock' and jsonb_typeof(v_item -> 'restock') not in ('boolean', 'null') then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'restock must be true or false.', '{"field": "restock"}');
    end if;
    if v_lines @> jsonb_build_array(jsonb_build_object('sale_item_id', lower(v_item ->> 'sale_item_id'))) then
      perform private.raise_on_line('VALIDATION_ERROR', v_n, 'this sale line is already on another line of the return.',
        '{"field": "sale_item_id"}');
    end if;
    v_lines := v_lines || jsonb_build_object('n', v_n, 'sale_item_id', lower(v_item ->> 'sale_item_id'),
                                             'quantity', (v_item ->> 'quantity')::integer,
                                             'restock', coalesce((v_item ->> 'restock')::boolean, true));
  end loop;

  -- ---- idempotency: the same key from the same user returns the first return
  if idempotency_key is not null then
    if char_length(idempotency_key) not between 1 and 200 then
      perform private.raise('VALIDATION_ERROR', 'idempotency_key must be 1 to 200 characters.',
        '{"field": "idempotency_key"}');
    end if;
    v_hash := md5(jsonb_build_array(sale_id, v_lines, v_reason, v_method, v_notes)::text);
    perform pg_advisory_xact_lock(
      hashtextextended(coalesce(v_user::text, 'service_role') || ':return:' || idempotency_key, 0));
    select r.* into v_existing from public.sale_returns r
     where coalesce(r.created_by, '00000000-0000-0000-0000-000000000000'::uuid)
           = coalesce(v_user, '00000000-0000-0000-0000-000000000000'::uuid)
       and r.idempotency_key = create_return.idempotency_key;
    if found then
      if v_existing.request_hash is distinct from v_hash then
        perform private.raise('IDEMPOTENCY_KEY_REUSED',
          'This idempotency key was already used for a different return; use a new key for a new return.',
          jsonb_build_object('return_id', v_existing.id));
      end if;
      return private.return_json(v_existing);
    end if;
  end if;

  -- ---- the sale, locked: returns of one sale (and its cancellation) queue here
  v_sale := private.find_sale(create_return.sale_id, true);
  if v_sale.status = 'CANCELLED' then
    perform private.raise('SALE_CANCELLED', format('The sale %s was cancelled on %s.', v_sale.sale_number, v_sale.cancelled_at),
      jsonb_build_object('sale_id', v_sale.id, 'sale_number', v_sale.sale_number));
  end if;

  -- Each line: one of the sale's, never more back than it sold, its refund its
  -- share of what was paid (cumulatively rounded: the parts add up to the line).
  select array_agg(row(x.n, x.sale_item_id, x.product_id, x.sold, x.returned, x.quantity, x.paid, x.restock,
                       round(x.paid * (x.returned + x.quantity) / x.sold, 2) - round(x.paid * x.returned / x.sold, 2)
                   )::private.return_line order by x.n)
    into v_rl
    from (select l.n, l.sale_item_id, i.product_id, lp.quantity as sold,
                 coalesce((select sum(ri.quantity) from public.sale_return_items ri
                            where ri.sale_item_id = l.sale_item_id), 0)::integer as returned,
                 l.quantity, lp.paid, l.restock
            from jsonb_to_recordset(v_lines) as l(n integer, sale_item_id uuid, quantity integer, restock boolean)
            left join public.sale_items i on i.id = l.sale_item_id and i.sale_id = v_sale.id
            left join private.sale_line_paid(v_sale) lp on lp.sale_item_id = i.id) x;
  select rl.n, rl.sale_item_id into v_bad from unnest(v_rl) rl where rl.product_id is null order by rl.n limit 1;
  if found then
    perform private.raise_on_line('VALIDATION_ERROR', v_bad.n,
      format('%s is not a line of the sale %s.', v_bad.sale_item_id, v_sale.sale_number),
      jsonb_build_object('field', 'sale_item_id', 'sale_item_id', v_bad.sale_item_id));
  end if;
  select rl.* into v_bad from unnest(v_rl) rl where rl.returned + rl.quantity > rl.sold order by rl.n limit 1;
  if found then
    perform private.raise_on_line('RETURN_EXCEEDS_SOLD', v_bad.n,
      format('the line sold %s unit(s), %s already came back; %s more is too many.', v_bad.sold, v_bad.returned,
             v_bad.quantity),
      jsonb_build_object('sale_item_id', v_bad.sale_item_id, 'sold', v_bad.sold, 'returned', v_bad.returned,
                         'requested', v_bad.quantity));
  end if;
  select sum(rl.refund) into v_total from unnest(v_rl) rl;

  -- ---- how the money goes back: a credit sale's to the account, never in cash
  v_credit_sale := exists (select from public.sale_payments sp where sp.sale_id = v_sale.id and sp.method = 'CREDIT');
  if v_credit_sale then
    if v_method is not null and v_method <> 'CREDIT' then
      perform private.raise('VALIDATION_ERROR',
        format('The sale %s was bought on credit: its refund goes to the customer''s account (CREDIT), not %s.',
               v_sale.sale_number, v_method),
        '{"field": "refund_method"}');
    end if;
    v_method := 'CREDIT';
  elsif v_method is null then
    v_method := case when v_sale.payment_method = 'MIXED' then 'CASH' else v_sale.payment_method::text end;
  end if;
  if v_method = 'CREDIT' and v_sale.customer_id is null then
    perform private.raise('CUSTOMER_REQUIRED', 'A refund to an account needs a sale made to a customer.',
      '{"field": "refund_method"}');
  end if;

  -- ---- lock the products (in id order, as every path does), all of them, not
  -- only those going back on the shelf: the return's lines then reference them
  -- (a foreign-key lock) only after the session below, and every path must take
  -- products before the session, or a close waiting on the session deadlocks it.
  perform 1 from public.products p
    join unnest(v_rl) rl on rl.product_id = p.id
   order by p.id
     for update of p;
  select p.id, p.sku, p.current_stock, rl.quantity into v_bad
    from public.products p join unnest(v_rl) rl on rl.product_id = p.id and rl.restock
   where p.current_stock + rl.quantity > 1000000000
   limit 1;
  if found then
    perform private.raise('STOCK_LIMIT_EXCEEDED',
      format('Putting back %s unit(s) of %s would take its stock past 1,000,000,000 units (it has %s).',
             v_bad.quantity, v_bad.sku, v_bad.current_stock),
      jsonb_build_object('product_id', v_bad.id, 'sku', v_bad.sku));
  end if;

  -- ---- then the session the cash leaves from, then the customer
  v_session := private.cash_session_for(create_return.cash_session_id, v_method = 'CASH' and v_total > 0, 'refund');

  select st.timezone into v_timezone from public.store_settings st;
  v_year := extract(year from now() at time zone v_timezone)::integer;
  insert into private.return_number_counters as c (year, last_value) values (v_year, 1)
  on conflict (year) do update set last_value = c.last_value + 1
  returning c.last_value into v_sequence;
  v_number := format('D-%s-%s', v_year, lpad(v_sequence::text, greatest(6, char_length(v_sequence::text)), '0'));

  insert into public.sale_returns
    (id, return_number, sale_id, reason, refund_method, refund_total, cash_session_id, notes, idempotency_key,
     request_hash, created_by)
  values
    (v_return_id, v_number, v_sale.id, v_reason, v_method::public.payment_method, v_total, v_session, v_notes,
     idempotency_key, v_hash, v_user)
  returning * into v_return;
  insert into public.sale_return_items (return_id, sale_item_id, product_id, quantity, refund_amount, restock)
  select v_return_id, rl.sale_item_id, rl.product_id, rl.quantity, rl.refund, rl.restock
    from unnest(v_rl) rl order by rl.n;

  -- Units back on the shelf: one ENTRY / RETURN per line; damaged ones stay out.
  with back as (
    select rl.product_id, sum(rl.quantity)::integer as quantity, min(rl.n) as n
      from unnest(v_rl) rl where rl.restock group by rl.product_id
  ),
  restored as (
    update public.products p set current_stock = p.current_stock + b.quantity
      from back b where p.id = b.product_id
    returning p.id, p.current_stock - b.quantity as previous, p.current_stock as new_stock, b.quantity, b.n
  )
  insert into public.inventory_movements
    (product_id, movement_type, quantity, reason, reference_id, notes, previous_stock, new_stock, created_by)
  select r.id, 'ENTRY', r.quantity, 'RETURN', v_return_id,
         left(format('%s (%s): %s', v_number, v_sale.sale_number, v_reason), 500), r.previous, r.new_stock, v_user
    from restored r
   order by r.n;

  if v_method = 'CREDIT' and v_total > 0 then
    perform private.move_account(private.lock_customer(v_sale.customer_id), 'REFUND', -v_total, v_sale.id,
                                 reference => v_number, notes => v_reason);
  end if;
  return private.return_json(v_return);
end;
$$;
comment on function public.create_return(uuid, jsonb, text, text, text, text, uuid) is
  'Takes back units of a sale''s lines [{sale_item_id, quantity, restock = true}]: never more than a line sold (RETURN_EXCEEDS_SOLD, also when returns race), refunding each line''s share of what the customer paid (after its discount, its share of the sale''s discount, plus its tax; parts add up to the whole line), restocked units as ENTRY / RETURN movements, damaged ones not. The refund goes by refund_method (default the sale''s; a credit sale''s to the customer''s account, never cash), in cash from cash_session_id or the caller''s open session. Not for a cancelled sale (SALE_CANCELLED). The same idempotency_key from the same user returns the first return. Managers and admins. D-<year>-<6 digits>.';
revoke execute on function public.create_return(uuid, jsonb, text, text, text, text, uuid) from public, anon;
grant execute on function public.create_return(uuid, jsonb, text, text, text, text, uuid) to authenticated, service_role;

-- =============================================================================
-- daily_sales_summary: the day's returns and net figures
-- =============================================================================
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
    'by_payment_method', coalesce((
      select jsonb_agg(jsonb_build_object('payment_method', d.method, 'sales_count', d.count, 'total', d.total)
                       order by d.method)
        from (select sp.method, count(distinct sp.sale_id) as count, sum(sp.amount) as total
                from done
                join public.sale_payments sp on sp.sale_id = done.id
               group by sp.method) d
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
comment on function public.daily_sales_summary(date) is
  'Figures of one calendar day in the store time zone (today when null), over completed sales: counts, items, gross sales (before any discount), line and sale discounts and their sum, subtotal (after line discounts), tax, total, average ticket, gross profit (net of every discount and tax, at cost at sale time; managers only, null for others), by payment method (each part of a sale under its method, from sale_payments; CREDIT is what went on account), the day''s collections (payments received on customers'' accounts, by method), the day''s returns (count, refunded, by refund method) and the net figures (net_total = total − refunded; net_gross_profit, managers only, less the revenue returned net of tax, plus the cost of units back on the shelf), top 10 products by quantity and by revenue (line subtotals), and 24 hourly buckets. Viewers and above.';
