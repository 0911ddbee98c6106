-- An item is seen per cadence (V14): the key becomes (cadence, item_key).
ALTER TABLE seen_item DROP CONSTRAINT seen_item_pkey;
ALTER TABLE seen_item ADD PRIMARY KEY (cadence, item_key);
