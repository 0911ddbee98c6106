-- Topics: a reader opts out of feeds' categories. The topics left out, as a sorted JSON array of
-- lower-case names ('' for none), so that readers with the same choice compare equal and share
-- one rendered body.
ALTER TABLE subscriber ADD COLUMN excluded_topics VARCHAR(4000) DEFAULT '' NOT NULL;

-- The bodies of an edition for readers who left topics out: built with the edition, so a resumed
-- delivery sends each reader the same body. Variant 0 is the edition itself (edition.html).
CREATE TABLE edition_variant (
  edition_id  BIGINT NOT NULL REFERENCES edition (id),
  variant     INT    NOT NULL,
  excluded    VARCHAR(4000) NOT NULL,
  subject     VARCHAR(1000) NOT NULL,
  html        VARCHAR(1000000) NOT NULL,
  text_body   VARCHAR(1000000) NOT NULL,
  item_count  INT    NOT NULL,
  PRIMARY KEY (edition_id, variant)
);

-- Which body a delivery row sends (0: the edition's own).
ALTER TABLE delivery ADD COLUMN variant INT DEFAULT 0 NOT NULL;

-- A reader may pause: no edition goes to them until this time (the preference page).
ALTER TABLE subscriber ADD COLUMN paused_until TIMESTAMP WITH TIME ZONE;
