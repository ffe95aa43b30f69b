-- Whether the relay judged a member's leaf admitted when it was added (docs/PROTOCOL.md, "Commits"):
-- by a valid invite proof, by a host's commit, or as the group's creator. Only hosts may remove an
-- admitted member by value. Rows from before this column count as admitted.
ALTER TABLE participant ADD COLUMN admitted BOOLEAN DEFAULT TRUE NOT NULL;
