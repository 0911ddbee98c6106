-- Replies of a language model (condense.mode: llm), by SHA-256 of prompt version, model and the
-- messages sent: an article condensed once is never sent again, by any run or node. Only replies
-- in the requested shape are stored; a failure is never cached.
CREATE TABLE condense_cache (
  cache_key     VARCHAR(64)     PRIMARY KEY,
  model         VARCHAR(500)    NOT NULL,
  -- JSON arrays of strings, as the model wrote them (cleaned)
  quick_summary VARCHAR(100000) NOT NULL,
  takeaways     VARCHAR(100000) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
