-- The item's thumbnail as the feed named it (enclosure, media:thumbnail, JSON Feed image), an
-- absolute http(s) URL; '' when none or when digest.images is off.
ALTER TABLE edition_item ADD COLUMN image_url VARCHAR(2048) DEFAULT '' NOT NULL;
