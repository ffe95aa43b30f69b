package io.conclave.client.identity;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files only their owner may read (POSIX 0600), written atomically so a crash leaves the old one. */
final class PrivateFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  static void write(Path file, byte[] content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = posix(dir)
        ? Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, ".tmp-", "");
    try {
      Files.write(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads {@code file}, refusing it if group or others may access it: a key file someone else can
   * read is no longer this device's secret.
   */
  static byte[] read(Path file) throws IOException {
    if (posix(file.toAbsolutePath().getParent())) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new IOException(file + " is accessible to others (" + PosixFilePermissions.toString(perms)
            + "); expected rw-------");
      }
    }
    return Files.readAllBytes(file);
  }

  private static boolean posix(Path dir) {
    return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
  }
}
