-- KeyPackageRefs of every KeyPackage added to a meeting's group: one added again is not admitted
-- (docs/PROTOCOL.md, "Admission decisions", "seen"), after a restart too.
CREATE TABLE added_key_package (
  meeting_id  VARCHAR(64) NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
  ref         VARCHAR(128) NOT NULL,
  PRIMARY KEY (meeting_id, ref)
);
