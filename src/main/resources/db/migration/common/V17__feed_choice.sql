-- digest.reader-feed-choice: a reader may also leave out single feeds. The feeds left out, as a
-- sorted JSON array of their URLs as feeds.yml gives them ('' for none), one form for one choice
-- as excluded_topics is, so readers with the same choice share one rendered body.
ALTER TABLE subscriber ADD COLUMN excluded_feeds VARCHAR(100000) DEFAULT '' NOT NULL;

-- Which feed an item came from (its feeds.yml URL; '' for an item an editor added by URL), so a
-- draft approved later is still split by the readers' feed choices.
ALTER TABLE edition_item ADD COLUMN feed_url VARCHAR(4096) DEFAULT '' NOT NULL;

-- The feeds a variant's readers left out, beside the topics (excluded).
ALTER TABLE edition_variant ADD COLUMN excluded_feeds VARCHAR(100000) DEFAULT '' NOT NULL;
