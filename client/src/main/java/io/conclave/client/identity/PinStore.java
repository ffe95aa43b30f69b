package io.conclave.client.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Participants' signature keys pinned on first sight (trust on first use): the first key seen for
 * a name is remembered; a later different key for that name is reported, never silently accepted
 * or replaced. File format (mode 0600), one pin a line:
 * {@code base64url(UTF-8 name) SP base64(signature public key)}. Thread-safe.
 */
public final class PinStore {
  private final Optional<Path> file;
  private final Map<String, byte[]> pins = new LinkedHashMap<>();

  private PinStore(Optional<Path> file) {
    this.file = file;
  }

  /** A store kept only in memory. */
  public static PinStore inMemory() {
    return new PinStore(Optional.empty());
  }

  /** Loads {@code file} if it exists; new pins are written back to it. */
  public static PinStore open(Path file) throws IOException {
    PinStore store = new PinStore(Optional.of(file));
    if (Files.exists(file)) {
      String text = new String(PrivateFiles.read(file), StandardCharsets.UTF_8);
      for (String line : text.lines().toList()) {
        String[] parts = line.split(" ");
        if (parts.length != 2) {
          throw new IOException(file + ": malformed pin line");
        }
        try {
          store.pins.put(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8),
              Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": malformed pin line", e);
        }
      }
    }
    return store;
  }

  /** What {@link #check} found. */
  public enum Result {
    /** Never seen: pinned now. */
    NEW,
    /** The pinned key. */
    MATCH,
    /** Another key than the pinned one: warn the user. The pin is kept. */
    CHANGED
  }

  /** Compares {@code signatureKey} with the pin for {@code name}, pinning it if there is none. */
  public synchronized Result check(String name, byte[] signatureKey) {
    byte[] pinned = pins.get(name);
    if (pinned == null) {
      pins.put(name, signatureKey.clone());
      save();
      return Result.NEW;
    }
    return MessageDigest.isEqual(pinned, signatureKey) ? Result.MATCH : Result.CHANGED;
  }

  /** The key pinned for {@code name}. */
  public synchronized Optional<Fingerprint> pinned(String name) {
    return Optional.ofNullable(pins.get(name)).map(Fingerprint::of);
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    pins.forEach((name, key) -> text.append(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(name.getBytes(StandardCharsets.UTF_8)))
        .append(' ').append(Base64.getEncoder().encodeToString(key)).append('\n'));
    try {
      PrivateFiles.write(file.get(), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pin store " + file.get(), e);
    }
  }
}
