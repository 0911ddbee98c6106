-- Cadences (digest.cadences): each has its own editions, its own window and its own record of
-- what it already carried, so a monthly reader gets the month's best although the weekly
-- editions carried the same articles. Rows from before cadences existed belong to 'weekly', the
-- name of the one cadence a feeds.yml without digest.cadences offers.
ALTER TABLE edition ADD COLUMN cadence VARCHAR(40) DEFAULT 'weekly' NOT NULL;
CREATE INDEX edition_cadence ON edition (digest, cadence, number);

-- The reader's choice; '' for one who chose none: the default cadence applies, whichever it is.
ALTER TABLE subscriber ADD COLUMN cadence VARCHAR(40) DEFAULT '' NOT NULL;

ALTER TABLE seen_item ADD COLUMN cadence VARCHAR(40) DEFAULT 'weekly' NOT NULL;
