-- Conclave relay server schema. Portable between H2 and PostgreSQL.
-- Stores no meeting key and no plaintext: MLS messages kept here (GroupInfo, proposals) are public
-- handshake messages; tokens are kept only as SHA-256 hashes.

-- The server's own MLS external-sender signing key (RFC 9420 §12.1.8.1), one row.
CREATE TABLE server_key (
  id            INT PRIMARY KEY,
  cipher_suite  INT NOT NULL,
  private_key   BYTEA NOT NULL,
  public_key    BYTEA NOT NULL,
  credential    BYTEA NOT NULL,
  created_at    BIGINT NOT NULL
);

CREATE TABLE meeting (
  id               VARCHAR(64) PRIMARY KEY,
  host_token_hash  BYTEA NOT NULL,
  created_at       BIGINT NOT NULL,
  closed_at        BIGINT,
  -- Delivery-service state: -1 until the group is registered.
  epoch            BIGINT NOT NULL,
  group_info       BYTEA
);

-- Participants of a meeting: roster (leaf, when a member) and connection metadata.
CREATE TABLE participant (
  meeting_id         VARCHAR(64) NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
  participant_id     VARCHAR(64) NOT NULL,
  resume_token_hash  BYTEA NOT NULL,
  leaf               BIGINT,
  joined_at          BIGINT NOT NULL,
  last_seen_at       BIGINT NOT NULL,
  connected          BOOLEAN NOT NULL,
  left_at            BIGINT,
  PRIMARY KEY (meeting_id, participant_id)
);

-- Proposals of the current epoch, from members or from the server itself.
CREATE TABLE pending_proposal (
  meeting_id  VARCHAR(64) NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
  epoch       BIGINT NOT NULL,
  seq         INT NOT NULL,
  sender      VARCHAR(64) NOT NULL,
  message     BYTEA NOT NULL,
  PRIMARY KEY (meeting_id, epoch, seq)
);
