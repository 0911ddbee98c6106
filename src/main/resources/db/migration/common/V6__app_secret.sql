-- Secrets every node of one installation must share, e.g. the HMAC key of confirm/unsubscribe
-- links (a link signed by one node must verify on the other). Written once, never updated.
CREATE TABLE app_secret (
  name        VARCHAR(64)  PRIMARY KEY,
  secret      VARCHAR(512) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
