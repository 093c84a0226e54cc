-- A cash register with sessions is deactivated, never deleted, and says so
-- with a code of the catalogue (it answered a bare foreign-key error, 23503,
-- as categories, products and customers do not).
insert into private.error_codes (code, status, meaning) values
  ('CASH_REGISTER_HAS_HISTORY', 409, 'The cash register has sessions; deactivate it instead of deleting it.');

create function private.cash_registers_refuse_delete_with_history() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if exists (select from public.cash_sessions s where s.register_id = old.id) then
    perform private.raise('CASH_REGISTER_HAS_HISTORY',
      format('%s has cash sessions; deactivate it (is_active = false) instead of deleting it.', old.name),
      jsonb_build_object('register_id', old.id));
  end if;
  return old;
end;
$$;
comment on function private.cash_registers_refuse_delete_with_history() is
  'Trigger: refuses to delete a cash register with sessions (CASH_REGISTER_HAS_HISTORY). Security definer so the check sees every session.';
revoke execute on function private.cash_registers_refuse_delete_with_history() from public;

create trigger cash_registers_refuse_delete_with_history
  before delete on public.cash_registers
  for each row execute function private.cash_registers_refuse_delete_with_history();
