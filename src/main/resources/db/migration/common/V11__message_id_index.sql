-- A returned message names its delivery by the Message-ID digest sent it with (when its VERP token
-- was lost on the way: a relay that rewrites the envelope, an ARF report of the original headers).
-- Without these indexes every such message scans the whole delivery table: 10,000 DSNs against a
-- 100,000-row edition read a billion rows.
CREATE INDEX delivery_message_id ON delivery (message_id);
CREATE INDEX welcome_mail_message_id ON welcome_mail (message_id);
