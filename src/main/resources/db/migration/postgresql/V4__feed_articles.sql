-- The articles of each feed's last good fetch. A 304 then still yields them, so a conditional GET
-- (from `feeds check`, a preview or a send that died before storing its edition) never hides an
-- article that no edition has taken yet.
CREATE TABLE feed_articles (
  feed_url  VARCHAR(2048) PRIMARY KEY,
  format    VARCHAR(40) NOT NULL,
  articles  TEXT NOT NULL,
  saved_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
