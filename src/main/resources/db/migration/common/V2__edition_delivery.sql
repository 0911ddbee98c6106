-- Edition and delivery details beyond V1: the other feeds that carried an item, and the lookups
-- the delivery workers run on every batch.

-- JSON array of the names of other feeds that carried the same article (dedup across feeds)
ALTER TABLE edition_item ADD COLUMN also_in VARCHAR(10000) DEFAULT '[]' NOT NULL;

CREATE INDEX edition_digest_status ON edition (digest, status);
CREATE INDEX delivery_subscriber ON delivery (subscriber_id);
