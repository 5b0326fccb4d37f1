-- A per-subscriber unsubscribe token for the link and List-Unsubscribe header of every alert e-mail (RFC 2369 / 8058).
-- Two random UUIDs (gen_random_uuid is built into PostgreSQL 13+): 244 random bits, hex.
ALTER TABLE ops.subscribers
    ADD COLUMN unsubscribe_token text NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX subscribers_unsubscribe_token_idx ON ops.subscribers (unsubscribe_token);
