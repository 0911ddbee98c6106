-- An item is seen per cadence (V14): the key becomes (cadence, item_key).
ALTER TABLE seen_item DROP PRIMARY KEY;
ALTER TABLE seen_item ADD PRIMARY KEY (cadence, item_key);
