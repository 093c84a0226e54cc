-- The store's identity and the settings every report depends on: its name,
-- its currency, the time zone that cuts its days, and the tax rate a sale
-- uses unless told otherwise. Exactly one row, created here.

-- =============================================================================
-- Schema for helpers that the API does not expose
-- =============================================================================
create schema if not exists private;
comment on schema private is 'Helpers for policies, triggers and functions; not exposed through PostgREST.';
revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- =============================================================================
-- Shared trigger: updated_at maintained by the database
-- =============================================================================
create function private.set_updated_at() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function private.set_updated_at() is 'Trigger: stamps updated_at on every update, whatever the client sent.';
revoke execute on function private.set_updated_at() from public;

create function private.is_valid_timezone(name text) returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select exists (select from pg_catalog.pg_timezone_names where pg_timezone_names.name = is_valid_timezone.name)
$$;
comment on function private.is_valid_timezone(text) is 'True when name is an IANA time zone Postgres knows.';
revoke execute on function private.is_valid_timezone(text) from public;
grant execute on function private.is_valid_timezone(text) to authenticated, service_role;

-- =============================================================================
-- store_settings: exactly one row
-- =============================================================================
create table public.store_settings (
  id boolean primary key default true constraint store_settings_single_row check (id),
  store_name text not null
    constraint store_settings_name_length check (char_length(store_name) <= 120 and btrim(store_name) <> ''),
  currency text not null default 'BOB' constraint store_settings_currency_format check (currency ~ '^[A-Z]{3}$'),
  timezone text not null default 'America/La_Paz'
    constraint store_settings_timezone_valid check (private.is_valid_timezone(timezone)),
  default_tax_rate numeric(5, 2) not null default 0
    constraint store_settings_tax_rate_range check (default_tax_rate >= 0 and default_tax_rate <= 100),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.store_settings is 'The single row of store-wide settings.';
comment on column public.store_settings.id is 'Always true: the table holds exactly one row.';
comment on column public.store_settings.currency is 'ISO 4217 code of every amount (BOB, bolivianos).';
comment on column public.store_settings.timezone is 'IANA time zone that cuts the store''s days for reports.';
comment on column public.store_settings.default_tax_rate is
  'Percentage added to a sale when the call gives no tax_rate (13 means 13%). 0 by default: Bolivian shelf prices include IVA.';

create trigger store_settings_set_updated_at
  before update on public.store_settings
  for each row execute function private.set_updated_at();

insert into public.store_settings (store_name) values ('Comercial Comarapa');

-- =============================================================================
-- Access: readable by signed-in users (narrowed to role holders by the roles
-- migration); nothing granted to anon; no insert or delete for anyone.
-- =============================================================================
alter table public.store_settings enable row level security;
revoke all on table public.store_settings from anon, authenticated, service_role;
grant select on table public.store_settings to authenticated, service_role;

create policy store_settings_select on public.store_settings
  for select to authenticated
  using (true);
