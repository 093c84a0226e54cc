-- Who may do what. Each signed-in user has at most one store role
-- (viewer < staff < manager < admin); the database enforces the role matrix
-- of DESIGN.md through grants, row level security and checks inside the RPCs.
-- The role is looked up on every request, so a change takes effect on the
-- caller's next request; the `user_role` claim the access-token hook adds is
-- for front ends to shape their UI and is never trusted here.

-- =============================================================================
-- app_role: declared in ascending order of power, so `>=` compares roles
-- =============================================================================
create type public.app_role as enum ('viewer', 'staff', 'manager', 'admin');
comment on type public.app_role is
  'Store roles in ascending order of power: viewer (reads), staff (sells, receives goods), manager (catalog, exits, adjustments, cancellations, settings), admin (also manages roles).';

-- =============================================================================
-- user_roles
-- =============================================================================
create table public.user_roles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  role public.app_role not null,
  granted_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.user_roles is 'The store role of each user who has one; a user without a row can do nothing.';
comment on column public.user_roles.granted_by is 'The admin who last granted or changed this role (kept even if that user is deleted).';

create trigger user_roles_set_updated_at
  before update on public.user_roles
  for each row execute function private.set_updated_at();

-- =============================================================================
-- Role helpers for policies and RPCs
-- =============================================================================

-- security definer: it must read user_roles whatever the caller may see
-- there; it only answers about the caller.
create function private.has_role(minimum public.app_role) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when (select auth.role()) = 'service_role' then true
    else coalesce(
      (select ur.role >= minimum from public.user_roles ur where ur.user_id = (select auth.uid())),
      false
    )
  end
$$;
comment on function private.has_role(public.app_role) is
  'True when the caller holds at least this role (the service role holds every role). Read per statement, never from the token.';
revoke execute on function private.has_role(public.app_role) from public;
grant execute on function private.has_role(public.app_role) to authenticated, service_role;

create function private.require_role(minimum public.app_role, action text) returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if not private.has_role(minimum) then
    raise exception using errcode = 'PT403', message = 'FORBIDDEN',
      detail = format('Only %s or above may %s.', minimum, action),
      hint = jsonb_build_object('required_role', minimum)::text;
  end if;
end;
$$;
comment on function private.require_role(public.app_role, text) is 'Raises FORBIDDEN (403) unless the caller holds at least this role.';
revoke execute on function private.require_role(public.app_role, text) from public;
grant execute on function private.require_role(public.app_role, text) to authenticated, service_role;

-- =============================================================================
-- Nobody grants, changes or removes their own role
-- =============================================================================
create function private.user_roles_guard() returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if (case when tg_op = 'DELETE' then old.user_id else new.user_id end) = (select auth.uid())
     or (tg_op = 'UPDATE' and old.user_id = (select auth.uid())) then
    raise exception using errcode = 'PT403', message = 'CANNOT_CHANGE_OWN_ROLE',
      detail = 'Nobody can grant, change or remove their own role; ask another admin.';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  new.granted_by := (select auth.uid());
  return new;
end;
$$;
comment on function private.user_roles_guard() is 'Trigger: refuses changes to the caller''s own role and records who granted a role.';
revoke execute on function private.user_roles_guard() from public;

create trigger user_roles_guard
  before insert or update or delete on public.user_roles
  for each row execute function private.user_roles_guard();

-- =============================================================================
-- Access: a user reads their own role; admins read and manage everyone's
-- =============================================================================
alter table public.user_roles enable row level security;
revoke all on table public.user_roles from anon, authenticated, service_role;
grant select, delete on table public.user_roles to authenticated, service_role;
grant insert (user_id, role) on table public.user_roles to authenticated, service_role;
grant update (role) on table public.user_roles to authenticated, service_role;

create policy user_roles_select on public.user_roles
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.has_role('admin')));
create policy user_roles_insert on public.user_roles
  for insert to authenticated
  with check ((select private.has_role('admin')));
create policy user_roles_update on public.user_roles
  for update to authenticated
  using ((select private.has_role('admin')))
  with check ((select private.has_role('admin')));
create policy user_roles_delete on public.user_roles
  for delete to authenticated
  using ((select private.has_role('admin')));

-- =============================================================================
-- Custom access token hook (wired in supabase/config.toml): adds `user_role`
-- =============================================================================
create function public.custom_access_token_hook(event jsonb) returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  v_role public.app_role;
  v_claims jsonb := coalesce(event -> 'claims', '{}'::jsonb);
begin
  select ur.role into v_role from public.user_roles ur where ur.user_id = (event ->> 'user_id')::uuid;
  v_claims := jsonb_set(v_claims, '{user_role}', coalesce(to_jsonb(v_role), 'null'::jsonb));
  return jsonb_set(event, '{claims}', v_claims);
end;
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth hook: adds the user''s store role as the `user_role` claim, for front ends only (policies look the role up).';
revoke execute on function public.custom_access_token_hook(jsonb) from public, anon, authenticated, service_role;
grant usage on schema public to supabase_auth_admin;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
grant select on table public.user_roles to supabase_auth_admin;

create policy user_roles_select_auth_admin on public.user_roles
  for select to supabase_auth_admin
  using (true);

-- =============================================================================
-- store_settings: read by any role holder, changed by managers and admins
-- =============================================================================
drop policy store_settings_select on public.store_settings;
create policy store_settings_select on public.store_settings
  for select to authenticated
  using ((select private.has_role('viewer')));

grant update (store_name, currency, timezone, default_tax_rate) on table public.store_settings to authenticated, service_role;
create policy store_settings_update on public.store_settings
  for update to authenticated
  using ((select private.has_role('manager')))
  with check ((select private.has_role('manager')));
