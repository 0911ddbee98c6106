-- The latest publication date among each feed's cached articles. A 304 answered from the cache
-- needs the articles only when some could still enter the next edition (published after its
-- window starts); with this date a "nothing new" send reads no stored article at all. Rows
-- written before it are NULL and read whole until their feed next answers 200.
ALTER TABLE feed_articles ADD COLUMN newest_published TIMESTAMP WITH TIME ZONE;
