-- JMA 防災情報XML (issue 14): every message received (Atom feed, file import, relay POST) is kept once, with what this
-- system read from it for Minato. Only JMA issues 警報; these rows are JMA's messages, never the ward's own.
--
-- jma.messages  one row per distinct message (sha256 of its bytes; the Atom entry id when it came from a feed), the raw
--               XML as received, its status (stored = parsed; rejected = malformed, unknown or oversized, with reason),
--               and the parsed summary: product key, Control/Status (通常/訓練/試験), report time, and the items for
--               Minato (warnings, earthquake intensities, tsunami) as JSON.
-- jma.feeds     the conditional-GET state of each Atom feed (ETag, Last-Modified), so a restart asks with it.

CREATE SCHEMA IF NOT EXISTS jma;

CREATE TABLE jma.messages (
    id              bigserial PRIMARY KEY,
    sha256          text NOT NULL UNIQUE,
    entry_id        text UNIQUE,                         -- the Atom entry id (feed) or null (import, relay)
    source          text NOT NULL CHECK (source IN ('feed', 'import', 'relay', 'demo')),
    received_at     timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('stored', 'rejected')),
    reason          text,                                -- why it was rejected (null when stored)
    title           text,                                -- Control/Title, e.g. 気象警報・注意報（Ｈ２７）
    head_title      text,                                -- Head/Title, e.g. 東京都気象警報・注意報
    product         text,                                -- the product key: the latest message per key is in force
    control_status  text,                                -- 通常, 訓練 or 試験
    info_type       text,                                -- 発表, 訂正, 取消 …
    report_time     timestamptz,                         -- Head/ReportDateTime
    valid_until     timestamptz,                         -- end of validity where the product has one (竜巻注意情報 …)
    event_id        text,
    headline        text,
    concerns_minato boolean NOT NULL DEFAULT false,      -- the message names Minato (its city, region, area or river)
    minato          jsonb,                               -- what it says for Minato (JmaReading)
    raw_xml         bytea NOT NULL                       -- as received (capped in size; larger ones are rejected)
);
CREATE INDEX messages_product_idx ON jma.messages (product, report_time DESC) WHERE status = 'stored' AND concerns_minato;
CREATE INDEX messages_received_idx ON jma.messages (received_at DESC);

CREATE TABLE jma.feeds (
    url             text PRIMARY KEY,
    etag            text,
    last_modified   text,
    checked_at      timestamptz NOT NULL
);
