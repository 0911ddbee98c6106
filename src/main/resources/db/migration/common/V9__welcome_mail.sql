-- One welcome mail per subscriber, ever: the row is made when a subscription is confirmed and
-- claimed by one node before the mail is handed to SMTP (the same rules as a delivery row).
CREATE TABLE welcome_mail (
  subscriber_id BIGINT        NOT NULL PRIMARY KEY REFERENCES subscriber (id),
  status        VARCHAR(20)   NOT NULL,
  message_id    VARCHAR(400)  NOT NULL,
  edition_id    BIGINT,
  attempts      INT           NOT NULL DEFAULT 0,
  last_error    VARCHAR(2000),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  claimed_at    TIMESTAMP WITH TIME ZONE,
  sent_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX welcome_mail_status ON welcome_mail (status);
