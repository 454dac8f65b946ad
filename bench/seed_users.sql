-- Seeds a migrated Palisade database (PostgreSQL) with N users, every one with
-- the `user` role and every 1000th also `admin`. Usage:
--   psql "$DATABASE_URL" -v n=1000000 -f bench/seed_users.sql
-- The password hash is a fixed Argon2id string: these users cannot log in.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO users (id, email, password_hash, display_name, email_verified, disabled, created_at, updated_at)
SELECT
  -- v7-like ids: time-ordered, so "newest first" matches creation order.
  (lpad(to_hex(1700000000000 + i), 12, '0') || '7000' || '8000' || lpad(to_hex(i), 12, '0'))::uuid,
  'user' || i || '@example.com',
  '$argon2id$v=19$m=19456,t=2,p=1$c2VlZHNlZWRzZWVk$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'Seeded User ' || i,
  i % 3 = 0,
  false,
  now() - (i || ' seconds')::interval,
  now()
FROM generate_series(1, :n) AS i;
INSERT INTO user_roles (user_id, role_name, granted_at)
SELECT id, 'user', now() FROM users WHERE email LIKE 'user%@example.com';
INSERT INTO user_roles (user_id, role_name, granted_at)
SELECT id, 'admin', now() FROM users WHERE email ~ '^user[0-9]*000@example.com$';
COMMIT;
ANALYZE;
